"""A passage read as an answer is built from it: prose sentences and lists (intro and items).

``PassageStructure.read`` splits a retrieved passage into sentence units in reading order and
groups list items under their intro, so the composer can quote a sentence with its neighbours
or a list whole. It does not score anything (see ``scoring``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.language import en, tr
from assistant.language.sentences import (
    ANAPHORA,
    clean_markdown,
    is_list_item,
    list_item_units,
    sample_units,
    split_sentences,
    units,
)
from assistant.retrieval.passages import Passage

_SECOND_WORD_POINTS_BACK = re.compile(
    rf"^(?!(?:{'|'.join(en.QUESTION_OPENERS)})\b)[A-Za-z]+\s+(?:{'|'.join(en.SECOND_WORD_ANAPHORA)})\b"
    rf"|^(?:{'|'.join(en.PREPOSITIONS)})\s+that\b",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    rf"^(?:{'|'.join(en.CONNECTIVES)}),|^[^.;:]{{0,60}},\s*(?:{'|'.join(en.CONNECTIVES)})\s*,", re.IGNORECASE
)
_SEQUENCE_OPENER = re.compile(rf"^(?:{'|'.join(en.SEQUENCE_CONNECTIVES)}|also),\s*", re.IGNORECASE)
_REFERS_BACK = re.compile(f"{en.REFERRING_PHRASES}|{tr.REFERRING_PHRASES}", re.IGNORECASE)
_ELLIPSIS = re.compile(en.ELLIPSIS_ENDING, re.IGNORECASE)
_COMPARES_BACK = re.compile(rf"^(?:{'|'.join(en.COMPARATIVE_OPENERS)})\b", re.IGNORECASE)
_POINTER = re.compile(
    r"\b(sections?|chapters?|table|steps?|list|pages?)\s+(below|above)\b|\b(the following|aşağıdaki)\b", re.I
)


# an intro or a question about what not to do ("A mentor is not expected to:", "What should I avoid?")
_NEGATED = re.compile(
    r"\b(?:(?:not|never)\s+(?:expected|supposed|required|obliged|allowed|to|do|be)|(?:should|must|do|does|can)"
    r"\s*n[o']t|shouldn't|mustn't|don't|avoid\w*|mistakes|pitfalls|kaçın\w*|yapmayın|hatalar\w*)\b"
    r"|\w+m[ae]mal[ıi]\w*|\w+m[ae]m[ae]s[ıi] gereken",
    re.IGNORECASE,
)


# a yes/no question ("Am I expected to find my mentee a job?", "Mentorum yöneticim olabilir mi?"):
# its answer may be a "no", which a list of things not to do holds
_YES_NO = re.compile(
    r"(?:^|[:;,.?!]\s*)(?:am|is|are|was|were|do|does|did|can|could|should|must|will|would|may|might|"
    r"have|has|shall)\b|\bm[iıuü](?:y[iıuü]m|s[iıuü]n|y[iıuü]z|s[iıuü]n[iıuü]z|d[iıuü]r)?\b",
    re.IGNORECASE,
)


# a question that itself negates ("What is and isn't part of my job?", "Neler mentorun işi değil?")
_NOT = re.compile(r"n't\b|\b(?:not|never|değil\w*)\b", re.IGNORECASE)


def asks_about_not(question: str) -> bool:
    """Whether a list of things not to do may answer ``question``: it asks about them, asks
    yes or no (the answer may be "no"), or negates something itself."""
    return negated(question) or yes_no(question) or bool(_NOT.search(question))


def yes_no(question: str) -> bool:
    """Whether ``question`` asks yes or no rather than what, how or why."""
    return bool(_YES_NO.search(question.strip()))


def negated(text: str) -> bool:
    """Whether a list's intro (or a question) is about things not to do."""
    return bool(_NEGATED.search(text))


@dataclass
class ListBlock:
    """A list of a passage: its intro ('' when none) and its items, each as its sentence units."""

    intro: str
    items: list[list[str]]
    opens_passage: bool = False  # its intro is in the chunk before (a cut list's second half)

    @property
    def negated(self) -> bool:
        return negated(self.intro)

    @property
    def text(self) -> str:
        """The list as one text (for scoring it as a whole)."""
        return " ".join([self.intro, *("; ".join(i) for i in self.items)]).strip()


@dataclass
class Unit:
    """A sentence of a passage: its place, and the list and item it belongs to (None for prose)."""

    text: str
    position: int
    list_no: int | None = None
    item_no: int | None = None
    sample: bool = False  # a sentence of a quoted sample message, not guidance

    @property
    def leans_back(self) -> bool:
        """Whether it opens with a word that points at the sentence before ('This', 'It', 'Also'),
        or has one as its second word ('Keep it accurate', 'In those cases', 'In that session'), or
        answers, continues or compares with it ('However, ...', 'A weak relationship, by contrast,
        ...', 'First, ...', 'A better approach is ...'), or refers to it ('handle such a
        situation', 'this kind of comment'), or leaves out its verb ('Your peer mentor is not.')."""
        text = clean_markdown(self.text)
        return bool(
            ANAPHORA.match(text)
            or _SECOND_WORD_POINTS_BACK.match(text)
            or _CONNECTIVE.match(text)
            or _COMPARES_BACK.match(text)
            or _REFERS_BACK.search(text)
            or _ELLIPSIS.search(text)
            or text.lower().startswith(("also ", "ayrıca "))
        )

    def unsequenced(self) -> str | None:
        """The sentence without an opening word that only places it in a sequence ("Second, each
        pair meets regularly" -> "Each pair meets regularly"), when what is left stands alone;
        else None."""
        m = _SEQUENCE_OPENER.match(self.text)
        if not m or not self.text[m.end() :].strip():
            return None
        rest = Unit(self.text[m.end() :], self.position, self.list_no, self.item_no, self.sample)
        if rest.leans_back:
            return None
        return rest.text[0].upper() + rest.text[1:]

    @property
    def points_elsewhere(self) -> bool:
        """Whether it only points at another part of its document ("The sections below describe
        ..."), which means nothing once quoted alone."""
        return bool(_POINTER.search(self.text))


@dataclass
class PassageStructure:
    n: int  # the passage's number in the request (its citation)
    passage: Passage
    units: list[Unit] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)

    @classmethod
    def read(cls, passage: Passage, n: int) -> PassageStructure:
        text = passage.text
        blocks = [ListBlock(intro, items) for intro, items in list_item_units(text)]
        if blocks and is_list_item(text.lstrip("\n").split("\n", 1)[0]) and not passage.whole_section:
            blocks[0].opens_passage = True  # (a whole section's first list has its heading as intro)
        samples = sample_units(text)
        member: dict[str, tuple[int, int]] = {}
        for b, block in enumerate(blocks):
            for i, item in enumerate(block.items):
                for sentence in item:
                    member.setdefault(sentence, (b, i))
        found = [
            Unit(
                text=u,
                position=j,
                list_no=member.get(u, (None, None))[0],
                item_no=member.get(u, (None, None))[1],
                sample=u in samples,
            )
            for j, u in enumerate(units(text))
        ]
        return cls(n=n, passage=passage, units=found, lists=blocks)

    def scored(self) -> list[tuple[tuple[str, int, int], str]]:
        """Every text the composer scores, keyed: the heading ("h"), each sentence ("u", by
        position) and each list as a whole ("l", by number). Ingest stores the multilingual
        vectors of these texts (``scored_texts``), so a question embeds only itself."""
        p = self.passage
        keyed = [(("h", self.n, 0), " › ".join(x for x in (p.title, p.heading) if x))]
        keyed += [(("u", self.n, u.position), u.text) for u in self.units]
        keyed += [(("l", self.n, b), block.text) for b, block in enumerate(self.lists)]
        return keyed

    def prose(self) -> list[Unit]:
        return [u for u in self.units if u.list_no is None]

    def list_of_intro(self, unit: Unit) -> int | None:
        """The list this prose sentence introduces (it is, or ends, the list's intro)."""
        for b, block in enumerate(self.lists):
            if block.intro and unit.text in split_sentences(block.intro):
                return b
        return None

    def before(self, unit: Unit) -> Unit | None:
        at = self.units.index(unit)
        return self.units[at - 1] if at > 0 else None


def scored_texts(passages: list[Passage]) -> list[str]:
    """The texts the composer scores when it reads ``passages`` (each once, in order), and each
    sentence without its Markdown, as the scope check and the grounding check read it."""
    out: dict[str, None] = {}
    for p in passages:
        if p.text.strip():
            structure = PassageStructure.read(p, 0)
            out.update((text, None) for _, text in structure.scored())
            out.update((clean_markdown(u.text), None) for u in structure.units)
    return list(out)
