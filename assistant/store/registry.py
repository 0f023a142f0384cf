"""The document registry (``<collection>-docs``): one record per source file (its content hash and
chunk ids) and the state token that changes whenever an ingest changed the chunks."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from pydantic import BaseModel

from assistant.store.connection import ChromaConnection

_STATE_ID = "__state__"


class IndexedDocument(BaseModel):
    path: str
    source: str
    doc_id: str
    title: str
    language: str
    audience: list[str]
    content_hash: str
    chunking: str
    chunk_ids: list[str]
    language_detected: bool = False
    injections: list[str] = []
    ingested_at: str = ""


def _path_key(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:32]


class DocumentRegistry:
    """The records of the indexed documents and the index's state token."""

    def __init__(self, chroma: ChromaConnection):
        self.chroma = chroma

    def documents(self) -> list[IndexedDocument]:
        got = self.chroma.registry.get(include=["documents"])
        docs = [
            IndexedDocument.model_validate_json(d)
            for i, d in zip(got["ids"], got["documents"] or [], strict=True)
            if i != _STATE_ID
        ]
        return sorted(docs, key=lambda d: d.source)

    def state(self) -> str:
        """A token that changes whenever an ingest changed the chunks (cheap: one lookup)."""
        got = self.chroma.registry.get(ids=[_STATE_ID], include=["metadatas"])
        if not got["ids"]:
            return "empty" if self.chroma.collection.count() == 0 else "unknown"
        return str(got["metadatas"][0]["fingerprint"])

    def has_state(self) -> bool:
        return bool(self.chroma.registry.get(ids=[_STATE_ID])["ids"])

    def save_state(self) -> None:
        self.chroma.registry.upsert(
            ids=[_STATE_ID],
            embeddings=[[1.0]],
            documents=["index state"],
            metadatas=[{"fingerprint": uuid.uuid4().hex, "chunks": self.chroma.collection.count()}],
        )

    def save_record(self, record: IndexedDocument) -> None:
        self.chroma.registry.upsert(
            ids=[_path_key(Path(record.path))],
            embeddings=[[1.0]],
            documents=[record.model_dump_json()],
            metadatas=[{"source": record.source, "content_hash": record.content_hash}],
        )

    def delete_record(self, record: IndexedDocument) -> None:
        self.chroma.registry.delete(ids=[_path_key(Path(record.path))])


def summary_counts(docs: list[IndexedDocument]) -> dict[str, dict[str, int]]:
    """Documents per language and per audience."""
    by_lang: dict[str, int] = {}
    by_aud: dict[str, int] = {}
    for d in docs:
        by_lang[d.language] = by_lang.get(d.language, 0) + 1
        for a in d.audience:
            by_aud[a] = by_aud.get(a, 0) + 1
    return {"language": dict(sorted(by_lang.items())), "audience": dict(sorted(by_aud.items()))}
