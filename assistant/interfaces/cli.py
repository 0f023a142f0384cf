"""The ``mentor-assistant`` command line (typer + rich).

Each command builds one ``Settings`` from the environment plus its options and passes it down.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

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


@app.command()
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


@app.command()
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


def _batch_questions(path: Path) -> list[dict]:
    """One question per line, or JSONL objects with a ``q`` field (and optional ``role``)."""
    from assistant.ingest.documents import decode_bytes

    try:
        text = decode_bytes(path.read_bytes(), path.name) if str(path) != "-" else sys.stdin.read()
    except OSError as exc:
        _fail(f"{path}: cannot read ({exc.strerror})")
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                _fail(f"{path}:{n}: invalid JSON ({exc.msg})")
            if not isinstance(obj, dict) or not isinstance(obj.get("q"), str):
                _fail(f"{path}:{n}: a JSON line needs a string field 'q'")
            items.append(obj)
        else:
            items.append({"q": line})
    return items


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The question.", show_default=False)] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="mentee, mentor or coordinator.", show_default=False)
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Answer language (en, tr); default: the question's.")
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="File of questions (one per line, or JSONL with 'q'); '-' = stdin."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    generator: Annotated[
        str | None, typer.Option("--generator", help="Generator (MENTOR_GENERATOR).", show_default=False)
    ] = None,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Answer a question from the guidance, with citations (or many with --batch, as JSON lines)."""
    from assistant.answering.answer import Answer, QuestionError
    from assistant.answering.assistant import Assistant
    from assistant.generators.base import STREAMS, GeneratorError, has
    from assistant.store.index import IndexError_

    settings = make_settings(
        index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port, generator=generator
    )
    if (question is None) == (batch is None):
        _fail("Give a question, or --batch FILE (not both).", 2)
    bot = Assistant(settings)
    _ready(bot, settings)
    if batch is not None:
        failures = 0
        for item in _batch_questions(batch):
            try:
                answer = bot.ask(
                    item["q"], role=item.get("role", role), language=item.get("language", language)
                )
                print(json.dumps(answer.public(), ensure_ascii=False), flush=True)
            except (QuestionError, GeneratorError) as exc:
                failures += 1
                print(json.dumps({"question": item["q"], "error": str(exc)}, ensure_ascii=False), flush=True)
        raise typer.Exit(1 if failures else 0)
    try:
        if as_json:
            answer = bot.ask(question, role=role, language=language)
            print(json.dumps(answer.public(), ensure_ascii=False, indent=2))
            return
        final: Answer | None = None
        live = has(bot.generator, STREAMS)  # echo a model's text as it is written
        for item in bot.stream(question, role=role, language=language):
            if isinstance(item, Answer):
                final = item
            elif live:
                err.print(item, end="", style="dim")
    except (QuestionError, GeneratorError, IndexError_) as exc:
        _fail(str(exc))
    assert final is not None
    if live:
        err.print()
    _print_answer(final)


def _print_answer(answer) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel

    if answer.searched_for != answer.question:
        console.print(f"[dim]searched for: {answer.searched_for}[/dim]")
    console.print(
        Panel(Markdown(answer.answer), title="Answer", border_style="red" if answer.refused else "green")
    )
    for c in answer.citations:
        where = f"{c.title} › {c.heading}" if c.heading else c.title
        console.print(f"[bold][{c.n}][/bold] {where} [dim]({c.source})[/dim]")


LangOpt = Annotated[str, typer.Option("--language", help="en or tr.")]


def _workflow_assistant(index, chroma_host, chroma_port):
    from assistant.answering.assistant import Assistant

    settings = make_settings(index_dir=index, chroma_host=chroma_host, chroma_port=chroma_port)
    bot = Assistant(settings)
    _ready(bot, settings)
    return bot


def _emit(model, as_json: bool) -> None:
    if as_json:
        print(model.model_dump_json(indent=2))
    else:
        from rich.markdown import Markdown

        console.print(Markdown(model.to_markdown()))


@app.command()
def agenda(
    kind: Annotated[str, typer.Option("--kind", help="first, regular or closing.")] = "first",
    minutes: Annotated[int, typer.Option("--minutes", help="Session length; items add up to it.")] = 60,
    goal: Annotated[list[str] | None, typer.Option("--goal", help="A goal (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes or a focus topic.")] = None,
    role: Annotated[str, typer.Option("--role", help="mentee or mentor.")] = "mentee",
    language: LangOpt = "en",
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write a calendar event (.ics).")] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Event start for --ics, e.g. 2026-12-01T10:00.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON.")] = False,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Draft a time-boxed session agenda grounded in the guidance (optionally as .ics)."""
    from datetime import datetime, timedelta

    from assistant.workflows import WorkflowError, build_agenda

    bot = _workflow_assistant(index, chroma_host, chroma_port)
    try:
        result = build_agenda(bot, kind, minutes, goal, notes, role, language)
    except WorkflowError as exc:
        _fail(str(exc), 2)
    if ics is not None:
        try:
            when = (
                datetime.fromisoformat(start)
                if start
                else (datetime.now() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
            )
        except ValueError:
            _fail(f"--start {start!r} is not a date and time like 2026-12-01T10:00", 2)
        ics.write_bytes(result.to_ics(when))
        err.print(f"Calendar event written to {ics}")
    _emit(result, as_json)


@app.command("feedback-request")
def feedback_request(
    to: Annotated[str, typer.Option("--to", help="mentor or mentee.")] = "mentor",
    about: Annotated[str | None, typer.Option("--about", help="What the feedback is about.")] = None,
    session_date: Annotated[
        str | None, typer.Option("--session-date", help="Date of the session, e.g. 2026-11-20.")
    ] = None,
    questions: Annotated[int, typer.Option("--questions", help="1 to 3 specific questions.")] = 3,
    tone: Annotated[str, typer.Option("--tone", help="warm or formal.")] = "warm",
    language: LangOpt = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON.")] = False,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Draft a ready-to-send message asking for specific feedback."""
    from datetime import date

    from assistant.workflows import WorkflowError, build_feedback_request

    try:
        when = date.fromisoformat(session_date) if session_date else None
    except ValueError:
        _fail(f"--session-date {session_date!r} is not a date like 2026-11-20", 2)
    bot = _workflow_assistant(index, chroma_host, chroma_port)
    try:
        result = build_feedback_request(bot, to, about, when, questions, tone, language)
    except WorkflowError as exc:
        _fail(str(exc), 2)
    _emit(result, as_json)


@app.command()
def responsibilities(
    role: Annotated[str, typer.Option("--role", help="mentee, mentor or coordinator.")] = "mentee",
    situation: Annotated[
        str | None, typer.Option("--situation", help='A situation, e.g. "my mentee keeps cancelling".')
    ] = None,
    language: LangOpt = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON.")] = False,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Coach a role: responsibilities, do's and don'ts, pitfalls, self-check, situation advice."""
    from assistant.answering.answer import QuestionError
    from assistant.workflows import WorkflowError, build_role_guide

    bot = _workflow_assistant(index, chroma_host, chroma_port)
    try:
        result = build_role_guide(bot, role, situation, language)
    except (WorkflowError, QuestionError) as exc:
        _fail(str(exc), 2)
    _emit(result, as_json)


@app.command()
def faq(
    audience: Annotated[
        str | None, typer.Option("--audience", help="Only documents for mentee, mentor or coordinator.")
    ] = None,
    count: Annotated[int, typer.Option("--count", help="Number of question/answer pairs.")] = 30,
    language: LangOpt = "en",
    fmt: Annotated[str, typer.Option("--format", help="md, csv or json.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
    index: IndexOpt = None,
    chroma_host: HostOpt = None,
    chroma_port: PortOpt = None,
) -> None:
    """Generate onboarding Q&A from every indexed document (each answer cited)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.workflows import WorkflowError, build_faq

    if fmt not in ("md", "csv", "json"):
        _fail("--format must be md, csv or json", 2)
    if audience is not None and audience not in ("mentee", "mentor", "coordinator"):
        _fail("--audience must be mentee, mentor or coordinator", 2)
    bot = _workflow_assistant(index, chroma_host, chroma_port)
    with Progress(
        TextColumn("Writing Q&A"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        task = bar.add_task("faq", total=count)
        try:
            result = build_faq(
                bot, count, language, audience, progress=lambda done, total: bar.update(task, completed=done)
            )
        except WorkflowError as exc:
            _fail(str(exc), 2)
    text = {"md": result.to_markdown, "csv": result.to_csv, "json": result.to_json}[fmt]()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        print(text)
    err.print(
        f"{len(result.items)} pairs; documents cited {result.documents_cited}/{result.documents_indexed} "
        f"(coverage {result.coverage:.0%}); duplicates dropped {result.duplicates_dropped}"
    )


@app.command("eval")
def eval_(
    generator: Annotated[str | None, typer.Option("--generator", help="Generator to evaluate.")] = None,
    report: Annotated[Path, typer.Option("--report", help="Folder for metrics.json and the report.")] = Path(
        ".mentor/eval-report"
    ),
    thresholds: Annotated[Path | None, typer.Option("--thresholds", help="Thresholds YAML.")] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Include the textbook baseline.")
    ] = True,
    faq: Annotated[bool, typer.Option("--faq/--no-faq", help="Include the FAQ coverage check.")] = True,
    dataset: Annotated[
        list[Path] | None,
        typer.Option(
            "--dataset",
            help="Questions JSONL to evaluate instead of assistant/data/evals/questions.jsonl (repeatable).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="At most this many items of each dataset (quick runs)."),
    ] = None,
) -> None:
    """Run the offline evaluation suite; exit 1 when a metric misses its threshold."""
    from assistant.evaluation.report import (
        THRESHOLDS,
        check_thresholds,
        print_table,
        write_partial,
        write_report,
    )
    from assistant.evaluation.runner import DatasetError, load_questions, run_eval

    try:  # a bad dataset fails before minutes of indexing, not after
        questions = [q for path in dataset for q in load_questions(path)] if dataset else None
    except DatasetError as exc:
        _fail(str(exc))
    settings = make_settings(generator=generator)
    metrics = run_eval(
        settings,
        generator,
        progress=lambda msg: err.print(f"[dim]eval: {msg}[/dim]"),
        include_baseline=baseline,
        faq=faq,
        questions=questions,
        limit=limit,
        checkpoint=lambda measured: write_partial(measured, report),
    )
    checks = check_thresholds(metrics, thresholds or THRESHOLDS)
    print_table(metrics, checks, console)
    path = write_report(metrics, checks, report)
    console.print(f"Report: {path} (and metrics.json, report.html)")
    failed = [c[0] for c in checks if not c[4]]
    if failed:
        err.print(f"[red]Below threshold:[/red] {', '.join(failed)}")
        raise typer.Exit(1)


@app.command("promote-cases")
def promote_cases(
    cases: Annotated[
        Path | None, typer.Option("--cases", help="Thumbs-down file (default: in MENTOR_DATA_DIR).")
    ] = None,
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset", help="Dataset to append to (default: the one `eval` reads).", show_default=False
        ),
    ] = None,
) -> None:
    """Promote thumbs-down cases from the UI into an eval dataset (deduplicated, marked for review)."""
    from assistant.resources import evals_dir

    settings = make_settings()
    dataset = dataset or evals_dir() / "questions_from_feedback.jsonl"
    src = cases or settings.data_dir / "feedback" / "cases.jsonl"
    if not src.is_file():
        _fail(f"No thumbs-down cases at {src}.")
    existing = []
    if dataset.is_file():
        existing = [json.loads(x) for x in dataset.read_text(encoding="utf-8").splitlines() if x.strip()]
    seen = {e["q"].strip().lower() for e in existing}
    added = 0
    with dataset.open("a", encoding="utf-8") as out:
        for line in src.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            q = case.get("question", "").strip()
            if not q or q.lower() in seen:
                continue
            seen.add(q.lower())
            record = {
                "id": f"fb{len(existing) + added + 1:03d}",
                "q": q,
                "language": case.get("language", "en"),
                "role": case.get("role"),
                "docs": [],  # to label: the documents that answer it
                "facts": [],
                "needs_review": True,
                "thumbs_down": {
                    "searched_for": case.get("searched_for"),
                    "answer": case.get("answer"),
                    "passage_ids": case.get("passage_ids", []),
                    "sources": case.get("sources", []),
                },
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            added += 1
    console.print(
        f"Promoted {added} new case(s) into {dataset}; label 'docs' and 'facts', then drop 'needs_review'."
    )


# ---------------------------------------------------------------------- coordinators and removal
coordinators_app = typer.Typer(help="Coordinator accounts: who may change the guidance in the UI.")
app.add_typer(coordinators_app, name="coordinators")


@coordinators_app.command("add")
def coordinators_add(
    name: Annotated[str, typer.Argument(help="Account name used to sign in.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a coordinator account, or set a new password (asked twice, never shown)."""
    from assistant.interfaces.accounts import AccountError, Coordinators

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        Coordinators(make_settings()).add(name, password)
    except AccountError as exc:
        _fail(str(exc), 2)
    err.print(f"Coordinator [bold]{name}[/bold] can now sign in at /coordinator.")


@coordinators_app.command("list")
def coordinators_list() -> None:
    """List the coordinator accounts (names only)."""
    from assistant.interfaces.accounts import Coordinators

    for name in Coordinators(make_settings()).names():
        console.print(name)


@coordinators_app.command("remove")
def coordinators_remove(name: Annotated[str, typer.Argument(help="Account to delete.")]) -> None:
    """Delete a coordinator account."""
    from assistant.interfaces.accounts import Coordinators

    if not Coordinators(make_settings()).remove(name):
        _fail(f"No coordinator named {name!r}.")
    err.print(f"Removed coordinator {name}.")


@app.command()
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


@app.command()
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


def main() -> None:  # pragma: no cover - console script entry
    app()
