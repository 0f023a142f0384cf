"""Commands on the index: ``ingest``, ``documents``, ``remove``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assistant.interfaces.cli.app import (
    HostOpt,
    IndexOpt,
    PortOpt,
    _fail,
    _run_ingest,
    console,
    err,
    make_settings,
)


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to index (default: the corpus directory).", show_default=False),
    ] = None,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the collection and index from scratch.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Index guidance documents incrementally (only new or changed content is embedded)."""
    from assistant.store.index import GuidanceIndex, IndexError_

    settings = make_settings(index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port)
    targets = paths or [settings.corpus_dir]
    for t in targets:
        if not t.exists():
            _fail(f"{t}: no such file or directory")
    idx = GuidanceIndex(settings)
    try:
        report = _run_ingest(idx, targets, rebuild=rebuild, quiet=as_json)
    except IndexError_ as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(report.model_dump_json())
        return
    _print_ingest_report(report)


def _print_ingest_report(report) -> None:
    for skip in report.skipped:
        err.print(f"[yellow]Skipped[/yellow] {skip.source}: {skip.reason}")
    for source, snippets in report.flagged:
        err.print(
            f"[magenta]Flagged[/magenta] {source}: {len(snippets)} instruction-like passage(s) removed "
            f"before indexing (possible prompt injection), e.g. {snippets[0][:90]!r}"
        )
    for dup, of in report.duplicates:
        console.print(f"[cyan]Duplicate[/cyan] {dup} has the same content as {of}: stored once.")
    table = Table(title="Ingest summary", show_header=False)
    for label, value in (
        ("documents added", len(report.added)),
        ("documents updated", len(report.updated)),
        ("documents unchanged", len(report.unchanged)),
        ("documents removed", len(report.removed)),
        ("files skipped", len(report.skipped)),
        ("chunks embedded", report.chunks_embedded),
        ("chunks deleted", report.chunks_deleted),
        ("vectors repaired", report.vectors_repaired),
        ("chunks in index", report.chunks_total),
        ("documents in index", report.documents_total),
        ("seconds", f"{report.seconds:.2f}"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.skipped and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(1)


def documents(
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List indexed documents with language, audience and chunk count."""
    from assistant.store.index import GuidanceIndex, IndexError_, summary_counts

    settings = make_settings(index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port)
    try:
        docs = GuidanceIndex(settings).documents()
    except IndexError_ as exc:
        _fail(str(exc))
    counts = summary_counts(docs)
    if as_json:
        payload = {
            "documents": [
                {k: getattr(d, k) for k in ("source", "title", "language", "audience")}
                | {"chunks": len(d.chunk_ids)}
                for d in docs
            ],
            **counts,
        }
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    table = Table(title=f"{len(docs)} indexed documents")
    for col in ("source", "title", "language", "audience", "chunks"):
        table.add_column(col)
    for d in docs:
        table.add_row(d.source, d.title, d.language, ", ".join(d.audience), str(len(d.chunk_ids)))
    console.print(table)
    console.print(
        "per language: "
        + ", ".join(f"{k} {v}" for k, v in counts["language"].items())
        + " | per audience: "
        + ", ".join(f"{k} {v}" for k, v in counts["audience"].items())
    )


def remove(
    source: Annotated[str, typer.Argument(help="A document's source, as `documents` lists it.")],
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Take one document out of the index (an uploaded one also leaves the uploads folder);
    recorded in the audit log."""
    import getpass

    from assistant.answering.assistant import Assistant
    from assistant.interfaces.audit import AuditLog
    from assistant.interfaces.coordinator_page import Uploads
    from assistant.store.index import IndexError_

    settings = make_settings(index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port)
    uploads = Uploads(settings, Assistant(settings), AuditLog(settings))
    try:
        err.print(uploads.remove(f"cli:{getpass.getuser()}", source))
    except IndexError_ as exc:
        _fail(str(exc))
