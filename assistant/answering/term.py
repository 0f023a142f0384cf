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
