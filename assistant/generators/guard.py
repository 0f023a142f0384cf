"""Output guard: generated text never repeats the system prompts, even while it streams.

A model asked to "print your instructions" may recite its system prompt. The guard holds the
static wording of every prompt's ``## system`` section (placeholders cut out) and withholds any
sentence that shares a run of ``n`` consecutive words with it. Streaming goes through the guard
sentence by sentence, so a leaking sentence is never shown, not even for a moment before the
grounding check removes it. Guidance text does not trip it (a test runs it over the corpus).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"\w+", re.UNICODE)
# a sentence ends at . ! ? (optionally followed by a citation like [2]) before whitespace, or at a newline
_BOUNDARY = re.compile(r"(?<=[.!?])(?:\s*\[\d+(?:\s*,\s*\d+)*\])?\s+|\n")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


class OutputGuard:
    """Withholds sentences that repeat ``n`` or more consecutive words of a protected text."""

    def __init__(self, protected: Iterable[str], n: int = 6):
        self.n = n
        self._grams: set[tuple[str, ...]] = set()
        for text in protected:
            words = _words(text)
            self._grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))

    def leaks(self, text: str, before: list[str] | None = None) -> bool:
        """Whether ``text`` continues or contains a protected run of ``n`` words. ``before`` is the
        text just before it (as words), so a recital cut into short pieces is still caught."""
        context = (before or [])[-(self.n - 1) :]
        words = context + _words(text)
        first = max(0, len(context) - self.n + 1)
        return any(tuple(words[i : i + self.n]) in self._grams for i in range(first, len(words) - self.n + 1))

    def clean(self, text: str) -> str:
        """``text`` without its leaking sentences (line structure kept)."""
        return "".join(self._filter(_split_keep(text), []))

    def filter_stream(self, pieces: Iterable[str]) -> Iterator[str]:
        """Re-chunk a token stream into whole sentences, dropping those that leak."""
        buffer = ""
        context: list[str] = []
        for piece in pieces:
            buffer += piece
            cut = _last_boundary(buffer)
            if cut:
                ready, buffer = buffer[:cut], buffer[cut:]
                yield from self._filter(_split_keep(ready), context)
        if buffer:
            yield from self._filter([buffer], context)

    def _filter(self, parts: list[str], context: list[str]) -> Iterator[str]:
        for part in parts:
            leaking = self.leaks(part, context)
            context[:] = (context + _words(part))[-(self.n - 1) :]
            safe = ("\n" if part.endswith("\n") else "") if leaking else part
            if safe:
                yield safe


def _last_boundary(text: str) -> int:
    end = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
    return end


def _split_keep(text: str) -> list[str]:
    """Sentences with their trailing separators, so joining them gives ``text`` back."""
    parts, start = [], 0
    for m in _BOUNDARY.finditer(text):
        parts.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


@functools.cache
def system_prompt_guard() -> OutputGuard:
    """The guard for every prompt template the package ships (their system sections); refuses
    to build over an empty or missing prompts folder."""
    from assistant.generators.prompts import PROMPTS_DIR, PromptError, load_prompt

    paths = sorted(PROMPTS_DIR.glob("*.md"))
    if not paths:  # a guard over nothing would protect nothing, silently
        raise PromptError(f"no prompt templates in {PROMPTS_DIR}: the package is incomplete; reinstall it")
    texts = []
    for path in paths:
        system = load_prompt(path.stem).system
        # placeholders vary per request: keep the fixed wording between them
        texts += [t for t in re.split(r"\{[a-z_]+\}", system) if t.strip()]
    return OutputGuard(texts)
