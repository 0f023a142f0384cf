"""Any LangChain chat model as a ``Generator``: prompts from ``assistant/data/prompts/`` by task
name, the answer streamed from the model."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.generators.base import LANGUAGE_NAMES, GenerationRequest, GeneratorError
from assistant.retrieval.hybrid import Passage
from assistant.retrieval.passages import place


def format_passages(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, 1):
        where = place(p.title, p.heading)
        blocks.append(f"[{n}] ({where})\n{p.text}")
    return "\n\n".join(blocks)


def format_history(history: list[tuple[str, str]]) -> str:
    return "\n".join(f"User: {q}\nAssistant: {a[:400]}" for q, a in history[-3:]) or "(none)"


class ChatModelGenerator:
    """Adapts a LangChain chat model to the ``Generator`` protocol."""

    def __init__(self, model, name: str = "llm"):
        self.model = model
        self.name = name
        self.capabilities: frozenset[str] = frozenset()

    def messages(self, request: GenerationRequest):
        from langchain_core.messages import HumanMessage, SystemMessage

        from assistant.generators.prompts import load_prompt

        if request.task == "condense":
            system, user = load_prompt("condense").render(
                history=format_history(request.history), question=request.question
            )
        else:
            system, user = load_prompt("answer").render(
                question=request.question,
                passages=format_passages(request.passages),
                language_name=LANGUAGE_NAMES.get(request.language, request.language),
                role=request.role or "programme participant",
            )
        return [SystemMessage(system), HumanMessage(user)]

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        try:
            for chunk in self.model.stream(self.messages(request)):
                text = (
                    chunk.content
                    if isinstance(chunk.content, str)
                    else "".join(part.get("text", "") for part in chunk.content if isinstance(part, dict))
                )
                if text:
                    yield text
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(f"The {self.name} model failed: {exc.__class__.__name__}: {exc}") from exc

    def complete(self, system: str, user: str) -> str:
        """The model's whole reply to one system and user message (no streaming). A reply cut at
        the token limit is an error: it is not the whole reply (a JSON one would not parse), and
        asking again under the same limit cuts it again."""
        from langchain_core.messages import HumanMessage, SystemMessage

        reply = self.model.invoke([SystemMessage(system), HumanMessage(user)])
        meta = reply.response_metadata or {}
        # OpenAI-compatible servers and llama.cpp say finish_reason, Ollama done_reason
        if "length" in (meta.get("finish_reason"), meta.get("done_reason")):
            raise GeneratorError(
                f"The {self.name} model's reply was cut at its token limit (MENTOR_LLM_MAX_TOKENS)."
            )
        return str(reply.content)
