"""Lines for the workflows (agenda items, checklists, role guides), drawn from the same
selection as answers.

``pick_lines`` chooses the answering part of the passages exactly as an answer does
(``selection.choose``): when it is a list, its items are the lines (a checklist stays a
checklist); otherwise its lead sentences are. Further lines come from the other sentences that
score within ``point_margin`` of that part and above ``point_floor``, so a line belongs to the
query it was asked for. No line is shorter than ``min_line_words``, none is an anecdote told in
the first person (``is_anecdote``), and every line must be of the requested kind:

- ``question``: a question to raise ("How do you prefer to be contacted?");
- ``action``: an item of a list that tells the reader to do something, to tick off ("Write a
  brief update"), never a statement about it, nor an item of a list of things not to do;
- ``avoid``: something not to do: an item of a list whose intro negates ("A mentor is not
  expected to: ... Act as a line manager"), or a sentence opening with "Do not", "Never", "Avoid";
- ``statement``: anything but a question, an item of a list of things not to do, or an item
  that only goes on with its intro's sentence (written in lower case);
- ``duty``: what the role the lines are for does or must do ("A mentor guides ...", "The mentee
  should ...", "A mentee's first responsibility is ..."), or an ``action``; never a statement
  about the role ("The exact role of a mentor varies ...") nor a hedge ("A mentor may ...");
- ``any``: no constraint.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from assistant.compose.config import ComposerConfig
from assistant.compose.scoring import Scores, passage_misfit, roles_named
from assistant.compose.selection import Quote, choose
from assistant.compose.structure import ListBlock, PassageStructure
from assistant.language import en, tr
from assistant.language.sentences import clean_markdown

KINDS = ("any", "question", "statement", "action", "avoid", "duty")


@functools.cache
def _openers() -> dict[str, frozenset[str]]:
    """The word lists of ``data/openers-en.txt`` by name."""
    text = resources.files("assistant").joinpath("data/openers-en.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, words = line.split(":", 1)
            out[name.strip()] = frozenset(words.split())
    return out


_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ship", "ance", "ence")
# Turkish instructions end with an imperative or infinitive verb ("gönderin", "gözden geçirmek")
_TR_ACTION = re.compile(r"(?:[iıuü]n|[iıuü]n[iıuü]z|mek|mak|meli|malı|mel[iı]s[iı]n[iı]z)\W*$", re.IGNORECASE)


def is_action(text: str, language: str = "en") -> bool:
    """Whether a sentence (or a list item's bold label) tells the reader to do something: it opens
    with an imperative verb (English) or ends with an imperative or infinitive (Turkish)."""
    text = clean_markdown(text).strip()
    if not text or text.endswith("?"):
        return False
    if language == "tr":
        first_clause = re.split(r"[.;:]\s", text, maxsplit=1)[0]
        return bool(_TR_ACTION.search(first_clause))
    words = re.findall(r"[A-Za-z']+", text.lower())[:2]
    if not words:
        return False
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    words_of = _openers()
    if (
        first in words_of["not_imperative"]
        or first.endswith(_NOUN_ENDINGS)
        or second in words_of["subject_verbs"]
    ):
        return False
    return not (first.endswith("s") and not first.endswith("ss"))  # "Mentors", "Sets"


@functools.cache
def _duty_patterns(role: str, language: str) -> tuple[re.Pattern[str], ...]:
    words = tr if language == "tr" else en
    word = words.DUTY_ROLE_WORDS.get(role)
    return tuple(re.compile(p.format(role=word), re.IGNORECASE) for p in words.DUTY_PATTERNS) if word else ()


def is_duty(text: str, roles: set[str], language: str = "en") -> bool:
    """Whether a sentence says what one of ``roles`` does or must do (``language.en.DUTY_PATTERNS``)."""
    plain = clean_markdown(text).strip()
    return any(p.search(plain) for role in roles for p in _duty_patterns(role, language))


@functools.cache
def _duty_headings(role: str, language: str) -> tuple[tuple[re.Pattern[str], ...], ...]:
    words = tr if language == "tr" else en
    word = words.DUTY_ROLE_WORDS.get(role)
    if not word:
        return (), ()
    named = tuple(re.compile(p.format(role=word), re.IGNORECASE) for p in words.DUTY_HEADINGS)
    return named, tuple(re.compile(p, re.IGNORECASE) for p in words.OWN_DUTY_HEADINGS)


def is_duty_heading(heading: str, title: str, role: str, language: str = "en") -> bool:
    """Whether a section heading says the section lists ``role``'s duties ("Mentors", "Mentor
    responsibilities", ``language.en.DUTY_HEADINGS``), or says "Your role" in a document whose
    title names that role alone ("Launchpad Mentor Onboarding")."""
    leaf = re.sub(r"^\d+(?:\.\d+)*[.)]?\s+", "", heading.split(" › ")[-1].strip().rstrip(":").strip())
    named, own = _duty_headings(role, language)
    if any(p.match(leaf) for p in named):
        return True
    return roles_named(title) == {role} and any(p.match(leaf) for p in own)


_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")  # a quoted passage, closed
_ANECDOTE = {"en": re.compile(en.ANECDOTE, re.IGNORECASE), "tr": re.compile(tr.ANECDOTE)}


def is_anecdote(text: str, language: str = "en") -> bool:
    """Whether a sentence tells the writer's own story in the past ("Instead I tried a question
    from the onboarding slides, ..."): a blog post's anecdote, which no workflow should hand a
    reader as a line to act on. Questions ("Have I thanked my mentor?") are not anecdotes."""
    # read outside quotes, a quote left open at the end ('... "What would you ask?') included
    plain = re.sub(r"[\"“][^\"”]*$", "", _QUOTED.sub("", clean_markdown(text))).strip()
    if plain.endswith("?"):
        return False
    return bool(_ANECDOTE.get(language, _ANECDOTE["en"]).search(plain))


_PROHIBITION = re.compile(r"^(do not|don't|never|avoid)\b|(m[ae]y[iı]n|m[ae]mel[iı]|m[ae]mal[ıi])\W*$", re.I)


def fits(
    text: str,
    kind: str,
    language: str = "en",
    in_list: bool = False,
    negated_list: bool = False,
    roles: frozenset[str] = frozenset(),
) -> bool:
    """Whether a line (``in_list``: an item of a list, ``negated_list``: whose intro negates) is
    of ``kind``; ``roles`` are the roles the lines are for."""
    plain = clean_markdown(text).strip()
    if kind == "duty":
        duty = is_duty(plain, roles, language) or fits(plain, "action", language, in_list)
        return duty and not negated_list
    if kind == "avoid":
        return bool(_PROHIBITION.search(plain)) or (negated_list and is_action(plain, language))
    if kind == "action":
        return in_list and not negated_list and is_action(plain, language) and not _PROHIBITION.search(plain)
    if kind == "question":
        return text.rstrip().endswith("?")
    if kind == "statement":
        # a list item written in lower case goes on with its intro's sentence ("a mentee who owns
        # their development: looks for further resources ..."): alone it states nothing
        return not plain.endswith("?") and not negated_list and not (in_list and plain[:1].islower())
    return True


def pick_lines(
    structures: list[PassageStructure],
    scores: Scores,
    wanted: set[str],
    config: ComposerConfig,
    count: int,
    kind: str = "any",
    used: set[str] | None = None,
) -> list[Quote]:
    """Up to ``count`` lines of ``kind``: the answering part's first, then the sentences close to
    it; none from a passage written for another role, none in ``used`` (updated)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown line kind {kind!r}; choose one of {KINDS}")
    used = set() if used is None else used
    fitting = [s for s in structures if not passage_misfit(s.passage, wanted)]
    body, _ = choose(fitting, scores, wanted, config)
    if body is None:
        return []
    language = next(s.passage.language for s in fitting if s.n == body.n) or "en"

    def usable(text: str, block: ListBlock | None) -> bool:
        in_list, negative = block is not None, block is not None and block.negated
        return (
            len(clean_markdown(text).split()) >= config.min_line_words
            and not is_anecdote(text, language)
            and fits(text, kind, language, in_list, negative, frozenset(wanted))
        )

    first = [line for line in _body_lines(fitting, body, scores, count) if usable(line[1], line[2])]
    rest = sorted(
        (
            (scores.unit(s, u), s.n, u.text, _list_of(s, u.list_no))
            for s in fitting
            for u in s.units
            if not (u.leans_back or u.points_elsewhere) and s.list_of_intro(u) is None
        ),
        key=lambda c: -c[0],
    )
    rest = [c for c in rest if usable(c[2], c[3])]
    floor = max(config.point_floor, body.score - config.point_margin)
    out: list[Quote] = []
    close = [(n, text) for n, text, _ in first] + [(n, t) for score, n, t, _ in rest if score >= floor]
    for n, text in close:
        key = line_key(text)
        if key in used:
            continue
        used.add(key)
        out.append(Quote(n=n, text=text))
        if len(out) == count:
            break
    return out


def line_key(text: str) -> str:
    """A line as compared for repeats: its words, lower-cased, without Markdown."""
    return re.sub(r"\W+", " ", clean_markdown(text).lower()).strip()


def _list_of(s: PassageStructure, list_no: int | None) -> ListBlock | None:
    return None if list_no is None else s.lists[list_no]


def _body_lines(
    structures: list[PassageStructure], body, scores: Scores, count: int
) -> list[tuple[int, str, ListBlock | None]]:
    """The answering part as lines: a list's items (the best-scoring ``count`` of them, in the
    list's order), or the lead's sentences."""
    s = next(s for s in structures if s.n == body.n)
    if not body.items:
        lead = [
            u
            for q in body.lead
            for u in s.units
            if u.text == q.text and not (u.leans_back or u.points_elsewhere)
        ]
        return [(s.n, u.text, _list_of(s, u.list_no)) for u in lead]
    block = next((b for b in s.lists if b.intro == body.intro), None) if body.intro else None
    ranked = sorted(
        range(len(body.items)),
        key=lambda i: (
            -max((scores.unit(s, u) for u in s.units if u.text and u.text in body.items[i]), default=0.0)
        ),
    )
    keep = sorted(ranked[: max(count, 1)])
    return [(body.n, body.items[i], block or ListBlock("", [])) for i in keep]
