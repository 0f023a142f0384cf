"""The ``mentor-assistant`` typer app and what its commands share: options, settings, errors,
the ingest runner and the index check.

Each command builds one ``Settings`` from the environment plus its options and passes it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.settings import Settings

app = typer.Typer(
    name="mentor-assistant",
    help="Mentoring guidance assistant: index guidance documents and ask grounded questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True, soft_wrap=True)

IndexOpt = Annotated[
    Path | None, typer.Option("--index", help="Index directory (MENTOR_INDEX_DIR).", show_default=False)
]
HostOpt = Annotated[
    str | None,
    typer.Option("--chroma-host", help="Chroma server host (MENTOR_CHROMA_HOST).", show_default=False),
]
PortOpt = Annotated[
    int | None,
    typer.Option("--chroma-port", help="Chroma server port (MENTOR_CHROMA_PORT).", show_default=False),
]


def make_settings(**overrides) -> Settings:
    """Settings from MENTOR_* variables, with CLI options (those not None) on top."""
    from pydantic import ValidationError

    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)
    except ValidationError as exc:
        for e in exc.errors():
            loc = ".".join(str(x) for x in e["loc"]) or "settings"
            err.print(f"[red]Invalid setting {loc}:[/red] {e['msg']}")
        raise typer.Exit(2) from None


def _fail(message: str, code: int = 1):
    err.print(f"[red]Error:[/red] {message}")
    raise typer.Exit(code)


_STAGES = {
    "read": "Reading documents",
    "embed": "Embedding chunks",
    "repair": "Repairing vectors",
    "rerank": "Storing re-ranking vectors",
    "sentences": "Storing sentence vectors",
}


def _run_ingest(idx, targets: list[Path], rebuild: bool = False, quiet: bool = False):
    """``idx.ingest(targets)`` with progress on stderr: a live bar on a terminal, one plain line
    per 5 % otherwise (CI logs, cron, a pipe), nothing when ``quiet``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if quiet:
        return idx.ingest(targets, rebuild=rebuild)
    if not err.is_terminal:
        shown: dict[str, int] = {}

        def plain(stage: str, done: int, total: int) -> None:
            step = 100 * done // max(total, 1) // 5
            if shown.get(stage) == step:
                return
            shown[stage] = step
            err.print(f"{_STAGES.get(stage, stage)}: {done}/{total}", highlight=False)
            err.file.flush()

        return idx.ingest(targets, progress=plain, rebuild=rebuild)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return idx.ingest(targets, progress=progress, rebuild=rebuild)


def _ready(bot, settings: Settings) -> None:
    """Fail with a clear message unless ``bot``'s index has documents; an empty index is built
    from the corpus directory first when there is one (as ``serve`` does), so that a first
    ``ask`` on a fresh install answers instead of asking for an ingest."""
    from assistant.store.index import IndexError_

    try:
        if bot.index.documents():
            return
        corpus = settings.corpus_dir
        if not corpus.is_dir():
            _fail(
                f"The index at {settings.index_dir} is empty and there is no corpus at {corpus}: "
                "run `mentor-assistant ingest PATH` first."
            )
        err.print(f"The index at {settings.index_dir} is empty: indexing {corpus} first (about a minute).")
        report = _run_ingest(bot.index, [corpus])
        done = f"Indexed {report.documents_total} documents, {report.chunks_total} chunks."
        err.print(done, highlight=False)
        if not bot.index.documents():
            _fail(f"No readable documents in {corpus}: run `mentor-assistant ingest PATH` first.")
    except IndexError_ as exc:
        _fail(str(exc))


def main() -> None:  # pragma: no cover - console script entry
    app()
