"""`influence-graph erasure lift`: let a person erased with erasePerson be loaded again."""

from __future__ import annotations

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db.database import Database


@click.group()
def erasure() -> None:
    """People erased with erasePerson: lift an erasure when the person consents again."""


@erasure.command("lift")
@click.argument("person_id")
def erasure_lift(person_id: str) -> None:
    """Lift the erasure of PERSON_ID, so loads and mutations may create the person again.

    erasePerson leaves a tombstone (the SHA-256 of the id, not the id) that makes every load
    and mutation refuse the records describing or naming the person (code erased_person);
    this deletes it. Nothing that was erased comes back by itself: load it again.
    """
    from service.ingest.erase import lift_erasure

    async def body(database: Database) -> str | None:
        return await lift_erasure(database, person_id)

    erased_at = with_database(body)
    if erased_at is None:
        raise CliError(f"no erasure is recorded for person {person_id!r}", EXIT_INVALID_INPUT)
    click.echo(
        f"Lifted the erasure of person {person_id!r} (erased {erased_at}): records describing "
        "or naming them load again."
    )
