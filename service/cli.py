"""`influence-graph`: the command line of the service (serve, neo4j, db, demo, worker,
analyze, cypher)."""

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
from service.db.queries import Queries
from service.localdb.home import ProvisioningError
from service.settings import Settings, get_settings

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


# --- analytics ------------------------------------------------------------------------


@main.command()
@click.option(
    "--once", is_flag=True, help="Run one job (waiting for one if none is queued), then exit."
)
def worker(once: bool) -> None:
    """Run an analysis worker: claim queued jobs, run them, recover jobs of dead workers."""
    from service.analytics.worker import Worker

    settings = get_settings()

    async def body() -> None:
        async with open_database(settings) as database:
            w = Worker(database, settings)
            try:
                if not once:
                    await w.run_forever()
                    return
                while (job := await w.run_once()) is None:
                    await asyncio.sleep(settings.worker_poll_interval)
                click.echo(f"job {job.id}: {job.status}")
            finally:
                w.close()

    _run(body)


@main.command()
@click.option("--topic", "topics", multiple=True, help="Topic id to analyse (repeatable).")
@click.option("--all-topics", is_flag=True, help="Analyse every topic, one after the other.")
@click.option("--since", default=None, help="Window start, ISO 8601 with time zone.")
@click.option("--until", default=None, help="Window end (exclusive), ISO 8601 with time zone.")
@click.option("--half-life-days", type=float, default=None, help="Time decay; 0 = none.")
@click.option("--projection", type=click.Choice(["cypher", "native"]), default=None)
@click.option(
    "--community",
    "community_algorithms",
    multiple=True,
    type=click.Choice(["louvain", "leiden", "labelPropagation", "wcc"]),
    help="Community algorithms (repeatable; the first names each person's community).",
)
@click.option("--top", default=10, show_default=True, help="How many people to print per topic.")
def analyze(
    topics: tuple[str, ...],
    all_topics: bool,
    since: str | None,
    until: str | None,
    half_life_days: float | None,
    projection: str | None,
    community_algorithms: tuple[str, ...],
    top: int,
) -> None:
    """Analyse topics in the foreground (queued as jobs, run here) with a progress bar."""
    from pydantic import ValidationError

    from service.analytics.jobs import rankings, run_analysis
    from service.analytics.options import AnalysisError, AnalysisOptions
    from service.analytics.worker import Worker
    from service.db.topics import all_topics as list_topics

    if not topics and not all_topics:
        raise CliError("give --topic T (repeatable) or --all-topics", EXIT_INVALID_INPUT)
    raw: dict[str, Any] = {"since": since, "until": until, "half_life_days": half_life_days,
                           "projection": projection}  # fmt: skip
    if community_algorithms:
        raw["communities"] = list(community_algorithms)
    try:
        options = AnalysisOptions.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        raise CliError(f"invalid options: {exc}", EXIT_INVALID_INPUT) from None
    settings = get_settings()

    async def body() -> int:
        failed = 0
        async with open_database(settings) as database:
            wanted = [t.id for t in await list_topics(database)] if all_topics else list(topics)
            w = Worker(database, settings)
            try:
                for topic in wanted:
                    try:
                        job = await run_analysis(database, topic, options, settings)
                    except AnalysisError as exc:
                        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
                    with Progress(
                        TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.percentage:>3.0f}%"), TextColumn("{task.fields[stage]}"),
                        console=console,
                    ) as bar:  # fmt: skip
                        task = bar.add_task(f"Analysing {topic}", total=1.0, stage="queued")
                        done = await w.run_once(
                            job.id,
                            listener=lambda stage, p: bar.update(task, completed=p, stage=stage),  # noqa: B023
                        )
                    if done is None or done.status != "succeeded":
                        failed += 1
                        reason = done.error if done else "the job was taken by another worker"
                        console.print(f"[red]{topic}: {done.status if done else '?'}[/] {reason}")
                        continue
                    summary = done.summary or {}
                    click.echo(
                        f"{topic}: {summary.get('people')} people, "
                        f"{summary.get('relationships')} influence edges, job {done.id}"
                    )
                    for s in await rankings(database, topic, first=top):
                        click.echo(f"  {s.rank:>3}. {s.person:<24} {s.score:6.1f}  {s.role}")
            finally:
                w.close()
        return failed

    if _run(body):
        sys.exit(1)


@main.command("cypher")
@click.argument("file")
@click.option("--param", "params", multiple=True, help="k=v (v as JSON, or text); repeatable.")
def cypher_command(file: str, params: tuple[str, ...]) -> None:
    """Run a query file of cypher/ (e.g. cypher/analyses/top_influencers.cypher) as a table."""
    from neo4j.exceptions import Neo4jError
    from rich.table import Table

    from service.db import analyses

    settings = get_settings()
    values: dict[str, Any] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"--param wants k=v, got {item!r}", EXIT_INVALID_INPUT)
        values[key] = analyses.parse_value(value)

    async def body() -> list[dict[str, Any]]:
        async with open_database(settings) as database:
            try:
                name = analyses.query_name(database, file)
            except ValueError as exc:
                raise CliError(str(exc), EXIT_INVALID_INPUT) from None
            defaults = analyses.header_params(database.queries[name])
            try:
                return await analyses.run(database, name, defaults | values)
            except Neo4jError as exc:
                raise CliError(f"{name}: {exc.message}", EXIT_INVALID_INPUT) from None

    rows = _run(body)
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
