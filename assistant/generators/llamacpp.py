"""A LangChain chat model over a local GGUF file, through llama-cpp-python (optional extra).

Only what the ``Generator`` seam needs: invoke and stream, with the model's own chat template.
The ``llama_cpp.Llama`` instance is loaded once per model path and shared (with a lock, since
one llama.cpp context must not run two generations at once).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


@functools.cache
def _load(path: str, n_ctx: int, threads: int):
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        from assistant.generators.base import GeneratorError

        raise GeneratorError(
            "The llamacpp generator needs llama-cpp-python: pip install 'mentor-assistant[llamacpp]'"
        ) from exc
    return Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, verbose=False, seed=0), threading.Lock()


class ChatLlamaCppModel(BaseChatModel):
    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    temperature: float = 0.0
    max_tokens: int = 400

    @classmethod
    def from_settings(cls, settings, path: str) -> ChatLlamaCppModel:
        return cls(
            model_path=path,
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
        )

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _call_args(self, messages: list[BaseMessage], stop: list[str] | None) -> dict[str, Any]:
        return {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": m.content} for m in messages],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stop": stop or [],
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        llm, lock = _load(self.model_path, self.n_ctx, self.n_threads)
        with lock:
            out = llm.create_chat_completion(**self._call_args(messages, stop))
        choice = out["choices"][0]
        message = AIMessage(
            content=choice["message"].get("content") or "",
            response_metadata={"finish_reason": choice.get("finish_reason")},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llm, lock = _load(self.model_path, self.n_ctx, self.n_threads)
        with lock:
            for part in llm.create_chat_completion(stream=True, **self._call_args(messages, stop)):
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
