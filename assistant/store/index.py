"""The Chroma index: opening it (embedded or server), incremental ingestion, listing documents.

Ingestion is content-addressed. Each chunk's id is the hash of what is embedded, and a registry
collection (``<collection>-docs``) records, per source file, its content hash and chunk ids.
Re-ingesting an unchanged file embeds nothing; a changed file gets its new chunks first and loses
its old ones after its record is updated; files gone from an ingested folder are removed; chunks
that no record references are deleted. That order keeps a killed ingest answerable and lets the
next run finish it. One ingest at a time per index directory (a file lock). Last, each chunk gets
its multilingual re-ranking vector in ``<collection>-rerank`` (same ids), which the retriever reads
instead of embedding candidates per question.

A SIGKILL can also leave Chroma's vector files (HNSW) unreadable while its SQLite tables are intact;
retrieval then answers from BM25 alone. Every ingest first probes the vector search and, when it
fails, rebuilds the vectors from the stored chunk texts (``vectors_repaired`` in the report); an
unchanged document whose chunks went missing is re-embedded from its file.

``GuidanceIndex`` is the facade over the parts, each in its module of ``assistant.store``:
``connection`` (client and collections), ``registry`` (document records, state token), ``chunks``
(the chunk records), ``vectors`` (repair and re-ranking vectors), ``ingestor`` (ingest, remove),
``lock`` (the write lock), ``report`` (progress and ``IngestReport``) and ``errors``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.settings import Settings
from assistant.store.chunks import ChunkCollection
from assistant.store.connection import ChromaConnection, get_all
from assistant.store.errors import IndexBusy, IndexError_
from assistant.store.ingestor import Ingestor
from assistant.store.registry import DocumentRegistry, IndexedDocument, summary_counts
from assistant.store.report import IngestReport, Progress, Skipped, dumps_report
from assistant.store.vectors import ChunkVectors

__all__ = [
    "GuidanceIndex",
    "IndexBusy",
    "IndexError_",
    "IndexedDocument",
    "IngestReport",
    "Progress",
    "Skipped",
    "dumps_report",
    "get_all",
    "summary_counts",
]


class GuidanceIndex:
    """Access to the chunk collection and the document registry of one index."""

    def __init__(self, settings: Settings, embeddings=None):
        self.settings = settings
        self._chroma = ChromaConnection(settings, embeddings)
        self._chunks = ChunkCollection(self._chroma)
        self._records = DocumentRegistry(self._chroma)
        self._vectors = ChunkVectors(self._chroma, self._chunks)
        self._ingestor = Ingestor(self._chroma, self._records, self._chunks, self._vectors)

    # ------------------------------------------------------------------ opening
    @property
    def embeddings(self):
        return self._chroma.embeddings

    @property
    def client(self):
        return self._chroma.client

    @property
    def store(self):
        """The langchain-chroma vector store of chunks."""
        return self._chroma.store

    @property
    def registry(self):
        """The document registry collection (``<collection>-docs``)."""
        return self._chroma.registry

    @property
    def collection(self):
        return self._chroma.collection

    @property
    def rerank_collection(self):
        """Multilingual re-ranking vectors (E5) of the chunks, under the chunks' ids
        (see ``ChromaConnection.rerank_collection``)."""
        return self._chroma.rerank_collection

    def rerank_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored re-ranking vectors of ``ids`` (missing ones are left out; never raises)."""
        return self._vectors.rerank_vectors(ids)

    def store_rerank_vectors(self, progress: Progress | None = None) -> int:
        """Embed, with the multilingual scorer, every chunk that has no re-ranking vector yet, and
        drop the vectors of chunks that are gone. Returns the number of chunks embedded."""
        return self._vectors.store_rerank_vectors(progress)

    def sentence_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored composer vectors of ``texts`` (missing ones are left out; never raises)."""
        return self._vectors.sentence_vectors(texts)

    def sentence_texts(self) -> list[str]:
        """Every heading, sentence and list the composer may read in this index (what ingest
        stores vectors of)."""
        return self._vectors.answer_texts()

    # ------------------------------------------------------------------ reading
    def documents(self) -> list[IndexedDocument]:
        return self._records.documents()

    def state(self) -> str:
        """A token that changes whenever an ingest changed the chunks (cheap: one lookup)."""
        return self._records.state()

    def _save_state(self) -> None:
        self._records.save_state()

    def chunk_count(self) -> int:
        return self._chunks.count()

    def chunk_ids(self) -> set[str]:
        return self._chunks.ids()

    # ------------------------------------------------------------------ writing
    def reset(self) -> None:
        """Delete every chunk and record of this collection (used by ``--rebuild``)."""
        self._chroma.reset()

    def vectors_readable(self) -> bool:
        """Whether every chunk has its vector and nearest-neighbour search returns only chunks
        that exist (False when a kill left Chroma's vector files damaged or out of step)."""
        return self._vectors.vectors_readable()

    def repair_vectors(self, progress: Progress | None = None) -> int:
        """Rebuild the chunk collection's vectors from its stored texts and metadata.

        Returns the number of chunks re-embedded. A kill during the repair loses chunks from the
        collection, never records; the next ingest re-embeds them from their files.
        """
        return self._vectors.repair_vectors(progress)

    def ingest(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        rebuild: bool = False,
        base: Path | None = None,
    ) -> IngestReport:
        """Bring the index in line with the files under ``paths`` (see the module docstring).

        Documents are identified by ``corpus.document_id``: below each folder's parent, or below
        ``base`` when given (the eval names its documents below the package's data folder)."""
        return self._ingestor.ingest(paths, progress, rebuild, base)

    def remove(self, source: str) -> IndexedDocument:
        """Take one document out of the index: its record, the chunks no other document holds
        and their re-ranking vectors (the retriever's BM25 follows the new state). ``source``
        is the document's source as ``documents()`` lists it."""
        return self._ingestor.remove(source)
