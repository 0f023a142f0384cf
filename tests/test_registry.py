"""The generator registry and the ``Assistant``'s parts, with no model: named fakes stand in for
the retriever, the scope model, the grounding check and the generator, the way httpx tests pass
a transport."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answering.answer import Conversation
from assistant.answering.assistant import Assistant
from assistant.compose.composer import Composer
from assistant.generators import registry
from assistant.generators.base import (
    CONDENSES,
    EXTRACTIVE,
    STREAMS,
    STRUCTURED,
    GenerationRequest,
    GeneratorError,
)
from assistant.generators.registry import GENERATORS, Backend, create_generator
from assistant.retrieval.hybrid import Passage, Retrieval
from assistant.settings import Settings

from .test_compose import FakeEncoder

pytestmark = pytest.mark.unit

PASSAGE = Passage(
    id="p1",
    text="Who sends the invitations:\n\n- The mentee sends the meeting invitations.\n"
    "- The mentor confirms the time.\n- The coordinator is copied on the first one.",
    title="Meetings",
    heading="Invitations",
    source="corpus/meetings.md",
    language="en",
    audience=["mentee"],
    doc_id="d1",
    score=1.0,
)


class FakeRetriever:
    """Returns the one passage for every question; records what was searched for."""

    def __init__(self):
        self.searched: list[str] = []

    def search(self, query, role=None, language=None, **kwargs) -> Retrieval:
        self.searched.append(query)
        return Retrieval(query=query, language=language or "en", passages=[PASSAGE], searched=1)

    def whole_sections(self, passages, max_chars):
        return passages


class FakeScope:
    """Covers every question unless it mentions football."""

    def in_scope(self, question, retrieval) -> float:
        return 0.1 if "football" in question else 0.9

    def covered(self, probability: float) -> bool:
        return probability >= 0.5

    def outcome_of_unanswered(self, question, retrieval) -> str:
        return "outside"


class FakeGrounding:
    """Keeps the text as written (the real check needs a model)."""

    def apply(self, text, passages, language):
        return text, None


class FakeModelGenerator:
    """An LLM-like generator: writes uncited text, rewrites follow-ups, records its requests."""

    def __init__(self, reply: str = "Invitations come from your mentee, usually."):
        self.reply = reply
        self.requests: list[GenerationRequest] = []

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        self.requests.append(request)
        yield "Who confirms the time of the meeting?" if request.task == "condense" else self.reply


class FakeIndex:
    embeddings = None


def _assistant(generator, capabilities) -> Assistant:
    generator.name, generator.capabilities = "fake", frozenset(capabilities)
    return Assistant(
        Settings(),
        index=FakeIndex(),
        generator=generator,
        retriever=FakeRetriever(),
        scope=FakeScope(),
        grounding=FakeGrounding(),
        composer=Composer(FakeEncoder()),
        scorer=None,
    )


def test_the_builtin_backends_declare_capabilities_not_names():
    assert GENERATORS["offline"].capabilities == {EXTRACTIVE}
    for name in ("openai", "ollama", "llamacpp", "smollm2"):
        assert {STREAMS, CONDENSES, STRUCTURED} <= GENERATORS[name].capabilities
        assert EXTRACTIVE not in GENERATORS[name].capabilities


def test_a_registered_backend_is_built_and_stamped_with_its_entry(monkeypatch):
    fake = Backend("fake", lambda s, e: FakeModelGenerator(), frozenset({STREAMS}))
    monkeypatch.setitem(GENERATORS, "fake", fake)
    generator = create_generator(Settings(generator="fake"), None)
    assert isinstance(generator, FakeModelGenerator)
    assert (generator.name, generator.capabilities) == ("fake", {STREAMS})


def test_a_plugin_entry_point_registers_its_backend(monkeypatch):
    class EntryPoint:
        name = "plugged"

        def load(self):
            return Backend("plugged", lambda s, e: FakeModelGenerator(), frozenset({CONDENSES}))

    monkeypatch.setattr(registry, "entry_points", lambda group: [EntryPoint()])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(registry, "GENERATORS", dict(GENERATORS))
    assert registry.backend("plugged").capabilities == {CONDENSES}
    with pytest.raises(GeneratorError, match="Unknown generator 'nope'"):
        registry.backend("nope")


def test_an_entry_point_that_is_not_a_backend_is_a_clear_error(monkeypatch):
    class EntryPoint:
        name = "broken"

        def load(self):
            return object()

    monkeypatch.setattr(registry, "entry_points", lambda group: [EntryPoint()])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    with pytest.raises(GeneratorError, match="not a Backend"):
        registry.backend("offline")


def test_an_unverifiable_model_answer_is_replaced_by_quotes_from_the_guidance():
    bot = _assistant(FakeModelGenerator(), {STREAMS, CONDENSES})
    answer = bot.ask("Who sends the meeting invitations?", role="mentee")
    assert "The mentee sends the meeting invitations. [1]" in answer.answer
    assert "could not be verified" in answer.answer
    assert [c.source for c in answer.citations] == ["corpus/meetings.md"]


def test_an_extractive_generator_is_never_replaced():
    bot = _assistant(FakeModelGenerator("The mentee sends the meeting invitations. [1]"), {EXTRACTIVE})
    answer = bot.ask("Who sends the meeting invitations?")
    assert answer.answer == "The mentee sends the meeting invitations. [1]"


def test_a_followup_is_rewritten_by_a_generator_that_condenses():
    generator = FakeModelGenerator("The mentor confirms the time. [1]")
    bot = _assistant(generator, {CONDENSES})
    chat = Conversation()
    bot.ask("Who sends the meeting invitations?", conversation=chat)
    bot.ask("and the time?", conversation=chat)
    assert [r.task for r in generator.requests] == ["answer", "condense", "answer"]
    assert bot.retriever.searched[-1] == "Who confirms the time of the meeting?"


def test_without_that_capability_a_followup_is_rewritten_without_a_model():
    generator = FakeModelGenerator("The mentor confirms the time. [1]")
    bot = _assistant(generator, {EXTRACTIVE})
    chat = Conversation()
    bot.ask("Who sends the meeting invitations?", conversation=chat)
    bot.ask("and the time?", conversation=chat)
    assert [r.task for r in generator.requests] == ["answer", "answer"]
    assert bot.retriever.searched[-1].startswith("Who sends the meeting invitations")


def test_the_scope_model_refuses_without_calling_the_generator():
    generator = FakeModelGenerator()
    answer = _assistant(generator, {EXTRACTIVE}).ask("Who won the football cup?")
    assert answer.refused and answer.outcome == "outside" and not answer.citations
    assert generator.requests == []
