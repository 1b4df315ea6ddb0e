"""`influence-graph db ...`: the graph's schema (migrate) and contents (counts, wipe)."""

from __future__ import annotations

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError


@click.group()
def db() -> None:
    """The graph database: schema and contents."""


@db.command("migrate")
def db_migrate() -> None:
    """Apply the graph model's constraints, indexes and migrations (idempotent)."""
    from service.db.migrate import migrate

    names = with_database(migrate)
    click.echo(f"Applied {len(names)} constraint, index and migration files.")


@db.command("counts")
def db_counts() -> None:
    """Print node and relationship counts."""
    from service.db.graph import counts

    c = with_database(counts)
    click.echo(
        f"people {c.people}, topics {c.topics}, interactions {c.interactions}, "
        f"follows {c.follows}, jobs {c.jobs}"
    )


@db.command("wipe")
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
def db_wipe(yes: bool) -> None:
    """Delete everything in the database."""
    from service.db.graph import wipe

    if not yes:
        raise CliError("refusing to wipe without --yes", EXIT_INVALID_INPUT)
    click.echo(f"Deleted {with_database(wipe)} nodes.")
