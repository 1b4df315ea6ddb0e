"""`influence-graph keys ...`: API keys (create, list, revoke)."""

from __future__ import annotations

import click

from service.cli.database import console, with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db.api_keys import StoredKey
from service.db.database import Database


@click.group()
def keys() -> None:
    """API keys: create (the key is printed once), list, revoke."""


@keys.command("create")
@click.option("--name", required=True, help="Who or what the key is for.")
@click.option(
    "--scopes", required=True, help="Comma-separated: read, write, analyze, admin, metrics."
)
@click.option(
    "--rate", type=float, default=None, help="Requests per second (default: RATE_LIMIT_PER_SECOND)."
)
def keys_create(name: str, scopes: str, rate: float | None) -> None:
    """Create a key and print it; only its hash is stored, so it cannot be shown again."""
    from service.api.security.keys import create_api_key
    from service.api.security.scopes import parse_scopes

    try:
        parsed = parse_scopes(scopes)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
    if not parsed:
        raise CliError("give at least one scope with --scopes", EXIT_INVALID_INPUT)
    if rate is not None and rate <= 0:
        raise CliError("--rate must be above 0", EXIT_INVALID_INPUT)

    async def body(database: Database) -> tuple[str, StoredKey]:
        return await create_api_key(database, name, sorted(parsed), rate)

    token, stored = with_database(body)
    console.print(
        f"Created key {stored.id} ({stored.name}) with scopes {', '.join(stored.scopes)}. "
        "Store it now: it is not shown again.",
        highlight=False,
    )
    click.echo(token)


@keys.command("list")
def keys_list() -> None:
    """List keys (ids, names, scopes, rates, dates); never secrets."""
    from service.db.api_keys import list_keys

    for key in with_database(list_keys):
        state = f"revoked {key.revoked_at}" if key.revoked else "active"
        rate = f"{key.rate_limit:g}/s" if key.rate_limit else "default rate"
        click.echo(
            f"{key.id}  {key.name}  scopes={','.join(key.scopes)}  {rate}  "
            f"created {key.created_at}  {state}"
        )


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by id; running services stop accepting it within API_KEY_CACHE_SECONDS."""
    from service.db.api_keys import revoke_key

    async def body(database: Database) -> StoredKey | None:
        return await revoke_key(database, key_id)

    revoked = with_database(body)
    if revoked is None:
        raise CliError(f"no key with id {key_id}", EXIT_INVALID_INPUT)
    click.echo(f"Revoked key {revoked.id} ({revoked.name}) at {revoked.revoked_at}.")
