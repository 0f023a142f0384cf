"""Markdown tables read as lists (``assistant/ingest/tables.py``)."""

from __future__ import annotations

import pytest

from assistant.ingest.tables import tables_to_lists

pytestmark = pytest.mark.unit


def test_each_row_of_a_table_with_a_header_is_an_item_naming_its_columns():
    text = (
        "PEFs work through the criteria below.\n\n"
        "| Criterion | Rule | Notes |\n| --- | --- | --- |\n"
        "| Mentor capacity | Must | Two mentees at most. |\n"
        "| Same site | Preferred |  |\n\nAfter the table."
    )
    assert tables_to_lists(text) == (
        "PEFs work through the criteria below.\n\n"
        "- Mentor capacity — Rule: Must; Notes: Two mentees at most.\n"
        "- Same site — Rule: Preferred\n\nAfter the table."
    )


def test_a_docx_table_has_an_empty_row_above_the_separator_and_its_header_in_bold_below():
    text = "|  |  |  |\n| --- | --- | --- |\n| **When** | **Action** | **Who** |\n"
    text += "| Week 1 | Matching meeting | PEFs |"
    assert tables_to_lists(text) == "- Week 1 — Action: Matching meeting; Who: PEFs"


def test_a_two_column_table_reads_as_label_and_value():
    text = "| Tarih | Ne oluyor? |\n|---|---|\n| 1–25 Eylül | Başvurular |\n"
    text += "| Ekim – Mayıs | Düzenli görüşmeler |"
    assert tables_to_lists(text) == "- 1–25 Eylül: Başvurular\n- Ekim – Mayıs: Düzenli görüşmeler"


def test_a_table_without_a_header_and_text_without_tables_are_read_as_written():
    assert tables_to_lists("| Slack | #launchpad-help |\n| Wiki | go/launchpad |") == (
        "- Slack: #launchpad-help\n- Wiki: go/launchpad"
    )
    plain = "A line with a | pipe in it.\n\n- an item"
    assert tables_to_lists(plain) == plain
    fenced = "```\n| a | b |\n```"
    assert tables_to_lists(fenced) == fenced


def test_a_header_without_rows_is_dropped():
    assert tables_to_lists("Intro.\n| A | B |\n|---|---|\nEnd.") == "Intro.\nEnd."


def test_a_loaded_document_holds_its_table_as_a_list(tmp_path):
    from assistant.ingest.documents import load_document

    path = tmp_path / "timeline.md"
    path.write_text("# Timeline\n\n| When | What |\n|---|---|\n| 1 September | Applications open |\n")
    assert "- 1 September: Applications open" in load_document(path).text
