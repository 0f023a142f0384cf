"""The eval datasets (shipped under ``assistant/data/evals``): JSON lines, validated."""

from __future__ import annotations

import json
from pathlib import Path

from assistant import resources

DATA = resources.data_dir()  # documents are named below it: corpus/..., evals/foreign/docs/...
EVALS = resources.evals_dir()


def load_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class DatasetError(ValueError):
    """A questions dataset cannot be read; the message names the file and line."""


QUESTION_KEYS = ("q", "language", "docs", "facts")


def load_questions(path: Path) -> list[dict]:
    """A questions dataset given by the user: JSONL rows with at least ``q``, ``language``,
    ``docs`` and ``facts`` (assistant/data/evals/README.md); rows whose ``docs`` are still
    empty (promoted cases not yet labelled) are left out. Errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read dataset {path}: {exc}") from exc
    rows = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{no}: not valid JSON ({exc.msg})") from exc
        missing = [k for k in QUESTION_KEYS if not isinstance(row, dict) or k not in row]
        if missing:
            raise DatasetError(f"{path}:{no}: missing {', '.join(missing)}")
        if row["docs"]:  # promoted thumbs-down cases count once their documents are labelled
            rows.append(row)
    if not rows:
        raise DatasetError(
            f"Dataset {path} has no labelled questions: give each row its 'docs' and 'facts' "
            "(assistant/data/evals/README.md)."
        )
    return rows
