"""`influence-graph`: the command line of the service (serve, neo4j, db, demo)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from service.db.database import Database
from service.db.driver import DatabaseUnavailable, create_async_driver, explain_connection_error
from service.db.queries import Queries
from service.localdb.home import ProvisioningError
from service.settings import PROJECT_ROOT, Settings, get_settings

if TYPE_CHECKING:
    from service.ingest.loader import LoadResult
    from service.ingest.sources import Source

T = TypeVar("T")
console = Console(stderr=True)

EXIT_INVALID_INPUT = 1
EXIT_DATABASE_UNAVAILABLE = 3
EXIT_PROVISIONING = 4
EXIT_ALREADY_RUNNING = 5
EXIT_INTERRUPTED = 130


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
        yield Database(
            driver, Queries(settings.cypher_dir), settings.neo4j_database,
            settings.neo4j_query_timeout,
        )  # fmt: skip
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
    console.print(f"Serving GraphiQL on http://{host}:{port}/graphql", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower())


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
    from service.ingest.sources import NdjsonSource

    settings = get_settings()
    path = settings.state_dir.parent / "demo" / f"demo-{seed}-{people}.ndjson"

    async def body() -> None:
        async with open_database(settings) as database:
            if if_empty and not (await counts(database)).empty:
                click.echo("The graph already holds data: demo not loaded.")
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            write_ndjson(generate(seed=seed, people=people), path)
            await _load(database, [NdjsonSource(path)], batch_size=settings.ingest_batch_size)

    _run(body)


# --- load / import --------------------------------------------------------------------

DATASETS = {"timme": "timme-purep", "email-eu": "email-eu-core"}


@main.command("load")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the valid records and put the rejected ones, with reasons, in the rejects file.",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Rejects file for --skip-invalid (default: <first path>.rejects.ndjson).",
)
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=None,
              help="Records per transaction (default: INGEST_BATCH_SIZE).")  # fmt: skip
def load_command(
    paths: tuple[Path, ...], skip_invalid: bool, rejects: Path | None, batch_size: int | None
) -> None:
    """Load NDJSON files (.ndjson, .jsonl) and CSV files (one per kind) into the graph.

    Everything is validated before anything is written. By default a load with any invalid
    record writes nothing and lists every problem (exit 1). Replaying a file changes nothing;
    an interrupted load finishes when run again.
    """
    from service.ingest.sources import SourceError, open_source

    try:
        unique: dict[Path, Path] = {}
        for path in paths:  # a file named twice is read once
            unique.setdefault(path.resolve(), path)
        sources = [open_source(path) for path in unique.values()]
    except SourceError as exc:
        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
    rejects_path = rejects or paths[0].with_name(paths[0].name + ".rejects.ndjson")
    if rejects_path.resolve() in unique:
        raise CliError(f"the rejects file {rejects_path} is one of the inputs", EXIT_INVALID_INPUT)
    _load_command(sources, skip_invalid, rejects_path, batch_size)


@main.command("import")
@click.argument("dataset", type=click.Choice(sorted(DATASETS)))
@click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=None,
              help="Records per transaction (default: INGEST_BATCH_SIZE).")  # fmt: skip
def import_command(dataset: str, path: Path | None, batch_size: int | None) -> None:
    """Import a public data set (default folder: ../shared/datasets/<folder>).

    timme: TIMME PureP, US politicians on Twitter (party as attribute). email-eu: SNAP
    email-Eu-core (department as attribute). Both go through the same checks and loader
    as `load`; importing twice changes nothing.
    """
    from service.ingest.importers.email_eu import read_email_eu
    from service.ingest.importers.timme import read_timme
    from service.ingest.sources import RecordSource

    folder = path or PROJECT_ROOT.parent / "shared" / "datasets" / DATASETS[dataset]
    if not folder.is_dir():
        raise CliError(f"data set folder not found: {folder}", EXIT_INVALID_INPUT)
    reader = read_timme if dataset == "timme" else read_email_eu
    source = RecordSource(str(folder), lambda: reader(folder))
    _load_command([source], False, None, batch_size)


def _load_command(
    sources: list[Source], skip_invalid: bool, rejects_path: Path | None, batch_size: int | None
) -> None:
    from service.ingest.sources import SourceError
    from service.ingest.validate import iter_issue_lines, write_rejects

    settings = get_settings()

    async def body() -> LoadResult:
        async with open_database(settings) as database:
            return await _load(
                database,
                sources,
                batch_size=batch_size or settings.ingest_batch_size,
                skip_invalid=skip_invalid,
            )

    try:
        result = _run(body)
    except SourceError as exc:
        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
    except (OSError, KeyError, ValueError) as exc:
        message = f"cannot read the input: {type(exc).__name__}: {exc}"
        raise CliError(message, EXIT_INVALID_INPUT) from None
    except KeyboardInterrupt:
        raise CliError(
            "interrupted: batches already committed stay; run the same command again to "
            "finish (writes are idempotent)",
            EXIT_INTERRUPTED,
        ) from None
    if result.rejected and not skip_invalid:
        for line in iter_issue_lines(result.rejected):
            click.echo(line, err=True)
        raise CliError(
            f"{len(result.rejected)} invalid records: nothing written "
            "(fix them, or load with --skip-invalid)",
            EXIT_INVALID_INPUT,
        )
    if skip_invalid and rejects_path is not None:
        write_rejects(rejects_path, result.rejected)
        if result.rejected:
            click.echo(f"{len(result.rejected)} records rejected: see {rejects_path}", err=True)


async def _load(
    database: Database, sources: list[Source], batch_size: int, skip_invalid: bool = False
) -> LoadResult:
    """Load sources with a progress bar; a lost database names how to finish the load."""
    import time

    from service.ingest.loader import load

    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
    ) as bar:  # fmt: skip
        sink = _BarSink(bar)
        try:
            result = await load(
                database, sources, skip_invalid=skip_invalid, batch_size=batch_size, progress=sink
            )
        except DatabaseUnavailable as exc:
            raise DatabaseUnavailable(
                f"{exc} -- load stopped after {sink.done:,} records; once Neo4j is back, run "
                "the same command again to finish (writes are idempotent)"
            ) from exc
    if result.written:
        seconds = time.perf_counter() - began
        w = result.written
        click.echo(
            f"Loaded {result.total:,} records in {seconds:.1f}s ({result.total / seconds:,.0f}/s): "
            f"{w['topic']:,} topics, {w['person']:,} people ({result.people_changed:,} new or "
            f"changed), {w['follow']:,} follows, {w['interaction']:,} interactions."
        )
    return result


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


class _BarSink:
    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task: Any = None
        self.done = 0

    def phase(self, description: str, total: int | None) -> None:
        if self.task is not None:
            finished = self.bar.tasks[-1].completed
            self.bar.update(self.task, total=finished, completed=finished)
        self.task = self.bar.add_task(description, total=total)

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)
        if self.bar.tasks[-1].description == "Writing":
            self.done += n
