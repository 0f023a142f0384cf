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
