"""Rendering query results: a Rich table for people, json/jsonl/csv for scripts.

Rows are plain dicts.  ``render_rows`` streams json, jsonl and csv row by row
(an archive of 100,000 visits never sits in memory twice); the table view
shows at most ``limit`` rows and says how many it left out.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, TextIO


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def resolve_format(fmt: Format | None, stream: TextIO | None = None) -> Format:
    """The format asked for, else a table on a terminal and JSON otherwise."""
    if fmt is not None:
        return fmt
    stream = stream or sys.stdout
    return Format.table if stream.isatty() else Format.json


def to_json(value: Any, indent: int | None = 2) -> str:
    """JSON that keeps Vietnamese readable (no \\u escapes)."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def write_json(rows: Iterable[dict], out: TextIO) -> int:
    """A JSON array, one row per line, written as rows arrive."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        out.write("\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict], out: TextIO, columns: Sequence[str]) -> int:
    """CSV with a header; lists and dicts inside a cell are written as JSON."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _table_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    return str(value)


# Columns shown on one line, cut with "…", in tables (json/csv keep them whole).
CLIPPED = frozenset({"article_title", "source", "url"})
CLIP_WIDTH = 24
# Short values that read badly when broken ("2025-11-" / "27").
UNBROKEN = frozenset({"date", "last_visit", "first_visit", "published", "commune_type", "type"})


def write_table(
    rows: Iterable[dict],
    columns: Sequence[str],
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    limit: int | None = None,
    console: Any = None,
    empty: str = "No results.",
    more: bool = False,
) -> int:
    """A Rich table of the first ``limit`` rows; returns the number of rows
    seen.  ``more`` says that ``rows`` holds only the first of the matches."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        header = (headers or {}).get(column, column)
        if column in CLIPPED:  # long, and only there to recognise the row: one line
            table.add_column(header, overflow="ellipsis", no_wrap=True, max_width=CLIP_WIDTH)
        elif column in UNBROKEN:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, overflow="fold")
    shown = seen = 0
    for row in rows:
        seen += 1
        if limit is None or shown < limit:
            # Text, not markup: "[...]" in an article must print as it is
            table.add_row(*(Text(_table_text(row.get(c))) for c in columns))
            shown += 1
    if not seen:
        console.print(empty)
        return 0
    console.print(table)
    if shown < seen:
        console.print(f"[dim]{shown} of {seen} rows shown; use --limit 0 for all, or --format csv/json[/dim]")
    elif more:
        console.print(f"[dim]first {shown} rows shown, more match; use --limit 0 for all, or --format csv/json[/dim]")
    return seen


def render_rows(
    rows: Iterable[dict],
    fmt: Format,
    columns: Sequence[str],
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    limit: int | None = None,
    out: TextIO | None = None,
    console: Any = None,
) -> int:
    """Render ``rows`` in ``fmt``; ``limit`` caps the table view only
    (machine formats stream every row unless the query itself was limited)."""
    out = out or sys.stdout
    if fmt is Format.json:
        return write_json(rows, out)
    if fmt is Format.jsonl:
        return write_jsonl(rows, out)
    if fmt is Format.csv:
        return write_csv(rows, out, columns)
    return write_table(rows, columns, title=title, headers=headers, limit=limit, console=console)
