"""Duties: a question asking what a role is responsible for, and the lines that answer it.

"What are my responsibilities as a mentor?" asks for a whole list that no one passage holds:
guidance sets out a role's duties section by section ("Mentor Responsibilities": guiding
decisions, sharing knowledge, opening the network, ...), and the best single passage answers
only a part of it. Such a question (``duty_role``: what a role's responsibilities, duties, job
or role are, or what is expected of it, with no narrower topic) is answered with the role's
duties (``section_duties``, ``Composer.select``):

- from the sections whose heading, or whose document's title, says they set out that role's
  duties (``lines.is_duty_heading``: "Mentor Responsibilities", "Coordinator Programme Guide",
  "Mentees", "Your role" in a mentor onboarding deck), in document order: each section's first
  sentence saying what the role does or must do, or, when its prose has none and its own
  heading says so, its list of them whole;
- when no section is headed so, the sentences of the retrieved passages that say what the role
  does or must do (``lines.pick_lines``, kind "duty").

The role guide's "Responsibilities" lists the same lines (``workflows.roles``).
"""

from __future__ import annotations

import re

from assistant.compose.config import ComposerConfig
from assistant.compose.lines import fits, is_anecdote, is_duty_heading
from assistant.compose.scoring import asked_part
from assistant.compose.selection import Quote
from assistant.compose.structure import PassageStructure
from assistant.language import en, tr
from assistant.language.sentences import clean_markdown
from assistant.retrieval.passages import Passage

# per language: the patterns of a duty question, and of a topic named after what it asks for
_QUESTIONS = tuple(
    (
        tuple(re.compile(p, re.IGNORECASE) for p in lang.DUTY_QUESTIONS),
        re.compile(lang.DUTY_QUESTION_TOPIC, re.IGNORECASE),
    )
    for lang in (en, tr)
)
_HOLDERS = tuple(re.compile(p, re.IGNORECASE) for lang in (en, tr) for p in lang.DUTY_HOLDERS)
_ROLE_OF_WORD = {"mentor": "mentor", "mentee": "mentee", "menti": "mentee", "coordinator": "coordinator"}
_NOT = re.compile(r"n't\b|\b(?:not|never|değil\w*)\b", re.IGNORECASE)


def duty_role(question: str, role: str | None) -> str | None:
    """The role whose duties ``question`` asks for as a whole, or None when it asks something
    else: a yes/no question ("Am I expected to find my mentee a job?", which no pattern
    matches), one that negates ("What is and isn't part of my job?") or one narrowed to a topic
    after what it asks for ("What is my role in the first session?"). The role is the one the
    asked part names as holding the duties (``_holder``), else the asker's."""
    asked = (asked_part(question) or question).strip()
    if _NOT.search(asked):
        return None
    for patterns, topic in _QUESTIONS:
        for m in filter(None, (p.search(asked) for p in patterns)):
            if not topic.search(asked, m.end()):  # the topic is named after what is asked for
                return _holder(asked) or role
    return None


def _holder(asked: str) -> str | None:
    """The role whose duties ``asked`` names ("as a mentor", "the coordinator's duties",
    "mentorumun görevleri"), if any: "my duties" are the asker's, and "my mentee" in
    "What are my responsibilities towards my mentee?" is not whose they are."""
    for p in _HOLDERS:
        m = p.search(asked)
        if m:
            word = m.group("role").lower()
            return "coordinator" if word.startswith("koordinat") else _ROLE_OF_WORD.get(word)
    return None


def is_duty_passage(passage: Passage, role: str) -> bool:
    """Whether a passage's section, or its whole document, sets out ``role``'s duties."""
    language = passage.language or "en"
    return is_duty_heading(passage.heading, passage.title, role, language) or is_duty_heading(
        passage.title, passage.title, role, language
    )


def section_duties(
    structures: list[PassageStructure], role: str, config: ComposerConfig, count: int
) -> list[Quote]:
    """The lines of the duty sections among ``structures``, one per section in document order
    (a section's list whole), until there are ``count``."""
    sections = [s for s in structures if is_duty_passage(s.passage, role)]
    first = {}
    for i, s in enumerate(sections):
        first.setdefault(s.passage.source, i)
    sections.sort(key=lambda s: (first[s.passage.source], s.passage.position))
    out: list[Quote] = []
    for s in sections:
        if len(out) >= count:
            break
        language = s.passage.language or "en"
        out += [Quote(n=s.n, text=t) for t in _section_duties(s, role, language, config)]
    return out


def _section_duties(s: PassageStructure, role: str, language: str, config: ComposerConfig) -> list[str]:
    """A duty section's line: its first standalone prose sentence saying what ``role`` does or
    must do; else, when its own heading says it sets out the duties, the items of its first
    list that are not things not to do, nor questions."""

    def usable(text: str) -> bool:
        return len(clean_markdown(text).split()) >= config.min_line_words and not is_anecdote(text, language)

    roles = frozenset({role})
    for u in s.prose():
        if s.list_of_intro(u) is not None or u.leans_back or u.points_elsewhere or u.sample:
            continue
        if usable(u.text) and fits(u.text, "duty", language, roles=roles):
            return [u.text]
    p = s.passage
    if not is_duty_heading(p.heading, p.title, role, language):
        return []  # a section of a document on the role's duties, on one topic: not a list of them
    for block in s.lists:
        items = [" ".join(item) for item in block.items]
        if block.negated or not items or not all(fits(i, "statement", language, True) for i in items):
            continue
        return [i for i in items if usable(i)][: config.max_list_items]
    return []


def duty_sections(retriever, role: str) -> list[Passage]:
    """The first chunk of each section of the index that sets out ``role``'s duties
    (``is_duty_passage``); ``retriever`` is a ``HybridRetriever``."""
    return retriever.sections_where(lambda p: is_duty_passage(p, role))
