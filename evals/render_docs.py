"""Rewrite the generated blocks of docs/ from their sources (today: the thresholds table of
docs/evaluation.md from assistant/data/evals/thresholds.yaml).

    python evals/render_docs.py

``tests/test_docs.py`` fails when a block differs from what this writes.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
BEGIN, END = "<!-- thresholds:begin -->", "<!-- thresholds:end -->"


def render(text: str) -> str:
    from assistant.evaluation.report import thresholds_markdown

    block = f"{BEGIN}\n{thresholds_markdown()}\n{END}"
    return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)


def main() -> None:
    path = DOCS / "evaluation.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
