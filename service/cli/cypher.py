"""`influence-graph cypher`: run a query file of cypher/ with parameters and print its rows
(a table, or CSV, JSON or NDJSON to pipe into other programs)."""

from __future__ import annotations

from typing import Any

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.cli.rows import WRITERS
from service.db import query_files
from service.db.database import Database, Record


@click.command("cypher")
@click.argument("file")
@click.option("--param", "params", multiple=True, help="k=v (v as JSON, or text); repeatable.")
@click.option(
    "--format", "output_format", type=click.Choice(list(WRITERS)), default="table",
    show_default=True,
    help="table for reading; csv, json (a list of objects) or ndjson (one object per line) "
    "for pandas and other programs: stdout then holds only the rows.",
)  # fmt: skip
def cypher_command(file: str, params: tuple[str, ...], output_format: str) -> None:
    """Run a query file of cypher/ (e.g. cypher/analyses/top_influencers.cypher), print its rows."""
    from neo4j.exceptions import Neo4jError

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
    WRITERS[output_format](rows)
    if output_format != "table":
        click.echo(f"{len(rows)} rows", err=True)
