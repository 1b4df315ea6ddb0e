"""`influence-graph`: the command line of the service (serve, neo4j, db, demo, load, import,
keys, erasure, worker, analyze, cypher)."""

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
from service.localdb.home import ProvisioningError
from service.settings import PROJECT_ROOT, Settings, get_settings
from service.telemetry.logs import configure_logging

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
    """Apply the graph model's constraints, indexes and migrations (idempotent)."""
    from service.db.migrate import migrate

    async def body() -> list[str]:
        async with open_database(get_settings()) as database:
            return await migrate(database)

    names = _run(body)
    click.echo(f"Applied {len(names)} constraint, index and migration files.")


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
@click.option(
    "--analyze", "then_analyze", is_flag=True,
    help="After loading, analyse the top-level topics (nothing when nothing was loaded).",
)  # fmt: skip
@click.pass_context
def demo_load(
    ctx: click.Context, if_empty: bool, seed: int, people: int, then_analyze: bool
) -> None:
    """Generate the demo NDJSON under the state folder and load it."""
    from service.db.graph import counts
    from service.ingest.demo import generate, write_ndjson
    from service.ingest.sources import NdjsonSource

    settings = get_settings()
    path = settings.state_dir.parent / "demo" / f"demo-{seed}-{people}.ndjson"

    data = generate(seed=seed, people=people)

    async def body() -> bool:
        async with open_database(settings) as database:
            if if_empty and not (await counts(database)).empty:
                click.echo("The graph already holds data: demo not loaded.")
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            write_ndjson(data, path)
            await _load(
                database,
                [NdjsonSource(path)],
                batch_size=settings.ingest_batch_size,
                in_flight=settings.ingest_in_flight,
            )
            return True

    if _run(body) and then_analyze:
        top_level = tuple(t.id for t in data.topics if t.parent is None)
        ctx.invoke(analyze, topics=top_level)


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
    if skip_invalid:
        _check_rejects_file(rejects_path, given=rejects is not None)
    _load_command(sources, skip_invalid, rejects_path, batch_size)


def _check_rejects_file(path: Path, given: bool) -> None:
    """Make sure the rejects file can be written before anything goes to the graph; an
    existing file is left as it is (it is replaced only once the load has run)."""
    try:
        if path.exists():
            with path.open("a", encoding="utf-8"):
                pass
        else:
            with path.open("x", encoding="utf-8"):
                pass
            path.unlink()
    except OSError as exc:
        which = "--rejects" if given else "the default rejects file of --skip-invalid"
        reason = exc.strerror or type(exc).__name__
        hint = "" if given else "; name a writable one with --rejects PATH"
        raise CliError(
            f"cannot create the rejects file {path} ({which}): {reason}{hint}; nothing written",
            EXIT_INVALID_INPUT,
        ) from None


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
                in_flight=settings.ingest_in_flight,
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
    except click.ClickException:
        raise
    except Exception as exc:
        # Not a known failure: say what it was and what state the graph is in, rather than
        # a bare traceback. Exit 1, as an uncaught exception would give.
        cause, written = (exc.cause, exc.written) if isinstance(exc, _LoadStopped) else (exc, None)
        so_far = "" if written is None else f" after {written:,} records were written"
        raise CliError(
            f"the load stopped on an unexpected error{so_far}: {type(cause).__name__}: {cause}"
            " -- batches already committed stay; once the cause is fixed, run the same command "
            "again to finish (writes are idempotent)",
            EXIT_INVALID_INPUT,
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
        try:
            write_rejects(rejects_path, result.rejected)
        except OSError as exc:
            # Checked before the load, but the folder may have changed since: the rejected
            # records must not be lost, so they go to stderr.
            for line in iter_issue_lines(result.rejected):
                click.echo(line, err=True)
            raise CliError(
                f"the valid records were written, but the rejects file {rejects_path} could not "
                f"be: {exc.strerror or exc}; the {len(result.rejected)} rejected records are "
                "listed above",
                EXIT_INVALID_INPUT,
            ) from None
        if result.rejected:
            click.echo(f"{len(result.rejected)} records rejected: see {rejects_path}", err=True)


async def _load(
    database: Database,
    sources: list[Source],
    batch_size: int,
    skip_invalid: bool = False,
    in_flight: int = 1,
) -> LoadResult:
    """Load sources with a progress bar; a lost database names how to finish the load."""
    import time

    from service.ingest.loader import load
    from service.ingest.sources import SourceError

    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
    ) as bar:  # fmt: skip
        sink = _BarSink(bar)
        try:
            result = await load(
                database,
                sources,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                progress=sink,
                in_flight=in_flight,
            )
        except DatabaseUnavailable as exc:
            raise DatabaseUnavailable(
                f"{exc} -- load stopped after {sink.done:,} records; once Neo4j is back, run "
                "the same command again to finish (writes are idempotent)"
            ) from exc
        except (SourceError, OSError, KeyError, ValueError):
            raise  # reading the input: reported as such by the caller
        except Exception as exc:
            raise _LoadStopped(exc, sink.done) from exc
    if result.written:
        seconds = time.perf_counter() - began
        w = result.written
        click.echo(
            f"Loaded {result.total:,} records in {seconds:.1f}s ({result.total / seconds:,.0f}/s): "
            f"{w['topic']:,} topics, {w['person']:,} people ({result.people_changed:,} new or "
            f"changed), {w['follow']:,} follows, {w['interaction']:,} interactions."
        )
    return result


class _LoadStopped(Exception):
    """An unexpected failure during a load, with how many records were written by then."""

    def __init__(self, cause: Exception, written: int) -> None:
        super().__init__(f"{type(cause).__name__}: {cause} (after {written:,} records written)")
        self.cause = cause
        self.written = written


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


# --- erasures -------------------------------------------------------------------------


@main.group()
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

    async def body() -> str | None:
        async with open_database(get_settings()) as database:
            return await lift_erasure(database, person_id)

    erased_at = _run(body)
    if erased_at is None:
        raise CliError(f"no erasure is recorded for person {person_id!r}", EXIT_INVALID_INPUT)
    click.echo(
        f"Lifted the erasure of person {person_id!r} (erased {erased_at}): records describing "
        "or naming them load again."
    )


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
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many people to print per topic.")  # fmt: skip
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

    from service.analytics.options import AnalysisError, AnalysisOptions
    from service.analytics.queue import enqueue_analysis
    from service.analytics.worker import Worker
    from service.db.scores import rankings
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
                        job = await enqueue_analysis(database, topic, options, settings)
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

    from service.db import query_files

    settings = get_settings()
    values: dict[str, Any] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"--param wants k=v, got {item!r}", EXIT_INVALID_INPUT)
        values[key] = query_files.parse_value(value)

    async def body() -> list[dict[str, Any]]:
        async with open_database(settings) as database:
            try:
                name = query_files.query_name(database, file)
            except ValueError as exc:
                raise CliError(str(exc), EXIT_INVALID_INPUT) from None
            defaults = query_files.header_params(database.queries[name])
            try:
                return await query_files.run(database, name, defaults | values)
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
