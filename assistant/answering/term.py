"""A term a question asks to have defined, and whether the guidance names it at all.

"What is speed mentoring?" asks what one named thing is. Guidance that never names the term
cannot say what it is, however close its passages come in meaning: the definition of
mentoring is the nearest passage, but it does not answer. So such a question is answered only
when the retrieved passages hold the term's words close together (``TERM_SPAN``); otherwise the
guidance does not cover it (``Assistant.stream``). Words are compared by stem (Turkish letters
folded by ``tokens.stems``: "gorusmesi"), with one slip of spelling forgiven ("agrement").
"""

from __future__ import annotations

import difflib
import re

from assistant.language import en, tr
from assistant.language.sentences import clean_markdown, units
from assistant.language.tokens import stems
from assistant.retrieval.passages import Passage

_RATINGS = {"en": frozenset(en.TERM_RATINGS), "tr": frozenset(tr.TERM_RATINGS)}
_QUESTIONS = {
    "en": tuple(re.compile(p, re.IGNORECASE) for p in en.TERM_QUESTIONS),
    "tr": tuple(re.compile(p, re.IGNORECASE) for p in tr.TERM_QUESTIONS),
}
_COMPARISONS = {
    "en": tuple(re.compile(p, re.IGNORECASE) for p in en.COMPARISON_QUESTIONS),
    "tr": tuple(re.compile(p, re.IGNORECASE) for p in tr.COMPARISON_QUESTIONS),
}
_ARTICLES = frozenset({"a", "an", "the"})
_PROFORMS = {"en": frozenset(en.COMPARISON_PROFORMS), "tr": frozenset(tr.COMPARISON_PROFORMS)}
# the term's words count as named together when they all fall within a run of this many more
# content words than the term has ("mentoring agreement" in "agreement for mentoring", not
# "mentor" and "circle" in "the mentor helps the mentee widen their professional circle")
TERM_SPAN = 2
# a stem this long or longer matches one within this similarity (difflib ratio): a typo
FUZZY_LENGTH, FUZZY_RATIO = 5, 0.8


def asked_term(question: str, language: str) -> str | None:
    """The term ``question`` asks to have defined ("speed mentoring"), without words that rate
    it ("the ideal length" -> "length"), or None."""
    ratings = _RATINGS.get(language, _RATINGS["en"])
    for pattern in _QUESTIONS.get(language, _QUESTIONS["en"]):
        m = pattern.match(question.strip())
        if m:
            term = " ".join(w for w in m.group("term").split() if w.lower() not in ratings)
            return term if stems(term, language) else None
    return None


def asked_terms(question: str, language: str) -> list[str]:
    """The terms a question needs the guidance to name: the one it asks to have defined
    (``asked_term``), or the two things it compares ("the difference between a mentor and a
    sponsor" -> "a mentor", "a sponsor"), or none."""
    term = asked_term(question, language)
    if term:
        return [term]
    for pattern in _COMPARISONS.get(language, _COMPARISONS["en"]):
        m = pattern.search(question)
        if m:
            sides = (_side(m.group(g), language) for g in ("term", "other"))
            return [side for side in sides if side]
    return []


def _side(text: str, language: str) -> str | None:
    """One side of a comparison as a term: from its first content word (an article before it
    kept) to the last before a function word or a dash ("a sponsor who actively ..." -> "a
    sponsor"; "mentoring - whats" -> "mentoring"), or None without a content word."""
    words = text.split()
    content = [bool(stems(w, language)) for w in words]
    if True not in content:
        return None
    first = content.index(True)
    start = first - 1 if first and words[first - 1].lower() in _ARTICLES else first
    end = next((i for i in range(first + 1, len(words)) if not content[i]), len(words))
    end = next((i for i in range(start, end) if not re.search(r"\w", words[i])), end)
    if words[end - 1].lower() in _PROFORMS.get(language, frozenset()):
        return None  # "a vague one" stands for the other side's noun
    return " ".join(words[start:end])


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= FUZZY_LENGTH and difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_RATIO


def term_named(term: str, passages: list[Passage], language: str) -> bool:
    """Whether a sentence (or title and heading) of ``passages`` holds every word of ``term``
    within ``TERM_SPAN`` more words than the term has."""
    wanted = list(dict.fromkeys(stems(term, language)))
    width = len(wanted) + TERM_SPAN
    for p in passages:
        lang = p.language or language
        for text in (f"{p.title}. {p.heading}", *units(p.text)):
            found = stems(clean_markdown(text), lang)
            for start in range(len(found)):
                window = found[start : start + width]
                if all(any(_same(w, f) for f in window) for w in wanted):
                    return True
    return False
