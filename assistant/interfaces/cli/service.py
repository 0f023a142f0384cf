"""The ``serve`` command: the chat UI and the coordinator's page."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.interfaces.cli.app import (
    HostOpt,
    IndexOpt,
    PortOpt,
    _fail,
    err,
    make_settings,
)


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address (MENTOR_UI_HOST).", show_default=False)
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Port (MENTOR_UI_PORT).", show_default=False)
    ] = None,
    ingest_corpus: Annotated[
        bool, typer.Option("--ingest/--no-ingest", help="Index the corpus directory first (incremental).")
    ] = True,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Start the chat UI (indexes the corpus first when it is missing or stale)."""
    from assistant.interfaces.server import launch
    from assistant.store.index import IndexError_

    settings = make_settings(
        index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port, ui_host=host, ui_port=port
    )
    err.print(f"Starting the mentor assistant on http://{settings.ui_host}:{settings.ui_port} …")
    try:
        launch(settings, ensure_index=ingest_corpus)
    except IndexError_ as exc:
        _fail(str(exc))
