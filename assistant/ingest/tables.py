"""Markdown tables read as lists: a handbook's "Matching criteria" or "Timeline" table holds the
answers to questions about it, one row per fact, but the composer reads sentences and lists, and
a row of cells is neither.

Each row becomes one list item: its first cell, a colon, then the other cells ("1–25 Eylül:
Başvurular"); with three columns or more, a dash and the other cells, each named by its column's
header ("Mentor capacity — Rule: Must; Notes: Maximum of two mentees per peer mentor at any
time."). A header is the row above the ``---`` separator, or a first row whose every cell is bold
(converters of .docx tables put an empty row above the separator and the header below it). The
item's words are the document's own, so an answer quoting it is still quoted word for word.
"""

from __future__ import annotations

import re

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells)


def _unbold(cell: str) -> str:
    m = _BOLD.match(cell)
    return m.group(2).strip() if m else cell


def _items(rows: list[list[str]]) -> list[str]:
    """The list items of a table's rows (separator rows included, as read)."""
    header: list[str] = []
    data: list[list[str]] = []
    for i, cells in enumerate(rows):
        if _is_separator(cells) or not any(cells):
            continue
        all_bold = all(_BOLD.match(c) for c in cells if c)
        above_separator = i + 1 < len(rows) and _is_separator(rows[i + 1])
        if not header and not data and (above_separator or all_bold):
            header = [_unbold(c) for c in cells]
            continue
        data.append(cells)
    out = []
    for cells in data:
        filled = [(j, _unbold(c)) for j, c in enumerate(cells) if c]
        if not filled:
            continue
        (_, first), rest = filled[0], filled[1:]
        if len(cells) >= 3 and header:
            named = [f"{header[j]}: {c}" if j < len(header) and header[j] else c for j, c in rest]
            out.append(f"- {first} — {'; '.join(named)}" if named else f"- {first}")
        else:
            out.append(f"- {first}: {'; '.join(c for _, c in rest)}" if rest else f"- {first}")
    return out


def tables_to_lists(text: str) -> str:
    """``text`` with each Markdown table replaced by a list, one item per row (outside fenced
    code blocks); a table without data rows is dropped."""
    out: list[str] = []
    table: list[list[str]] = []
    fenced = False

    def flush() -> None:
        if table:
            out.extend(_items(table))
            table.clear()

    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and _ROW.match(line):
            table.append(_cells(line))
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out)
