"""The vectors of the chunks: probing and repairing the chunk collection's vectors, and the
multilingual vectors in ``<collection>-rerank`` (one per chunk) and ``<collection>-sentences`` (one per
text the composer scores).

A SIGKILL can leave Chroma's vector files (HNSW) unreadable while its SQLite tables are intact;
``vectors_readable`` detects it and ``repair_vectors`` rebuilds the vectors from the stored texts.
"""

from __future__ import annotations

import hashlib
import logging

import numpy as np

from assistant.ingest.chunking import rerank_text
from assistant.store.chunks import ChunkCollection
from assistant.store.connection import ChromaConnection, get_all
from assistant.store.report import Progress

log = logging.getLogger(__name__)

SENTENCE_BATCH = 32  # texts embedded per call when storing the composer's vectors


def sentence_id(text: str) -> str:
    """The id of a text's stored composer vector: a hash of the text, so it never goes stale."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ChunkVectors:
    """Checks, repairs and completes the vectors of one index's chunks."""

    def __init__(self, chroma: ChromaConnection, chunks: ChunkCollection):
        self.chroma = chroma
        self.chunks = chunks

    def vectors_readable(self) -> bool:
        """Whether every chunk has its vector and nearest-neighbour search returns only chunks
        that exist (False when a kill left Chroma's vector files damaged or out of step)."""
        count = self.chroma.collection.count()
        if count == 0:
            return True
        try:
            data = get_all(self.chroma.collection, include=["embeddings"])
            if len(data["ids"]) != count or any(e is None for e in data["embeddings"]):
                return False
            known = set(data["ids"])
            step = max(1, len(known) // 8)
            probes = [[float(x) for x in data["embeddings"][i]] for i in range(0, len(known), step)][:8]
            res = self.chroma.collection.query(query_embeddings=probes, n_results=min(count, 50), include=[])
            return all(cid in known for ids in res["ids"] for cid in ids)
        except Exception:
            return False

    def repair_vectors(self, progress: Progress | None = None) -> int:
        """Rebuild the chunk collection's vectors from its stored texts and metadata.

        Returns the number of chunks re-embedded. A kill during the repair loses chunks from the
        collection, never records; the next ingest re-embeds them from their files.
        """
        data = get_all(self.chroma.collection, include=["documents", "metadatas"])
        ids, texts, metas = data["ids"], data["documents"], data["metadatas"]
        self.chroma.drop_store()
        batch = self.chroma.settings.embed_batch_size
        for i in range(0, len(ids), batch):
            self.chroma.store.add_texts(
                texts=texts[i : i + batch], metadatas=metas[i : i + batch], ids=ids[i : i + batch]
            )
            if progress:
                progress("repair", min(i + batch, len(ids)), len(ids))
        return len(ids)

    def rerank_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored re-ranking vectors of ``ids`` (missing ones are left out; never raises)."""
        found: dict[str, np.ndarray] = {}
        try:
            for i in range(0, len(ids), 500):
                got = self.chroma.rerank_collection.get(ids=ids[i : i + 500], include=["embeddings"])
                for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
                    if vec is not None:
                        found[cid] = np.asarray(vec, dtype=np.float32)
        except Exception as exc:
            log.warning("stored re-ranking vectors unavailable (%s)", exc)
        return found

    def store_rerank_vectors(self, progress: Progress | None = None) -> int:
        """Embed, with the multilingual scorer, every chunk that has no re-ranking vector yet, and
        drop the vectors of chunks that are gone. Returns the number of chunks embedded."""
        from assistant.encoders.multilingual import load_scorer

        settings = self.chroma.settings
        scorer = load_scorer(settings.multilingual_scorer)
        if scorer is None or not settings.rerank_vectors:
            return 0
        chunk_ids = self.chunks.ids()
        stored = set(get_all(self.chroma.rerank_collection, include=[])["ids"])
        stale = sorted(stored - chunk_ids)
        for i in range(0, len(stale), 500):
            self.chroma.rerank_collection.delete(ids=stale[i : i + 500])
        missing = sorted(chunk_ids - stored)
        batch = 16
        for i in range(0, len(missing), batch):
            got = self.chroma.collection.get(ids=missing[i : i + batch], include=["documents"])
            texts = [rerank_text(d or "") for d in got["documents"]]
            vecs = scorer.passages(texts)
            self.chroma.rerank_collection.upsert(ids=got["ids"], embeddings=vecs.tolist())
            if progress:
                progress("rerank", min(i + batch, len(missing)), len(missing))
        return len(missing)

    def sentence_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored composer vectors of ``texts`` (missing ones are left out; never raises)."""
        found: dict[str, np.ndarray] = {}
        by_id = {sentence_id(t): t for t in texts}
        ids = list(by_id)
        try:
            for i in range(0, len(ids), 500):
                got = self.chroma.sentence_collection.get(ids=ids[i : i + 500], include=["embeddings"])
                for sid, vec in zip(got["ids"], got["embeddings"], strict=True):
                    if vec is not None:
                        found[by_id[sid]] = np.asarray(vec, dtype=np.float32)
        except Exception as exc:
            log.warning("stored sentence vectors unavailable (%s)", exc)
        return found

    def store_sentence_vectors(self, progress: Progress | None = None, embed: bool = True) -> int:
        """Embed, with the multilingual scorer, every text the composer may score (the headings,
        sentences and lists of each chunk and of each whole section) that has no stored vector
        yet, and drop the vectors of texts no chunk holds any more (only that when not ``embed``).
        Returns the texts embedded."""
        from assistant.encoders.multilingual import load_scorer

        settings = self.chroma.settings
        scorer = load_scorer(settings.multilingual_scorer)
        if scorer is None or not settings.sentence_vectors:
            return 0
        wanted = {sentence_id(t): t for t in self.answer_texts()}
        collection = self.chroma.sentence_collection
        stored = set(get_all(collection, include=[])["ids"])
        stale = sorted(stored - wanted.keys())
        for i in range(0, len(stale), 500):
            collection.delete(ids=stale[i : i + 500])
        missing = sorted(wanted.keys() - stored) if embed else []
        for i in range(0, len(missing), SENTENCE_BATCH):
            ids = missing[i : i + SENTENCE_BATCH]
            vecs = scorer.passages([wanted[sid] for sid in ids])
            collection.upsert(ids=ids, embeddings=vecs.tolist())
            if progress:
                progress("sentences", min(i + SENTENCE_BATCH, len(missing)), len(missing))
        return len(missing)

    def answer_texts(self) -> list[str]:
        """The texts the composer scores in every passage retrieval can give it."""
        from assistant.compose.structure import scored_texts
        from assistant.retrieval.corpus import Corpus
        from assistant.retrieval.passages import answer_passages

        data = get_all(self.chroma.collection, include=["documents", "metadatas"])
        corpus = Corpus("", data["ids"], data["metadatas"], data["documents"], None)
        return scored_texts(answer_passages(corpus, self.chroma.settings.section_max_chars))
