"""`influence-graph cypher`: run a query file of cypher/ with parameters and print its rows
as a table."""

from __future__ import annotations

from typing import Any

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db import query_files
from service.db.database import Database, Record


@click.command("cypher")
@click.argument("file")
@click.option("--param", "params", multiple=True, help="k=v (v as JSON, or text); repeatable.")
def cypher_command(file: str, params: tuple[str, ...]) -> None:
    """Run a query file of cypher/ (e.g. cypher/analyses/top_influencers.cypher) as a table."""
    from neo4j.exceptions import Neo4jError
    from rich.console import Console
    from rich.table import Table

    values: dict[str, Any] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"--param wants k=v, got {item!r}", EXIT_INVALID_INPUT)
        values[key] = query_files.parse_value(value)

    async def body(database: Database) -> list[Record]:
        try:
            name = query_files.query_name(database, file)
        except ValueError as exc:
            raise CliError(str(exc), EXIT_INVALID_INPUT) from None
        defaults = query_files.header_params(database.queries[name])
        try:
            return await query_files.run(database, name, defaults | values)
        except Neo4jError as exc:
            raise CliError(f"{name}: {exc.message}", EXIT_INVALID_INPUT) from None

    rows = with_database(body)
    table = Table(show_lines=False)
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    Console().print(table)
    click.echo(f"{len(rows)} rows")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)
