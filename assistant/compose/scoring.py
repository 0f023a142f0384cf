"""How well the parts of a passage answer a question, and whether they fit the asker's role.

``Scores`` holds the rescaled relevance of every sentence and every whole list of the candidate
passages; ``role_misfit`` says whether a passage (its section heading or its document's
audience) is written for another role than the asker's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answering.followup import latest_part
from assistant.compose.encoder import Encoder
from assistant.compose.structure import PassageStructure, Unit, asks_about_not
from assistant.language import en, tr
from assistant.language.roles import ROLE_WORDS
from assistant.language.sentences import clean_markdown, split_sentences
from assistant.language.tokens import overlap, stems
from assistant.settings import ROLES


def roles_named(text: str) -> set[str]:
    """The roles a text names ("The mentor's preparation" -> {"mentor"})."""
    return {r for r, p in ROLE_WORDS.items() if re.search(rf"\b({p})\b", text, re.IGNORECASE)}


_POSSESSED = re.compile(
    r"\b(?:" + "|".join((*en.POSSESSED_ROLE_WORDS, *tr.POSSESSED_ROLE_WORDS)) + r")\b", re.IGNORECASE
)


_OBJECT = re.compile(
    r"\b(?:" + "|".join((*en.OBJECT_ROLE_WORDS, *tr.OBJECT_ROLE_WORDS)) + r")\b", re.IGNORECASE
)


def wanted_roles(role: str | None, question: str) -> set[str]:
    """The roles an answer may be about: the asker's and any the question names ("what does my
    mentor prepare?" from a mentee wants the mentor's part). Empty when no role is known."""
    named = roles_named(question)
    return ({role} | named) if role else named


def answer_roles(role: str | None, question: str) -> set[str]:
    """``wanted_roles``, less a role the question names only as the asker's counterpart: in the
    scene it sets ("My mentee cried during our session. What should I do?" from a mentor wants
    the mentor's part, not the mentee's), or as the object of a preposition ("What if I don't get
    along with my mentor?" from a mentee)."""
    wanted = wanted_roles(role, question)
    if not role:
        return wanted
    asked = asked_part(question) or question
    scene = question.replace(asked, " ")
    objects = " ".join(_OBJECT.findall(asked))
    counterparts = roles_named(" ".join(_POSSESSED.findall(scene)) + " " + objects)
    return wanted - (counterparts - roles_named(_OBJECT.sub(" ", asked)) - {role})


def role_misfit(heading: str, audience: list[str], wanted: set[str]) -> bool:
    """Whether a passage is written for another role: its section heading names roles and none of
    them is wanted, or its document is for an audience that includes none of them."""
    if not wanted:
        return False
    named = roles_named(heading)
    if named and not named & wanted:
        return True
    readers = {a for a in audience if a in ROLES}
    return bool(readers) and readers != set(ROLES) and not readers & wanted


# a heading that addresses the reader ("Your role", "Not your role"): the reader is whom the
# document's title names ("Launchpad Mentor Onboarding")
_ADDRESSES_READER = re.compile(
    r"^(?:not\s+)?your\b|^(?:rolünüz|sorumluluklarınız|görevleriniz)\b", re.IGNORECASE
)


def passage_misfit(passage, wanted: set[str]) -> bool:
    """``role_misfit`` of a passage, its heading read with its document's title when the heading
    addresses the reader: "Your role" in a mentor onboarding deck is written for mentors."""
    heading = passage.heading
    if _ADDRESSES_READER.match(heading.split(" › ")[-1].strip()):
        heading = f"{passage.title} › {heading}"
    return role_misfit(heading, passage.audience, wanted)


def asked_part(question: str) -> str | None:
    """The sentences of a question that ask, when it also holds sentences that only set the
    scene ("My mentor works abroad. What should I check before a call?" -> the second),
    else None. Users describe their situation first; the whole text's vector leans to it. A
    follow-up joined to the question it follows (``followup.condense_offline``) asks its own
    words."""
    latest = latest_part(question)
    if latest:
        return latest
    parts = split_sentences(question.strip())
    asks = [p for p in parts if p.rstrip().endswith("?")]
    return " ".join(asks) if asks and len(asks) < len(parts) else None


_SAMPLE_REQUEST = re.compile("|".join((*en.SAMPLE_REQUESTS, *tr.SAMPLE_REQUESTS)), re.IGNORECASE)


def asks_for_sample(question: str) -> bool:
    """Whether a question asks for an example or for the words to use, which a quoted sample
    message ("> Hi Sam, thanks again ...") gives; otherwise a sample's sentence answers nothing."""
    return bool(_SAMPLE_REQUEST.search(question))


def first_role(text: str) -> str | None:
    """The role a sentence names first (usually its subject)."""
    found = [
        (m.start(), r) for r, p in ROLE_WORDS.items() for m in [re.search(rf"\b({p})\b", text, re.I)] if m
    ]
    return min(found)[1] if found else None


_DEFINITION = {"en": re.compile(en.DEFINITION, re.IGNORECASE), "tr": re.compile(tr.DEFINITION)}
_DEFINITION_QUESTION = re.compile(
    "|".join((*en.DEFINITION_QUESTIONS, *tr.DEFINITION_QUESTIONS)), re.IGNORECASE
)


def asks_definition(question: str) -> bool:
    """Whether ``question`` asks what something is or means ("What is speed mentoring?")."""
    return bool(_DEFINITION_QUESTION.search(question.strip()))


@dataclass
class Scores:
    """Rescaled relevance of each sentence (by passage number and position), each whole list and
    each passage's title and heading."""

    units: dict[tuple[int, int], float]
    lists: dict[tuple[int, int], float]
    headings: dict[int, float]
    vectors: dict[tuple[int, int], np.ndarray]
    asks_negated: bool = False  # a list of things not to do may answer (``asks_about_not``)
    asks_sample: bool = False  # a quoted sample message may answer (``asks_for_sample``)
    opposed: frozenset[int] = frozenset()  # passages headed with the opposite of what is asked

    def mark_opposed(self, structures: list[PassageStructure], question: str) -> None:
        """Mark each passage whose section heading names the opposite of what the question asks
        about and not that itself (``en.OPPOSITE_STEMS``): "What to Do With Feedback You Receive"
        for "How do I give feedback?"."""
        # per language: the opposites the question names one side of, as (named, opposite)
        sides: dict[str, list[tuple[str, str]]] = {}
        out = set()
        for s in structures:
            lang = s.passage.language or "en"
            if lang not in sides:
                asked = set(stems(question, lang))
                pairs = (tr if lang == "tr" else en).OPPOSITE_STEMS
                both_ways = (*pairs, *((b, a) for a, b in pairs))
                sides[lang] = [(a, b) for a, b in both_ways if a in asked and b not in asked]
            heading = set(stems(s.passage.heading.split(" › ")[-1], lang))
            if any(b in heading and a not in heading for a, b in sides[lang]):
                out.add(s.n)
        self.opposed = frozenset(out)

    @classmethod
    def of(
        cls, encoder: Encoder, question: str, structures: list[PassageStructure], asked_weight: float = 0.0
    ) -> Scores:
        """Relevance to ``question``; with ``asked_weight``, a blend of the relevance to the whole
        question and to its asked part (``asked_part``), when it has one."""
        keyed = [pair for s in structures for pair in s.scored()]
        keys, texts = [k for k, _ in keyed], [t for _, t in keyed]
        vectors = encoder.passages(texts)
        scores = np.asarray(encoder.rescale(vectors @ encoder.query(question)), dtype=float)
        asked = asked_part(question) if asked_weight else None
        if asked:
            to_asked = np.asarray(encoder.rescale(vectors @ encoder.query(asked)), dtype=float)
            scores = (1 - asked_weight) * scores + asked_weight * to_asked
        out = cls(
            {}, {}, {}, {}, asks_negated=asks_about_not(question), asks_sample=asks_for_sample(question)
        )
        for (kind, n, j), score, vector in zip(keys, scores, vectors, strict=True):
            if kind == "h":
                out.headings[n] = float(score)
            elif kind == "l":
                out.lists[(n, j)] = float(score)
            else:
                out.units[(n, j)] = float(score)
                out.vectors[(n, j)] = vector
        return out

    def favour_subject(self, structures: list[PassageStructure], role: str | None, bonus: float) -> None:
        """Add ``bonus`` to each sentence whose first named role is the asker's."""
        if not role or not bonus:
            return
        for s in structures:
            for u in s.units:
                if first_role(u.text) == role:
                    self.units[(s.n, u.position)] += bonus

    def add_overlap(
        self, structures: list[PassageStructure], question: str, weights: dict[str, float], weight: float
    ) -> None:
        """Add ``weight`` times the (IDF-weighted) share of the question's stems found in each
        sentence read with its heading and list intro, and in each list with its heading."""
        if not weight:
            return
        for s in structures:
            lang = s.passage.language or "en"
            asked = set(stems(question, lang)) | set(stems(question, "en"))
            heading = f"{s.passage.title} {s.passage.heading}"
            for u in s.units:
                intro = s.lists[u.list_no].intro if u.list_no is not None else ""
                found = set(stems(f"{heading} {intro} {u.text}", lang))
                self.units[(s.n, u.position)] += weight * overlap(asked, found, weights)
            for b, block in enumerate(s.lists):
                found = set(stems(f"{heading} {block.text}", lang))
                self.lists[(s.n, b)] += weight * overlap(asked, found, weights)

    def demote_definitions(self, structures: list[PassageStructure], question: str, penalty: float) -> None:
        """Take ``penalty`` from each sentence saying what a term the question names is ("A
        mentoring agreement is a short written document ..." for "What should our mentoring
        agreement include?") unless the question asks what something is or means. A sentence
        about something else ("Sixty minutes is a practical default", "This is a firm rule") is
        no definition of the question's term."""
        if not penalty or asks_definition(question):
            return
        for s in structures:
            lang = s.passage.language or "en"
            pattern = _DEFINITION.get(lang, _DEFINITION["en"])
            asked = set(stems(question, lang))
            for u in s.units:
                found = pattern.match(clean_markdown(u.text))
                term = set(stems(found.group("term"), lang)) if found else set()
                if term and term <= asked:
                    self.units[(s.n, u.position)] -= penalty

    def unit(self, structure: PassageStructure, unit: Unit) -> float:
        return self.units.get((structure.n, unit.position), 0.0)

    def best_unit(self, structure: PassageStructure) -> float:
        return max((self.unit(structure, u) for u in structure.units), default=0.0)
