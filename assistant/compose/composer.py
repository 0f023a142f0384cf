"""The offline generator: answer-first, extractive, cited answers (no LLM, no network).

``Composer.compose`` reads the retrieved passages in the answer's language, chooses what to
quote (``selection``) and writes it out (``layout``). Every sentence of an answer is a sentence
of a cited passage, so each one can be checked against its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answering.followup import condense_offline
from assistant.compose.config import ComposerConfig
from assistant.compose.duties import duty_role, section_duties
from assistant.compose.encoder import Encoder
from assistant.compose.layout import render, word_count
from assistant.compose.lines import line_key, pick_lines
from assistant.compose.scoring import Scores, answer_roles
from assistant.compose.selection import Quote, Selection, choose, supporting_points
from assistant.compose.structure import PassageStructure
from assistant.generators.base import GenerationRequest


class Composer:
    """Composes an answer from the request's passages; a ``Generator`` (``stream``)."""

    name = "offline"
    capabilities = frozenset({"extractive"})

    def __init__(self, encoder: Encoder, config: ComposerConfig | None = None):
        self.encoder = encoder
        self.config = config or ComposerConfig()

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        if request.task == "condense":
            yield condense_offline(request.question, request.history)
            return
        for piece in re.split(r"(?<=\n)", self.compose(request)):
            if piece:
                yield piece

    def select(self, request: GenerationRequest) -> tuple[Selection, str] | None:
        """What to quote, and the language of the passages it is quoted from: the question's,
        unless the best answer in another language scores more than ``language_margin`` higher
        (multilingual E5 relevance compares across languages where retrieval scores do not)."""
        read = self._read(request)
        if read is None:
            return None
        structures, scores, wanted = read
        duties_of = duty_role(request.question, request.role)
        if duties_of:
            listed = self._duties(structures, scores, request.language, duties_of)
            if listed:
                return listed
        by_language: dict[str, tuple[Selection | None, float, list[PassageStructure]]] = {}
        for language in dict.fromkeys(s.passage.language for s in structures):
            mine = [s for s in structures if s.passage.language == language]
            by_language[language] = (*choose(mine, scores, wanted, self.config), mine)
        language = max(by_language, key=lambda k: by_language[k][1])
        own = by_language.get(request.language)
        if own and own[0] is not None and own[1] >= by_language[language][1] - self.config.language_margin:
            language = request.language
        body, _, mine = by_language[language]
        if body is None:
            return None
        budget = self.config.word_budget - sum(word_count(t) for t in body.quoted())
        body.points = supporting_points(mine, body, scores, wanted, self.config, budget)
        return body, language

    def _duties(
        self, structures: list[PassageStructure], scores: Scores, language: str, role: str
    ) -> tuple[Selection, str] | None:
        """A list of ``role``'s duties (``duties``): from the duty sections in the question's
        language, else in another, else from the duty sentences of the question's language."""
        languages = dict.fromkeys([language, *(s.passage.language for s in structures)])
        by_language = {lang: [s for s in structures if s.passage.language == lang] for lang in languages}
        count = self.config.duty_lines
        found = [(lang, section_duties(mine, role, self.config, count)) for lang, mine in by_language.items()]
        found.append(
            (language, pick_lines(by_language[language], scores, {role}, self.config, count, "duty"))
        )
        titles = {s.n: s.passage.title for s in structures}
        for lang, quotes in found:
            if quotes:
                listed_from = [titles[q.n] for q in quotes]
                return Selection(n=quotes[0].n, listed=quotes, listed_from=listed_from, duties_of=role), lang
        return None

    def duties(self, request: GenerationRequest, count: int, used: set[str] | None = None) -> list[Quote]:
        """The lines of the duty sections among the request's passages for the request's role
        (``duties.section_duties``), none in ``used`` (updated); for the role guide."""
        if not request.role:
            return []
        used = set() if used is None else used
        out = []
        for q in section_duties(_structures(request), request.role, self.config, count):
            key = line_key(q.text)
            if key not in used:
                used.add(key)
                out.append(q)
        return out[:count]

    def _read(self, request: GenerationRequest) -> tuple[list[PassageStructure], Scores, set[str]] | None:
        """The request's passages read into sentences and lists, scored against the question."""
        structures = _structures(request)
        if not structures:
            return None
        scores = Scores.of(self.encoder, request.question, structures, self.config.asked_weight)
        scores.favour_subject(structures, request.role, self.config.subject_bonus)
        scores.add_overlap(structures, request.question, request.term_weights, self.config.lexical_weight)
        scores.demote_definitions(structures, request.question, self.config.definition_penalty)
        scores.mark_opposed(structures, request.question)
        return structures, scores, answer_roles(request.role, request.question)

    def lines(
        self, request: GenerationRequest, count: int, kind: str = "any", used: set[str] | None = None
    ) -> list[Quote]:
        """Workflow lines for ``request`` (see ``lines.pick_lines``), from passages in the
        request's language when it has any."""
        read = self._read(request)
        if read is None:
            return []
        structures, scores, wanted = read
        own = [s for s in structures if s.passage.language == request.language] or structures
        return pick_lines(own, scores, wanted, self.config, count, kind, used)

    def compose(self, request: GenerationRequest) -> str:
        chosen = self.select(request)
        if chosen is None:
            return ""
        selection, source_language = chosen
        return render(selection, request.language, source_language)


def _structures(request: GenerationRequest) -> list[PassageStructure]:
    """The request's passages read into sentences and lists, numbered from 1 as cited."""
    read = [PassageStructure.read(p, n) for n, p in enumerate(request.passages, 1) if p.text.strip()]
    return [s for s in read if s.units]
