"""The offline generator: answer-first, extractive, cited answers (no LLM, no network).

``Composer.compose`` reads the retrieved passages in the answer's language, chooses what to
quote (``selection``) and writes it out (``layout``). Every sentence of an answer is a sentence
of a cited passage, so each one can be checked against its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..generation import GenerationRequest, answer_language, condense_offline
from .config import ComposerConfig
from .encoder import Encoder
from .layout import render, word_count
from .scoring import Scores, wanted_roles
from .selection import Selection, choose, supporting_points
from .structure import PassageStructure


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
        """What to quote, and the language of the passages it is quoted from."""
        language = self.language_of(request)
        structures = [
            PassageStructure.read(p, n)
            for n, p in enumerate(request.passages, 1)
            if p.language == language and p.text.strip()
        ]
        structures = [s for s in structures if s.units]
        if not structures:
            return None
        scores = Scores.of(self.encoder, request.question, structures)
        scores.favour_subject(structures, request.role, self.config.subject_bonus)
        scores.add_overlap(structures, request.question, request.term_weights, self.config.lexical_weight)
        wanted = wanted_roles(request.role, request.question)
        body = choose(structures, scores, wanted, self.config)
        if body is None:
            return None
        budget = self.config.word_budget - sum(word_count(t) for t in body.quoted())
        body.points = supporting_points(structures, body, scores, wanted, self.config, budget)
        return body, language or request.language

    def language_of(self, request: GenerationRequest) -> str | None:
        """The question's language when a passage in it is among the candidates (a Turkish
        question is answered from Turkish guidance when there is some); otherwise the language
        whose passages cover the question best."""
        candidates = request.passages[: self.config.candidate_passages]
        if any(p.language == request.language for p in candidates):
            return request.language
        return answer_language(request)

    def compose(self, request: GenerationRequest) -> str:
        chosen = self.select(request)
        if chosen is None:
            return ""
        selection, source_language = chosen
        return render(selection, request.language, source_language)
