"""What every generator shares: the request it answers, the one-method ``Generator`` protocol, the
capabilities a backend declares, and the error it raises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from assistant.retrieval.hybrid import Passage

LANGUAGE_NAMES = {"en": "English", "tr": "Turkish"}

# What a backend can do; callers check these, never a generator's name.
EXTRACTIVE = "extractive"  # quotes the guidance verbatim: no fallback to quotes is needed
STREAMS = "streams"  # text arrives piece by piece as it is written (worth echoing live)
CONDENSES = "condenses"  # rewrites a follow-up into a standalone question itself
STRUCTURED = "structured"  # ``complete(system, user)`` returns a raw reply (workflow lines as JSON)


class GenerationRequest(BaseModel):
    task: str = "answer"  # "answer" or "condense"
    question: str
    language: str = "en"
    role: str | None = None
    passages: list[Passage] = []
    history: list[tuple[str, str]] = []  # (searched_for, answer) of earlier turns
    expansion: str = ""
    term_weights: dict[str, float] = {}


@runtime_checkable
class Generator(Protocol):
    """Anything that streams text for a request. ``name`` and ``capabilities`` are set by the
    registry from the backend's entry."""

    name: str
    capabilities: frozenset[str]

    def stream(self, request: GenerationRequest) -> Iterator[str]: ...


class GeneratorError(RuntimeError):
    """A backend cannot be created or failed; the message says what to do."""


def has(generator: object, capability: str) -> bool:
    """Whether ``generator`` declares ``capability``."""
    return capability in getattr(generator, "capabilities", frozenset())
