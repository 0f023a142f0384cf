"""The ``ask`` command: one question, or many from a file, answered with citations."""

from __future__ import annotations

import json
import sys
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

    from assistant.retrieval.passages import place

    if answer.searched_for != answer.question:
        console.print(f"[dim]searched for: {answer.searched_for}[/dim]")
    console.print(
        Panel(Markdown(answer.answer), title="Answer", border_style="red" if answer.refused else "green")
    )
    for c in answer.citations:
        where = place(c.title, c.heading)
        console.print(f"[bold][{c.n}][/bold] {where} [dim]({c.source})[/dim]")
