"""Query rows written to stdout: a table for people (every cell whole, however wide), or
CSV, JSON (a list of objects) or NDJSON (an object per line) for programs such as pandas,
with values JSON-encoded as the driver returns them (temporal values as ISO 8601 text)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

Row = Mapping[str, Any]
_UNBOUNDED = 1_000_000  # columns: wider than any table


def plain(value: Any) -> Any:
    """`value` as JSON can hold it: mappings and sequences element by element, dates, times
    and durations as ISO 8601 text, anything else unknown as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # The driver's temporal types have iso_format (its Duration is a tuple, so first);
    # Python's dates and times have isoformat.
    iso = getattr(value, "iso_format", None) or getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def write_table(rows: Sequence[Row]) -> None:
    table = Table(show_lines=False)
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_table_cell(row[c]) for c in columns))
    terminal = Console()
    # As wide as the table needs: a narrower terminal wraps the lines, but no cell is cut.
    unbounded = terminal.options.update_width(_UNBOUNDED)
    needed = terminal.measure(table, options=unbounded).maximum
    Console(width=max(terminal.width, needed)).print(table)
    click.echo(f"{len(rows)} rows")


def _table_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def write_csv(rows: Sequence[Row]) -> None:
    """A header line, then a line per row; text as it is, other values as JSON, null empty."""
    if not rows:
        return
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(rows[0]))
    writer.writerows([_csv_cell(v) for v in row.values()] for row in rows)
    click.echo(out.getvalue(), nl=False)


def _csv_cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def write_json(rows: Sequence[Row]) -> None:
    click.echo(json.dumps([plain(dict(row)) for row in rows], ensure_ascii=False, indent=2))


def write_ndjson(rows: Sequence[Row]) -> None:
    for row in rows:
        click.echo(json.dumps(plain(dict(row)), ensure_ascii=False, separators=(",", ":")))


WRITERS: dict[str, Callable[[Sequence[Row]], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
    "ndjson": write_ndjson,
}
