"""The workflow commands: ``agenda``, ``feedback-request``, ``responsibilities``, ``faq``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.interfaces.cli.app import (
    HostOpt,
    IndexOpt,
    PortOpt,
    _fail,
    _ready,
    console,
    err,
    make_settings,
)

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
