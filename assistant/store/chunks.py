"""The chunk collection's records: counting and listing them, adding a document's chunks (embedded
in batches) and pointing chunks that several documents share at an owner that still holds them."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.ingest.chunking import Chunk
from assistant.ingest.documents import SourceDocument
from assistant.store.connection import ChromaConnection, get_all
from assistant.store.registry import IndexedDocument
from assistant.store.report import Progress


class ChunkCollection:
    """Reads and writes the chunks of one index (their vectors are ``ChunkVectors``' concern)."""

    def __init__(self, chroma: ChromaConnection):
        self.chroma = chroma

    def count(self) -> int:
        return self.chroma.collection.count()

    def ids(self) -> set[str]:
        return set(get_all(self.chroma.collection, include=[])["ids"])

    def existing(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            found.update(self.chroma.collection.get(ids=ids[i : i + 500], include=[])["ids"])
        return found

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 500):
            self.chroma.collection.delete(ids=ids[i : i + 500])

    def add(
        self,
        doc: SourceDocument,
        doc_id: str,
        chunks: list[Chunk],
        progress: Progress | None,
        done: list[int],
        total: int,
    ) -> None:
        batch = self.chroma.settings.embed_batch_size
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            self.chroma.store.add_texts(
                texts=[c.embed_text for c in part],
                metadatas=[c.metadata(doc, doc_id) for c in part],
                ids=[c.id for c in part],
            )
            done[0] += len(part)
            if progress:
                progress("embed", done[0], total)

    def reassign(self, ids: Iterable[str], records: dict[str, IndexedDocument]) -> None:
        """Point chunks still shared by another document at a document that still has them."""
        owners: dict[str, IndexedDocument] = {}
        for rec in records.values():
            for cid in rec.chunk_ids:
                owners.setdefault(cid, rec)
        ids = [i for i in ids if i in owners]
        if not ids:
            return
        got = self.chroma.collection.get(ids=ids, include=["metadatas"])
        new_ids, new_meta = [], []
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
            owner = owners[cid]
            if meta.get("source") != owner.source:
                new_ids.append(cid)
                new_meta.append({**meta, "source": owner.source, "doc_id": owner.doc_id})
        if new_ids:
            self.chroma.collection.update(ids=new_ids, metadatas=new_meta)
