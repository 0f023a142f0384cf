"""What the composer reads sentence vectors from: an ``Encoder``.

The multilingual E5 scorer (``multilingual.MultilingualScorer``) is one; ``EmbeddingEncoder``
wraps the index's sentence-transformers embeddings when the scorer is off. Both cache vectors
per text, so a passage's sentences are encoded once per process, not once per question.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    def query(self, text: str) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def rescale(self, cos: np.ndarray | float) -> np.ndarray | float: ...


class EmbeddingEncoder:
    """A LangChain ``Embeddings`` object as an ``Encoder`` (normalised vectors, cached)."""

    def __init__(self, embeddings, max_cache: int = 50_000):
        self.embeddings = embeddings
        self._cache: dict[str, np.ndarray] = {}
        self._max = max_cache
        self._lock = threading.Lock()

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                if len(self._cache) + len(missing) > self._max:
                    self._cache.clear()
                for t, v in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                    self._cache[t] = _unit(np.asarray(v, dtype=np.float32))
            return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def query(self, text: str) -> np.ndarray:
        return _unit(np.asarray(self.embeddings.embed_query(text), dtype=np.float32))

    @staticmethod
    def rescale(cos: np.ndarray | float) -> np.ndarray | float:
        return np.clip(np.asarray(cos), 0.0, 1.2)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v
