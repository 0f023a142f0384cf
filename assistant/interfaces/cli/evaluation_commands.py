"""The evaluation commands: ``eval`` and ``promote-cases``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.interfaces.cli.app import (
    _fail,
    console,
    err,
    make_settings,
)


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
    from assistant.evaluation.datasets import DatasetError, load_questions
    from assistant.evaluation.report import (
        THRESHOLDS,
        check_thresholds,
        print_table,
        write_partial,
        write_report,
    )
    from assistant.evaluation.runner import run_eval

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
