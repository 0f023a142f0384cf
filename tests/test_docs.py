"""Figures in docs/ that are typed by hand are checked against the code they describe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.compose.config import ComposerConfig

pytestmark = pytest.mark.unit

DOCS = Path(__file__).parent.parent / "docs"


def test_the_composer_settings_table_matches_the_config():
    text = (DOCS / "answering.md").read_text(encoding="utf-8")
    text = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, re.MULTILINE))
    defaults = {name: str(f.default) for name, f in ComposerConfig.model_fields.items()}
    assert rows == defaults


PROJECT = DOCS.parent
GENERATED_BLOCK = re.compile(r"<!-- (\w+):begin -->.*?<!-- \1:end -->", re.DOTALL)
# a measured-looking figure: a decimal, a percentage or milliseconds (not a version or an address)
FIGURE = re.compile(r"(?<![\w.])(?<!Python )(\d+\.\d+(?![\w.])|\d+(?:\.\d+)? ?%|\d+ ?ms\b)")
# rows of the settings tables, whose values the tests above check against the code
CHECKED_ROW = re.compile(r"^\| `\w+` \|.*$", re.MULTILINE)


def _hand_typed_figures(text: str) -> list[str]:
    text = GENERATED_BLOCK.sub("", text)
    text = CHECKED_ROW.sub("", text)
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # commands and their sample output
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans: names, values in tables checked elsewhere
    return FIGURE.findall(text)


def test_the_thresholds_table_is_generated_from_thresholds_yaml():
    from assistant.evaluation.report import thresholds_markdown

    text = (DOCS / "evaluation.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- thresholds:begin -->\n(.*?)\n<!-- thresholds:end -->", text, re.DOTALL)
    assert block, "docs/evaluation.md lost its generated thresholds block"
    assert block.group(1) == thresholds_markdown(), "stale: run python evals/render_docs.py"
    assert "| `answers.citation_precision` | >= 0.95 | 0.95 |" in block.group(1)


def test_the_configuration_tables_give_each_settings_default():
    from assistant.settings import Settings

    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `MENTOR_(\w+)` \| `([^`]*)` \|", text, re.MULTILINE))
    wrong = {}
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None or name.upper() not in rows:
            continue
        value, shown = field.default, rows[name.upper()]
        same = shown == str(value).lower() if isinstance(value, bool) else shown == str(value)
        if isinstance(value, float) and not isinstance(value, bool):
            same = float(shown) == value
        if not same:
            wrong[name] = (shown, value)
    assert wrong == {}, "docs/configuration.md disagrees with Settings (table, code)"


def test_no_figure_in_the_readme_or_docs_is_typed_by_hand():
    """Measured figures live in generated reports and dated experiment logs; the README and the
    docs pages carry only generated blocks and values that tests check against the code."""
    pages = [PROJECT / "README.md", *sorted(DOCS.glob("*.md"))]
    found = {p.name: figs for p in pages if (figs := _hand_typed_figures(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_figure_finder_finds_figures():
    assert _hand_typed_figures("p50 655 ms, coverage 0.85, 21 % of them") == ["655 ms", "0.85", "21 %"]
    assert _hand_typed_figures("lxml 6.2.0 on 127.0.0.1, Python 3.11, `0.25`, ```\n0.5\n```") == []
    assert _hand_typed_figures("| `rank_penalty` | 0.08 | Relevance ... |") == []


def test_the_readme_file_map_has_a_line_for_every_module():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    mapped = set(re.findall(r"^\| `(assistant/[\w/]+\.py)` \|", readme, re.MULTILINE))
    modules = {
        p.relative_to(PROJECT).as_posix()
        for p in (PROJECT / "assistant").rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "data" not in p.relative_to(PROJECT).parts
    }
    assert modules - mapped == set(), "modules missing from README.md's file map"
    packaging = {"assistant/__init__.py", "assistant/__main__.py"}
    assert mapped - modules - packaging == set(), "README.md's file map names modules that do not exist"
