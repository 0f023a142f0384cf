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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from assistant.ingest.chunking import Chunk, chunk_document, rerank_text
from assistant.ingest.documents import LoadError, SourceDocument, discover, load_document
from assistant.settings import Settings, offline_environment

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Callback ``(stage, done, total)``; stages: "read", "embed", "repair", "rerank"."""


class IndexError_(RuntimeError):
    """The index cannot be opened or used; the message says what to do."""


class IndexBusy(IndexError_):
    """Another ingest holds the lock on this index."""


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


class Skipped(BaseModel):
    source: str
    reason: str


class IngestReport(BaseModel):
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    duplicates: list[tuple[str, str]] = []
    skipped: list[Skipped] = []
    flagged: list[tuple[str, list[str]]] = []  # documents with instruction-like text removed
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    vectors_repaired: int = 0  # chunks re-embedded because the vector files were unreadable
    rerank_vectors: int = 0  # chunks given a multilingual re-ranking vector
    chunks_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0


_STATE_ID = "__state__"


def get_all(collection, include: list[str], page: int = 5000) -> dict:
    """``collection.get`` in pages: one call over 100k records exceeds SQLite's variable limit."""
    out: dict = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        out["ids"] += got["ids"]
        for key in ("documents", "metadatas", "embeddings"):
            if key in include:
                out[key] += list(got[key])
        if len(got["ids"]) < page:
            return out
        offset += page


def _path_key(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:32]


class GuidanceIndex:
    """Access to the chunk collection and the document registry of one index."""

    def __init__(self, settings: Settings, embeddings=None):
        self.settings = settings
        self._embeddings = embeddings
        self._client = None
        self._store = None
        self._registry = None
        self._rerank_vectors = None

    # ------------------------------------------------------------------ opening
    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.encoders.embeddings import LazyEmbeddings

            self._embeddings = LazyEmbeddings(self.settings)
        return self._embeddings

    @property
    def client(self):
        if self._client is None:
            offline_environment()
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            s = self.settings
            if s.server_mode:
                try:
                    self._client = chromadb.HttpClient(
                        host=s.chroma_host, port=s.chroma_port, settings=chroma_settings
                    )
                    self._client.heartbeat()
                except Exception as exc:
                    raise IndexError_(
                        f"Cannot reach the Chroma server at {s.chroma_host}:{s.chroma_port} "
                        f"({exc.__class__.__name__}). Start it (chroma run --host {s.chroma_host} "
                        f"--port {s.chroma_port}) or unset MENTOR_CHROMA_HOST for the embedded index."
                    ) from exc
            else:
                try:
                    s.index_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise IndexError_(
                        f"Cannot create the index directory {s.index_dir} ({exc.strerror}). "
                        "Set MENTOR_INDEX_DIR or --index to a writable directory."
                    ) from exc
                self._client = chromadb.PersistentClient(path=str(s.index_dir), settings=chroma_settings)
        return self._client

    @property
    def store(self):
        """The langchain-chroma vector store of chunks."""
        if self._store is None:
            from langchain_chroma import Chroma

            name = self.settings.collection
            self._check_model(name)
            self._store = Chroma(
                collection_name=name,
                client=self.client,
                embedding_function=self.embeddings,
                collection_metadata={
                    "hnsw:space": "cosine",
                    "embedding_model": self.settings.embedding_model,
                },
            )
        return self._store

    def _check_model(self, name: str) -> None:
        try:
            existing = self.client.get_collection(name)
        except Exception:
            return
        model = (existing.metadata or {}).get("embedding_model")
        if model and model != self.settings.embedding_model:
            raise IndexError_(
                f"The index collection {name!r} was built with the embedding model {model!r}, "
                f"not {self.settings.embedding_model!r}. Use another MENTOR_INDEX_DIR or "
                "MENTOR_COLLECTION, or rebuild with `mentor-assistant ingest --rebuild`."
            )

    @property
    def registry(self):
        if self._registry is None:
            self._registry = self.client.get_or_create_collection(
                f"{self.settings.collection}-docs",
                embedding_function=None,
                metadata={"role": "document registry of mentor-assistant"},
            )
        return self._registry

    @property
    def collection(self):
        return self.store._collection

    @property
    def rerank_collection(self):
        """Multilingual re-ranking vectors (E5) of the chunks, under the chunks' ids.

        Chunk ids are hashes of what is embedded, so a stored vector never goes stale; the
        retriever reads them instead of embedding up to ``rerank_candidates`` passages per
        question. Filled by ingest (``rerank`` stage); a chunk without one (an ingest killed in
        that stage) is embedded at query time until the next ingest stores it.
        """
        if self._rerank_vectors is None:
            self._rerank_vectors = self.client.get_or_create_collection(
                f"{self.settings.collection}-rerank",
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "scorer": self.settings.multilingual_scorer},
            )
        return self._rerank_vectors

    def rerank_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored re-ranking vectors of ``ids`` (missing ones are left out; never raises)."""
        found: dict[str, np.ndarray] = {}
        try:
            for i in range(0, len(ids), 500):
                got = self.rerank_collection.get(ids=ids[i : i + 500], include=["embeddings"])
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

        scorer = load_scorer(self.settings.multilingual_scorer)
        if scorer is None or not self.settings.rerank_vectors:
            return 0
        chunk_ids = self.chunk_ids()
        stored = set(get_all(self.rerank_collection, include=[])["ids"])
        stale = sorted(stored - chunk_ids)
        for i in range(0, len(stale), 500):
            self.rerank_collection.delete(ids=stale[i : i + 500])
        missing = sorted(chunk_ids - stored)
        batch = 16
        for i in range(0, len(missing), batch):
            got = self.collection.get(ids=missing[i : i + batch], include=["documents"])
            texts = [rerank_text(d or "") for d in got["documents"]]
            vecs = scorer.passages(texts)
            self.rerank_collection.upsert(ids=got["ids"], embeddings=vecs.tolist())
            if progress:
                progress("rerank", min(i + batch, len(missing)), len(missing))
        return len(missing)

    # ------------------------------------------------------------------ reading
    def documents(self) -> list[IndexedDocument]:
        got = self.registry.get(include=["documents"])
        docs = [
            IndexedDocument.model_validate_json(d)
            for i, d in zip(got["ids"], got["documents"] or [], strict=True)
            if i != _STATE_ID
        ]
        return sorted(docs, key=lambda d: d.source)

    def state(self) -> str:
        """A token that changes whenever an ingest changed the chunks (cheap: one lookup)."""
        got = self.registry.get(ids=[_STATE_ID], include=["metadatas"])
        if not got["ids"]:
            return "empty" if self.collection.count() == 0 else "unknown"
        return str(got["metadatas"][0]["fingerprint"])

    def _save_state(self) -> None:
        self.registry.upsert(
            ids=[_STATE_ID],
            embeddings=[[1.0]],
            documents=["index state"],
            metadatas=[{"fingerprint": uuid.uuid4().hex, "chunks": self.chunk_count()}],
        )

    def chunk_count(self) -> int:
        return self.collection.count()

    def chunk_ids(self) -> set[str]:
        return set(get_all(self.collection, include=[])["ids"])

    # ------------------------------------------------------------------ writing
    def _save_record(self, record: IndexedDocument) -> None:
        self.registry.upsert(
            ids=[_path_key(Path(record.path))],
            embeddings=[[1.0]],
            documents=[record.model_dump_json()],
            metadatas=[{"source": record.source, "content_hash": record.content_hash}],
        )

    def _delete_record(self, record: IndexedDocument) -> None:
        self.registry.delete(ids=[_path_key(Path(record.path))])

    def reset(self) -> None:
        """Delete every chunk and record of this collection (used by ``--rebuild``)."""
        c = self.settings.collection
        for name in (c, f"{c}-docs", f"{c}-rerank"):
            try:
                self.client.delete_collection(name)
            except Exception:
                pass
        self._store = None
        self._registry = None
        self._rerank_vectors = None

    def vectors_readable(self) -> bool:
        """Whether every chunk has its vector and nearest-neighbour search returns only chunks
        that exist (False when a kill left Chroma's vector files damaged or out of step)."""
        count = self.collection.count()
        if count == 0:
            return True
        try:
            data = get_all(self.collection, include=["embeddings"])
            if len(data["ids"]) != count or any(e is None for e in data["embeddings"]):
                return False
            known = set(data["ids"])
            step = max(1, len(known) // 8)
            probes = [[float(x) for x in data["embeddings"][i]] for i in range(0, len(known), step)][:8]
            res = self.collection.query(query_embeddings=probes, n_results=min(count, 50), include=[])
            return all(cid in known for ids in res["ids"] for cid in ids)
        except Exception:
            return False

    def repair_vectors(self, progress: Progress | None = None) -> int:
        """Rebuild the chunk collection's vectors from its stored texts and metadata.

        Returns the number of chunks re-embedded. A kill during the repair loses chunks from the
        collection, never records; the next ingest re-embeds them from their files.
        """
        data = get_all(self.collection, include=["documents", "metadatas"])
        ids, texts, metas = data["ids"], data["documents"], data["metadatas"]
        name = self.settings.collection
        self.client.delete_collection(name)
        self._store = None
        batch = self.settings.embed_batch_size
        for i in range(0, len(ids), batch):
            self.store.add_texts(
                texts=texts[i : i + batch], metadatas=metas[i : i + batch], ids=ids[i : i + batch]
            )
            if progress:
                progress("repair", min(i + batch, len(ids)), len(ids))
        return len(ids)

    def _existing(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            found.update(self.collection.get(ids=ids[i : i + 500], include=[])["ids"])
        return found

    def _add_chunks(
        self,
        doc: SourceDocument,
        doc_id: str,
        chunks: list[Chunk],
        progress: Progress | None,
        done: list[int],
        total: int,
    ) -> None:
        batch = self.settings.embed_batch_size
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            self.store.add_texts(
                texts=[c.embed_text for c in part],
                metadatas=[c.metadata(doc, doc_id) for c in part],
                ids=[c.id for c in part],
            )
            done[0] += len(part)
            if progress:
                progress("embed", done[0], total)

    def _reassign(self, ids: Iterable[str], records: dict[str, IndexedDocument]) -> None:
        """Point chunks still shared by another document at a document that still has them."""
        owners: dict[str, IndexedDocument] = {}
        for rec in records.values():
            for cid in rec.chunk_ids:
                owners.setdefault(cid, rec)
        ids = [i for i in ids if i in owners]
        if not ids:
            return
        got = self.collection.get(ids=ids, include=["metadatas"])
        new_ids, new_meta = [], []
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
            owner = owners[cid]
            if meta.get("source") != owner.source:
                new_ids.append(cid)
                new_meta.append({**meta, "source": owner.source, "doc_id": owner.doc_id})
        if new_ids:
            self.collection.update(ids=new_ids, metadatas=new_meta)

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
        started = time.perf_counter()
        paths = [Path(p) for p in paths]
        with self._writing():
            if rebuild:
                self.reset()
            report = self._ingest_locked(paths, progress, base)
        report.seconds = round(time.perf_counter() - started, 2)
        return report

    @contextlib.contextmanager
    def _writing(self):
        """Hold the index's write lock (one writer at a time, across processes)."""
        from filelock import FileLock, Timeout

        try:
            self.settings.index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(
                f"Cannot create the index directory {self.settings.index_dir} ({exc.strerror}). "
                "Set MENTOR_INDEX_DIR or --index to a writable directory."
            ) from exc
        lock = FileLock(str(self.settings.lock_path), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusy(
                f"Another ingest is running on {self.settings.index_dir} (lock "
                f"{self.settings.lock_path}). Wait for it to finish, then run this one again."
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def remove(self, source: str) -> IndexedDocument:
        """Take one document out of the index: its record, the chunks no other document holds
        and their re-ranking vectors (the retriever's BM25 follows the new state). ``source``
        is the document's source as ``documents()`` lists it."""
        with self._writing():
            records = {r.path: r for r in self.documents()}
            found = next((r for r in records.values() if source in (r.source, r.path)), None)
            if found is None:
                raise IndexError_(
                    f"No indexed document {source!r} (`mentor-assistant documents` lists them)."
                )
            self._delete_record(found)
            del records[found.path]
            referenced = {cid for rec in records.values() for cid in rec.chunk_ids}
            gone = sorted(set(found.chunk_ids) - referenced)
            for i in range(0, len(gone), 500):
                self.collection.delete(ids=gone[i : i + 500])
                self.rerank_collection.delete(ids=gone[i : i + 500])
            self._reassign(set(found.chunk_ids) & referenced, records)
            self._save_state()
        return found

    def _ingest_locked(self, paths: list[Path], progress: Progress | None, base: Path | None) -> IngestReport:
        s = self.settings
        report = IngestReport()
        self._check_model(s.collection)
        if not self.vectors_readable():
            report.vectors_repaired = self.repair_vectors(progress)
        records = {r.path: r for r in self.documents()}
        chunking = f"{s.chunk_size}/{s.chunk_overlap}"
        referenced_ids = sorted({cid for r in records.values() for cid in r.chunk_ids})
        in_collection = self._existing(referenced_ids) if referenced_ids else set()

        files: list[tuple[Path, Path | None]] = []
        for root in paths:
            under = base or (root.resolve().parent if root.is_dir() else None)
            try:
                files.extend((f, under) for f in discover([root]))
            except LoadError as exc:
                report.skipped.append(Skipped(source=str(root), reason=str(exc)))

        # 1. read and chunk every file (no embedding yet)
        loaded: list[tuple[Path, SourceDocument, list[Chunk]]] = []
        max_bytes = int(s.max_file_mb * 2**20)
        for n, (f, under) in enumerate(files, 1):
            try:
                doc = load_document(f, max_bytes=max_bytes, base=under)
                chunks = chunk_document(doc, s.chunk_size, s.chunk_overlap)
                if not chunks:
                    raise LoadError(f"{f.name}: no text to index")
                loaded.append((f, doc, chunks))
            except LoadError as exc:
                report.skipped.append(Skipped(source=str(f), reason=str(exc)))
            except Exception as exc:  # a converter bug must not stop the other files
                report.skipped.append(
                    Skipped(source=str(f), reason=f"{f.name}: {exc.__class__.__name__}: {exc}")
                )
            if progress:
                progress("read", n, len(files))

        report.flagged = [(doc.source, doc.injections) for _, doc, _ in loaded if doc.injections]

        # 2. decide what changes and how many chunks need embedding
        seen: set[str] = set()
        plans: list[tuple[SourceDocument, list[Chunk], IndexedDocument | None, str]] = []
        for f, doc, chunks in loaded:
            key = str(f.resolve())
            seen.add(key)
            prev = records.get(key)
            ids = [c.id for c in chunks]
            if (
                prev
                and prev.content_hash == doc.content_hash
                and prev.chunking == chunking
                and prev.chunk_ids == ids
                and in_collection.issuperset(ids)  # chunks lost to a killed repair are re-embedded
            ):
                if prev.source != doc.source:
                    prev.source = doc.source
                    self._save_record(prev)
                report.unchanged.append(doc.source)
                continue
            plans.append((doc, chunks, prev, key))

        all_new = [c.id for _, chunks, _, _ in plans for c in chunks]
        present = self._existing(sorted(set(all_new))) if all_new else set()
        to_embed = {c.id for _, chunks, _, _ in plans for c in chunks if c.id not in present}
        done = [0]
        embed_total = len(to_embed)
        dropped: set[str] = set()

        # 3. add new chunks, then record the document (in this order: crash-safe)
        for doc, chunks, prev, key in plans:
            doc_id = doc.content_hash[:16]
            fresh = [c for c in chunks if c.id in to_embed]
            to_embed.difference_update(c.id for c in fresh)
            if fresh:
                self._add_chunks(doc, doc_id, fresh, progress, done, embed_total)
            record = IndexedDocument(
                path=key,
                source=doc.source,
                doc_id=doc_id,
                title=doc.title,
                language=doc.language,
                audience=doc.audience,
                content_hash=doc.content_hash,
                chunking=chunking,
                chunk_ids=[c.id for c in chunks],
                language_detected=doc.language_detected,
                injections=doc.injections,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
            self._save_record(record)
            if prev:
                dropped.update(set(prev.chunk_ids) - set(record.chunk_ids))
                report.updated.append(doc.source)
            else:
                twin = next(
                    (r for r in records.values() if r.content_hash == doc.content_hash and r.path != key),
                    None,
                )
                if twin and not fresh:
                    report.duplicates.append((doc.source, twin.source))
                report.added.append(doc.source)
            records[key] = record

        # 4. documents gone from an ingested folder
        folders = [p.resolve() for p in paths if p.is_dir()]
        for key, rec in list(records.items()):
            if key in seen:
                continue
            under = any(Path(key).is_relative_to(folder) for folder in folders)
            if under and not Path(key).exists():
                self._delete_record(rec)
                dropped.update(rec.chunk_ids)
                report.removed.append(rec.source)
                del records[key]

        # 5. chunks nobody references any more (including leftovers of a killed ingest)
        referenced = {cid for rec in records.values() for cid in rec.chunk_ids}
        orphans = sorted(self.chunk_ids() - referenced)
        for i in range(0, len(orphans), 500):
            self.collection.delete(ids=orphans[i : i + 500])
        report.chunks_deleted = len(orphans)
        self._reassign(dropped - set(orphans), records)

        report.chunks_embedded = done[0]
        # 6. multilingual re-ranking vectors of new chunks (and of any a killed ingest left without)
        report.rerank_vectors = self.store_rerank_vectors(progress)
        changed = bool(report.chunks_embedded or report.chunks_deleted or plans or report.removed)
        if changed or not self.registry.get(ids=[_STATE_ID])["ids"]:
            self._save_state()
        report.chunks_total = self.chunk_count()
        report.documents_total = len(records)
        return report


def summary_counts(docs: list[IndexedDocument]) -> dict[str, dict[str, int]]:
    """Documents per language and per audience."""
    by_lang: dict[str, int] = {}
    by_aud: dict[str, int] = {}
    for d in docs:
        by_lang[d.language] = by_lang.get(d.language, 0) + 1
        for a in d.audience:
            by_aud[a] = by_aud.get(a, 0) + 1
    return {"language": dict(sorted(by_lang.items())), "audience": dict(sorted(by_aud.items()))}


def dumps_report(report: IngestReport) -> str:
    return json.dumps(report.model_dump(), ensure_ascii=False, indent=2)
