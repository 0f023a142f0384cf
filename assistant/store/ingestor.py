"""The ingestor: brings an index in line with files, in steps, and takes documents out of it.

The steps of an ingest, in their crash-safe order: read and chunk every file, decide what changes,
add new chunks before the record that references them, forget documents gone from an ingested
folder, delete chunks no record references, store the missing re-ranking vectors and the composer's
sentence vectors, then the state token. Writers hold the index's write lock.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from assistant.ingest.chunking import Chunk, chunk_document
from assistant.ingest.documents import LoadError, SourceDocument, discover, load_document
from assistant.settings import Settings
from assistant.store.chunks import ChunkCollection
from assistant.store.connection import ChromaConnection
from assistant.store.errors import IndexError_
from assistant.store.lock import write_lock
from assistant.store.registry import DocumentRegistry, IndexedDocument
from assistant.store.report import IngestReport, Progress, Skipped
from assistant.store.vectors import ChunkVectors

Plan = tuple[SourceDocument, list[Chunk], IndexedDocument | None, str]
"""A document to add or update: its chunks, its previous record (None when new) and its key."""


def _discover_files(
    paths: list[Path], base: Path | None, report: IngestReport
) -> list[tuple[Path, Path | None]]:
    """The files under ``paths``, each with the folder its document id is relative to."""
    files: list[tuple[Path, Path | None]] = []
    for root in paths:
        under = base or (root.resolve().parent if root.is_dir() else None)
        try:
            files.extend((f, under) for f in discover([root]))
        except LoadError as exc:
            report.skipped.append(Skipped(source=str(root), reason=str(exc)))
    return files


def _read_files(
    files: list[tuple[Path, Path | None]], s: Settings, progress: Progress | None, report: IngestReport
) -> list[tuple[Path, SourceDocument, list[Chunk]]]:
    """Load and chunk every file (no embedding yet); the ones that fail are reported as skipped."""
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
            report.skipped.append(Skipped(source=str(f), reason=f"{f.name}: {exc.__class__.__name__}: {exc}"))
        if progress:
            progress("read", n, len(files))
    return loaded


def _document_record(
    doc: SourceDocument, key: str, doc_id: str, chunks: list[Chunk], chunking: str
) -> IndexedDocument:
    return IndexedDocument(
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


class Ingestor:
    """Writes one index: ``ingest`` follows the files, ``remove`` takes a document out."""

    def __init__(
        self,
        chroma: ChromaConnection,
        registry: DocumentRegistry,
        chunks: ChunkCollection,
        vectors: ChunkVectors,
    ):
        self.settings = chroma.settings
        self.chroma = chroma
        self.registry = registry
        self.chunks = chunks
        self.vectors = vectors

    def ingest(
        self, paths: Iterable[Path], progress: Progress | None, rebuild: bool, base: Path | None
    ) -> IngestReport:
        started = time.perf_counter()
        paths = [Path(p) for p in paths]
        with write_lock(self.settings):
            if rebuild:
                self.chroma.reset()
            report = self._ingest_locked(paths, progress, base)
        report.seconds = round(time.perf_counter() - started, 2)
        return report

    def remove(self, source: str) -> IndexedDocument:
        with write_lock(self.settings):
            records = {r.path: r for r in self.registry.documents()}
            found = next((r for r in records.values() if source in (r.source, r.path)), None)
            if found is None:
                raise IndexError_(
                    f"No indexed document {source!r} (`mentor-assistant documents` lists them)."
                )
            self.registry.delete_record(found)
            del records[found.path]
            referenced = {cid for rec in records.values() for cid in rec.chunk_ids}
            gone = sorted(set(found.chunk_ids) - referenced)
            for i in range(0, len(gone), 500):
                self.chroma.collection.delete(ids=gone[i : i + 500])
                self.chroma.rerank_collection.delete(ids=gone[i : i + 500])
            self.chunks.reassign(set(found.chunk_ids) & referenced, records)
            self.vectors.store_sentence_vectors(embed=False)  # drop the sentences gone with it
            self.registry.save_state()
        return found

    def _ingest_locked(self, paths: list[Path], progress: Progress | None, base: Path | None) -> IngestReport:
        s = self.settings
        report = IngestReport()
        self.chroma.check_model(s.collection)
        if not self.vectors.vectors_readable():
            report.vectors_repaired = self.vectors.repair_vectors(progress)
        records = {r.path: r for r in self.registry.documents()}
        chunking = f"{s.chunk_size}/{s.chunk_overlap}"
        referenced_ids = sorted({cid for r in records.values() for cid in r.chunk_ids})
        in_collection = self.chunks.existing(referenced_ids) if referenced_ids else set()
        files = _discover_files(paths, base, report)

        # 1. read and chunk every file (no embedding yet)
        loaded = _read_files(files, s, progress, report)
        report.flagged = [(doc.source, doc.injections) for _, doc, _ in loaded if doc.injections]

        # 2. decide what changes and how many chunks need embedding
        plans, seen = self._plan(loaded, records, chunking, in_collection, report)
        all_new = [c.id for _, chunks, _, _ in plans for c in chunks]
        present = self.chunks.existing(sorted(set(all_new))) if all_new else set()
        to_embed = {c.id for _, chunks, _, _ in plans for c in chunks if c.id not in present}

        # 3. add new chunks, then record the document (in this order: crash-safe)
        dropped, report.chunks_embedded = self._write(plans, to_embed, records, chunking, progress, report)

        # 4. documents gone from an ingested folder
        dropped.update(self._forget_vanished(paths, seen, records, report))

        # 5. chunks nobody references any more (including leftovers of a killed ingest)
        self._delete_orphans(records, dropped, report)

        # 6. multilingual re-ranking vectors of new chunks (and of any a killed ingest left without)
        report.rerank_vectors = self.vectors.store_rerank_vectors(progress)

        # 7. the composer's vectors of every text new chunks hold (so a question embeds only itself)
        report.sentence_vectors = self.vectors.store_sentence_vectors(progress)
        changed = bool(report.chunks_embedded or report.chunks_deleted or plans or report.removed)
        if changed or not self.registry.has_state():
            self.registry.save_state()
        report.chunks_total = self.chunks.count()
        report.documents_total = len(records)
        return report

    def _plan(
        self,
        loaded: list[tuple[Path, SourceDocument, list[Chunk]]],
        records: dict[str, IndexedDocument],
        chunking: str,
        in_collection: set[str],
        report: IngestReport,
    ) -> tuple[list[Plan], set[str]]:
        """The documents to add or update, and the keys of every file read. An unchanged document
        is reported as such (its record follows a renamed source) and needs no plan."""
        seen: set[str] = set()
        plans: list[Plan] = []
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
                    self.registry.save_record(prev)
                report.unchanged.append(doc.source)
                continue
            plans.append((doc, chunks, prev, key))
        return plans, seen

    def _write(
        self,
        plans: list[Plan],
        to_embed: set[str],
        records: dict[str, IndexedDocument],
        chunking: str,
        progress: Progress | None,
        report: IngestReport,
    ) -> tuple[set[str], int]:
        """Add each planned document's new chunks, then its record. Returns the chunk ids updated
        documents no longer hold and the number of chunks embedded."""
        done = [0]
        embed_total = len(to_embed)
        dropped: set[str] = set()
        for doc, chunks, prev, key in plans:
            doc_id = doc.content_hash[:16]
            fresh = [c for c in chunks if c.id in to_embed]
            to_embed.difference_update(c.id for c in fresh)
            if fresh:
                self.chunks.add(doc, doc_id, fresh, progress, done, embed_total)
            record = _document_record(doc, key, doc_id, chunks, chunking)
            self.registry.save_record(record)
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
        return dropped, done[0]

    def _forget_vanished(
        self, paths: list[Path], seen: set[str], records: dict[str, IndexedDocument], report: IngestReport
    ) -> set[str]:
        """Delete the records of files gone from an ingested folder; returns their chunk ids."""
        dropped: set[str] = set()
        folders = [p.resolve() for p in paths if p.is_dir()]
        for key, rec in list(records.items()):
            if key in seen:
                continue
            under = any(Path(key).is_relative_to(folder) for folder in folders)
            if under and not Path(key).exists():
                self.registry.delete_record(rec)
                dropped.update(rec.chunk_ids)
                report.removed.append(rec.source)
                del records[key]
        return dropped

    def _delete_orphans(
        self, records: dict[str, IndexedDocument], dropped: set[str], report: IngestReport
    ) -> None:
        """Delete the chunks no record references, then re-point shared chunks at a remaining owner."""
        referenced = {cid for rec in records.values() for cid in rec.chunk_ids}
        orphans = sorted(self.chunks.ids() - referenced)
        self.chunks.delete(orphans)
        report.chunks_deleted = len(orphans)
        self.chunks.reassign(dropped - set(orphans), records)
