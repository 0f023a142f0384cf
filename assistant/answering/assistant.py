"""Grounded question answering: ``Assistant`` holds the parts and runs the steps (validation,
follow-up rewriting, retrieval, scope outcome, generation, grounding check, citations).

Use::

    from assistant import Assistant, Settings
    bot = Assistant(Settings())
    answer = bot.ask("Who sends the meeting invitations?", role="mentee")
    print(answer.answer, answer.citations)

Each part can be passed in (as httpx tests pass a transport); what is not passed is built from
``Settings`` when first needed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from assistant.answering.answer import Answer, Conversation, Turn
from assistant.answering.followup import condense_offline, is_followup, role_in
from assistant.answering.grounding import GroundingChecker
from assistant.answering.question import SUPPORTED_LANGUAGES, check_role, clean_question, question_language
from assistant.answering.replies import NO_ANSWER, REFUSALS, UNVERIFIED, not_covered, renumber
from assistant.answering.term import asked_terms, term_named
from assistant.compose.duties import duty_role, duty_sections
from assistant.generators.base import CONDENSES, EXTRACTIVE, GenerationRequest, Generator, has
from assistant.generators.guard import system_prompt_guard
from assistant.generators.registry import create_generator
from assistant.language.sentences import citations_in
from assistant.retrieval.hybrid import HybridRetriever, Retrieval
from assistant.retrieval.scope import ScopeModel
from assistant.settings import Settings
from assistant.store.index import GuidanceIndex

_UNSET = object()


class Assistant:
    """The answering parts: index, retriever, generator, scope model, grounding check, the
    extractive composer, and the multilingual scorer they share (``scorer=None`` turns it off)."""

    def __init__(
        self,
        settings: Settings | None = None,
        index: GuidanceIndex | None = None,
        generator: Generator | None = None,
        *,
        retriever: HybridRetriever | None = None,
        scope: ScopeModel | None = None,
        grounding: GroundingChecker | None = None,
        composer=None,
        scorer=_UNSET,
    ):
        self.settings = settings or Settings()
        self.index = index or GuidanceIndex(self.settings)
        self.retriever = retriever or HybridRetriever(self.index, self.settings)
        self._generator = generator
        self._scope = scope
        self._grounding = grounding
        self._scorer = scorer
        self._composer = composer
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ parts
    @property
    def scorer(self):
        if self._scorer is _UNSET:
            from assistant.encoders.multilingual import load_scorer

            self._scorer = load_scorer(self.settings.multilingual_scorer)
        return self._scorer

    @property
    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                self._generator = create_generator(self.settings, self.index.embeddings)
            return self._generator

    @property
    def scope(self) -> ScopeModel:
        if self._scope is None:
            self._scope = ScopeModel(self.scorer)
        return self._scope

    @property
    def grounding(self) -> GroundingChecker:
        if self._grounding is None:
            self._grounding = GroundingChecker(self.index.embeddings, scorer=self.scorer)
        return self._grounding

    @property
    def composer(self):
        """The extractive composer: workflow lines, and the quotes that replace an unverifiable
        model answer."""
        if self._composer is None:
            from assistant.compose.composer import Composer
            from assistant.compose.encoder import EmbeddingEncoder

            self._composer = Composer(
                self.scorer or EmbeddingEncoder(self.index.embeddings), self.settings.composer
            )
        return self._composer

    @property
    def generator_name(self) -> str:
        return getattr(self.generator, "name", self.settings.generator)

    # ------------------------------------------------------------------ steps
    def rewrite(self, question: str, conversation: Conversation | None) -> str:
        history = conversation.history() if conversation else []
        if not is_followup(question, history):
            return question
        if not has(self.generator, CONDENSES):
            return condense_offline(question, history)
        text = "".join(
            self.generator.stream(GenerationRequest(task="condense", question=question, history=history))
        )
        text = text.strip().strip('"').split("\n")[0].strip()
        return text if 3 <= len(text) <= 400 else condense_offline(question, history)

    def stream(
        self,
        question: str,
        role: str | None = None,
        conversation: Conversation | None = None,
        language: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield text pieces as they are generated, then the final, checked ``Answer``."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        role = check_role(role)
        previous_lang = conversation.turns[-1].language if conversation and conversation.turns else "en"
        lang = language if language in SUPPORTED_LANGUAGES else question_language(question, previous_lang)
        searched_for = self.rewrite(question, conversation)
        followup = searched_for != question
        search_role = role_in(question) if followup and role_in(question) else role
        retrieval = self.retriever.search(searched_for, role=search_role, language=lang)
        p_scope = self.scope.in_scope(searched_for, retrieval)
        duties = self._with_duties(searched_for, role, retrieval)
        # a question asking what a term is, or comparing two, when no retrieved passage names
        # it, is not covered however close the passages are ("What is speed mentoring?", ``term``);
        # words are compared within a language, so not when no passage is in the question's
        own_language = any(p.language == lang for p in retrieval.passages)
        terms = asked_terms(searched_for, lang) if own_language and not followup else []
        term = next((t for t in terms if not term_named(t, retrieval.passages, lang)), None)
        unnamed = term is not None
        # follow-ups are never refused: their evidence is the conversation's; nor is a question
        # naming what the index's own documents are titled with (a programme: ``retrieval.names``),
        # nor one asking for a role's duties that sections of the index set out
        close = self.scope.covered(p_scope)
        covered = (close and not unnamed) or followup or bool(retrieval.named) or duties
        refused = not retrieval.passages or not covered
        answer = Answer(
            question=question,
            answer="",
            refused=refused,
            language=lang,
            searched_for=searched_for,
            role=role,
            generator=self.generator_name,
            in_scope=round(p_scope, 4),
        )
        if refused:
            self._decline(answer, retrieval, term, close)
            yield answer.answer
        else:
            yield from self._answer(answer, retrieval, conversation, followup)
        answer.seconds = round(time.perf_counter() - started, 3)
        if conversation is not None:
            conversation.turns.append(
                Turn(
                    question=question,
                    searched_for=searched_for,
                    answer=answer.answer,
                    language=lang,
                    role=role,
                )
            )
        yield answer

    def _with_duties(self, question: str, role: str | None, retrieval: Retrieval) -> bool:
        """For a question asking for a role's duties (``compose.duties``), put the sections that
        set them out before the retrieved passages; whether there are any."""
        duties_of = duty_role(question, role)
        found = duty_sections(self.retriever, duties_of) if duties_of else []
        if retrieval.named:  # only the named programme's documents answer (``retrieval.names``)
            searched = {p.source for p in retrieval.passages}
            found = [p for p in found if p.source in searched]
        if found:
            given = {(p.source, p.heading) for p in found}
            retrieval.passages = found + [p for p in retrieval.passages if (p.source, p.heading) not in given]
        return bool(found)

    def _decline(
        self, answer: Answer, retrieval: Retrieval, term: str | None = None, close: bool = False
    ) -> None:
        """A question not answered: 'not covered' with the closest topics (naming the ``term``
        asked about that the guidance does not name), or a refusal. A question whose passages
        are ``close`` enough to answer, but which asks about a term they do not name, is about
        mentoring: only the term is not covered."""
        close = close and term is not None
        answer.outcome = (
            "not_covered" if close else self.scope.outcome_of_unanswered(answer.searched_for, retrieval)
        )
        if answer.outcome == "not_covered":
            answer.answer, answer.citations = not_covered(retrieval.passages, answer.language, term=term)
        else:
            answer.answer = REFUSALS.get(answer.language, REFUSALS["en"])

    def _answer(
        self, answer: Answer, retrieval: Retrieval, conversation: Conversation | None, followup: bool
    ) -> Iterator[str]:
        """Generate from the retrieved sections, streaming; then check and cite (fills ``answer``)."""
        lang = answer.language
        passages = self.retriever.whole_sections(retrieval.passages, self.settings.section_max_chars)
        request = GenerationRequest(
            task="answer",
            question=answer.searched_for if followup else answer.question,
            language=lang,
            role=answer.role,
            passages=passages,
            history=conversation.history() if conversation else [],
            expansion=retrieval.expansion,
            term_weights=retrieval.term_weights,
        )
        pieces = []
        # whole sentences, none repeating a system prompt (see assistant/generators/guard.py)
        for piece in system_prompt_guard().filter_stream(self.generator.stream(request)):
            pieces.append(piece)
            yield piece
        raw = "".join(pieces).strip()
        checked, report = self.grounding.apply(raw, passages, lang) if raw else ("", None)
        answer.unsupported = [c.text for c in report.sentences if not c.supported] if report else []
        if not citations_in(checked) and not has(self.generator, EXTRACTIVE):
            # nothing the model wrote could be verified: quote the guidance instead
            fallback = self.composer.compose(request).strip()
            note = UNVERIFIED.get(lang, UNVERIFIED["en"]).format(model=self.generator_name)
            checked = f"{fallback}\n\n{note}" if fallback else note
        if not citations_in(checked):
            checked = NO_ANSWER.get(lang, NO_ANSWER["en"])
        answer.answer, answer.citations = renumber(checked, passages)

    def ask(
        self,
        question: str,
        role: str | None = None,
        conversation: Conversation | None = None,
        language: str | None = None,
    ) -> Answer:
        final = None
        for item in self.stream(question, role=role, conversation=conversation, language=language):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final
