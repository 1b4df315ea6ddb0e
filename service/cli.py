"""`influence-graph`: the command line of the service (serve, neo4j, db, demo)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from service.db.database import Database
from service.db.driver import DatabaseUnavailable, create_async_driver, explain_connection_error
from service.localdb.home import ProvisioningError
from service.settings import Settings, get_settings
from service.telemetry.logs import configure_logging

T = TypeVar("T")
console = Console(stderr=True)

EXIT_INVALID_INPUT = 1
EXIT_DATABASE_UNAVAILABLE = 3
EXIT_PROVISIONING = 4
EXIT_ALREADY_RUNNING = 5


class CliError(click.ClickException):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(click.style("error: ", fg="red", bold=True) + self.message, err=True)


def _run(fn: Callable[[], Awaitable[T]]) -> T:
    """Run an async command body, turning known failures into one clear line."""
    try:
        return asyncio.run(fn())  # type: ignore[arg-type]
    except DatabaseUnavailable as exc:
        raise CliError(str(exc), EXIT_DATABASE_UNAVAILABLE) from None
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """A Database whose connection has been checked, so failures name the setting to fix."""
    driver = create_async_driver(settings)
    try:
        try:
            await driver.verify_connectivity()
        except Exception as exc:
            raise explain_connection_error(exc, settings) from exc
        yield Database.for_settings(driver, settings)
    finally:
        await driver.close()


@click.group()
def main() -> None:
    """Who influences whom on a given subject: Neo4j + GDS behind a GraphQL API."""


# --- serve ----------------------------------------------------------------------------


@main.command()
@click.option("--host", default=None, help="Bind address (default: HOST setting).")
@click.option("--port", default=None, type=int, help="Port (default: PORT setting).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, /healthz, /readyz)."""
    import uvicorn

    from service.app import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    if _port_taken(host, port):
        raise CliError(
            f"Port {port} on {host} is already in use: is the service already running "
            f"(`make run` in another terminal)? Stop it, or set PORT.",
            EXIT_ALREADY_RUNNING,
        )

    async def preflight() -> None:
        async with open_database(settings):
            pass

    _run(preflight)
    configure_logging(settings.log_level, settings.json_logs)
    console.print(f"Serving GraphiQL on http://{host}:{port}/graphql", highlight=False)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )


def _port_taken(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host if host != "0.0.0.0" else "127.0.0.1", port)) == 0  # noqa: S104


# --- neo4j ----------------------------------------------------------------------------


@main.group()
def neo4j() -> None:
    """The local Neo4j + GDS server (used when NEO4J_URI is unset)."""


def _local() -> Any:
    from service.localdb.server import LocalNeo4j

    settings = get_settings()
    if not settings.uses_local_neo4j:
        raise CliError(
            f"NEO4J_URI is set ({settings.neo4j_uri}): the service uses that server and "
            "provisions none. Unset NEO4J_URI to use the local one.",
            EXIT_INVALID_INPUT,
        )
    return LocalNeo4j(settings)


@neo4j.command("install")
def neo4j_install() -> None:
    """Download Neo4j and GDS into the cache (no server is started)."""
    from service.localdb.home import install

    try:
        home = install(get_settings().cache_dir)
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None
    click.echo(f"Neo4j home: {home}")


@neo4j.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background and wait until GDS answers."""
    try:
        _local().start()
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None


@neo4j.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly."""
    _local().stop()


@neo4j.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs and answers."""
    status = _local().status()
    if status.running:
        state = "answering" if status.answering else "starting"
        click.echo(f"running (pid {status.pid}), Bolt port {status.bolt_port}, {state}")
    else:
        click.echo("not running")
        sys.exit(1)


@neo4j.command("logs")
@click.option("-n", "--lines", default=50, show_default=True, help="Lines per log file.")
def neo4j_logs(lines: int) -> None:
    """Print the end of the local Neo4j's logs."""
    click.echo(_local().log_tail(lines))


# --- db -------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """The graph database: schema and contents."""


@db.command("migrate")
def db_migrate() -> None:
    """Apply the graph model's constraints and indexes (idempotent)."""
    from service.db.migrate import migrate

    async def body() -> list[str]:
        async with open_database(get_settings()) as database:
            return await migrate(database)

    names = _run(body)
    click.echo(f"Applied {len(names)} constraint and index files.")


@db.command("counts")
def db_counts() -> None:
    """Print node and relationship counts."""
    from service.db.graph import counts

    async def body() -> Any:
        async with open_database(get_settings()) as database:
            return await counts(database)

    c = _run(body)
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

    async def body() -> int:
        async with open_database(get_settings()) as database:
            return await wipe(database)

    click.echo(f"Deleted {_run(body)} nodes.")


# --- demo -----------------------------------------------------------------------------


@main.group()
def demo() -> None:
    """The generated demo data set."""


@demo.command("generate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", default=7, show_default=True)
@click.option("--people", default=3000, show_default=True)
def demo_generate(path: Path, seed: int, people: int) -> None:
    """Write the demo data set as NDJSON (and its planted facts beside it)."""
    from service.ingest.demo import generate, write_ndjson

    path.parent.mkdir(parents=True, exist_ok=True)
    lines = write_ndjson(generate(seed=seed, people=people), path)
    click.echo(f"Wrote {lines} records to {path}")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Load only when the graph holds no people.")
@click.option("--seed", default=7, show_default=True)
@click.option("--people", default=3000, show_default=True)
def demo_load(if_empty: bool, seed: int, people: int) -> None:
    """Generate the demo NDJSON under the state folder and load it."""
    from service.db.graph import counts
    from service.ingest.demo import generate, write_ndjson

    settings = get_settings()
    path = settings.state_dir.parent / "demo" / f"demo-{seed}-{people}.ndjson"

    async def body() -> None:
        async with open_database(settings) as database:
            if if_empty and not (await counts(database)).empty:
                click.echo("The graph already holds data: demo not loaded.")
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            write_ndjson(generate(seed=seed, people=people), path)
            await load_file(database, path)

    _run(body)


async def load_file(database: Database, path: Path) -> None:
    from service.ingest.loader import load_records
    from service.ingest.ndjson import InvalidRecord, read_ndjson

    try:
        records = list(read_ndjson(path))
    except InvalidRecord as exc:
        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task(f"Loading {path.name}", total=len(records))
        result = await load_records(
            database, records, progress=lambda kind, n: bar.advance(task, n)
        )
    summary = ", ".join(f"{n} {kind}s" for kind, n in result.written.items())
    click.echo(f"Loaded {summary}.")


# --- keys -----------------------------------------------------------------------------


@main.group()
def keys() -> None:
    """API keys: create (the key is printed once), list, revoke."""


@keys.command("create")
@click.option("--name", required=True, help="Who or what the key is for.")
@click.option("--scopes", required=True, help="Comma-separated: read, write, analyze, admin.")
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

    async def body() -> tuple[str, Any]:
        async with open_database(get_settings()) as database:
            return await create_api_key(database, name, sorted(parsed), rate)

    token, stored = _run(body)
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

    async def body() -> list[Any]:
        async with open_database(get_settings()) as database:
            return await list_keys(database)

    for key in _run(body):
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

    async def body() -> Any:
        async with open_database(get_settings()) as database:
            return await revoke_key(database, key_id)

    revoked = _run(body)
    if revoked is None:
        raise CliError(f"no key with id {key_id}", EXIT_INVALID_INPUT)
    click.echo(f"Revoked key {revoked.id} ({revoked.name}) at {revoked.revoked_at}.")
