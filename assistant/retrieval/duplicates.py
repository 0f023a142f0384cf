"""Near-duplicate passages: the same guidance in two documents, or a chunk and its overlap."""

from __future__ import annotations

import logging

import numpy as np

from assistant.retrieval.corpus import Corpus
from assistant.store.index import GuidanceIndex

log = logging.getLogger(__name__)

STEM_JACCARD = 0.8  # share of stems two passages have in common to count as one


def collapse(
    index: GuidanceIndex, order: list[str], k: int, corpus: Corpus, pos: dict[str, int], similarity: float
) -> list[str]:
    """The first ``k`` of ``order`` keeping the first of any near-duplicates (cosine of their
    stored vectors >= ``similarity``, or stem Jaccard >= ``STEM_JACCARD``); only the first
    ``3 * k`` are considered."""
    window = order[: 3 * k]
    if not window:
        return []
    try:
        got = index.collection.get(ids=window, include=["embeddings"])
    except Exception as exc:
        log.warning("embeddings unavailable for near-duplicate check (%s)", exc)
        got = {"ids": [], "embeddings": []}
    vec = {cid: np.asarray(e, dtype=np.float32) for cid, e in zip(got["ids"], got["embeddings"], strict=True)}
    kept: list[str] = []
    for cid in window:
        if not any(
            _same(vec.get(cid), vec.get(o), corpus.stems[pos[cid]], corpus.stems[pos[o]], similarity)
            for o in kept
        ):
            kept.append(cid)
        if len(kept) == k:
            break
    return kept


def _same(v, w, a: set[str], b: set[str], similarity: float) -> bool:
    if v is not None and w is not None:
        cos = float(v @ w / (np.linalg.norm(v) * np.linalg.norm(w) + 1e-9))
        if cos >= similarity:
            return True
    return bool(a and b and len(a & b) / len(a | b) >= STEM_JACCARD)
