"""`influence-graph load` (NDJSON and CSV files) and `influence-graph import` (public data
sets): validated first, then loaded; the failures a user can fix are one line each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INTERRUPTED, EXIT_INVALID_INPUT, CliError
from service.cli.loading import LoadStopped, load_with_progress
from service.db.database import Database
from service.settings import PROJECT_ROOT, get_settings

if TYPE_CHECKING:
    from service.ingest.loader import LoadResult
    from service.ingest.sources import Source

DATASETS = {"timme": "timme-purep", "email-eu": "email-eu-core"}  # folders
TIMED = ("collegemsg", "email-eu-temporal")  # files in temporal/


@click.command("load")
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
    _load_and_report(sources, skip_invalid, rejects_path, batch_size)


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


@click.command("import")
@click.argument("dataset", type=click.Choice(sorted((*DATASETS, *TIMED))))
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=None,
              help="Records per transaction (default: INGEST_BATCH_SIZE).")  # fmt: skip
def import_command(dataset: str, path: Path | None, batch_size: int | None) -> None:
    """Import a public data set (default: its folder or file in ../shared/datasets).

    timme: TIMME PureP, US politicians on Twitter (party as attribute). email-eu: SNAP
    email-Eu-core (department as attribute). collegemsg: SNAP CollegeMsg, timed messages
    (temporal/CollegeMsg.txt). email-eu-temporal: the prefix of SNAP email-Eu-core-temporal
    (temporal/email-Eu-core-temporal-prefix.txt). All go through the same checks and loader
    as `load`; importing twice changes nothing.
    """
    from service.ingest.importers.email_eu import read_email_eu
    from service.ingest.importers.temporal import TIMED_DATASETS, read_timed
    from service.ingest.importers.timme import read_timme
    from service.ingest.sources import RecordSource

    shared = PROJECT_ROOT.parent / "shared" / "datasets"
    if dataset in TIMED:
        timed = TIMED_DATASETS[dataset]
        file = path or shared / "temporal" / timed.filename
        if not file.is_file():
            raise CliError(f"data set file not found: {file}", EXIT_INVALID_INPUT)
        source = RecordSource(str(file), lambda: read_timed(timed, file))
    else:
        folder = path or shared / DATASETS[dataset]
        if not folder.is_dir():
            raise CliError(f"data set folder not found: {folder}", EXIT_INVALID_INPUT)
        reader = read_timme if dataset == "timme" else read_email_eu
        source = RecordSource(str(folder), lambda: reader(folder))
    _load_and_report([source], False, None, batch_size)


def _load_and_report(
    sources: list[Source], skip_invalid: bool, rejects_path: Path | None, batch_size: int | None
) -> None:
    from service.ingest.rejects import iter_issue_lines

    result = _load(sources, skip_invalid, batch_size)
    if result.rejected and not skip_invalid:
        for line in iter_issue_lines(result.rejected):
            click.echo(line, err=True)
        raise CliError(
            f"{len(result.rejected)} invalid records: nothing written "
            "(fix them, or load with --skip-invalid)",
            EXIT_INVALID_INPUT,
        )
    if skip_invalid and rejects_path is not None:
        _write_rejects(result, rejects_path)


def _load(sources: list[Source], skip_invalid: bool, batch_size: int | None) -> LoadResult:
    """Load `sources`, every failure turned into one line that says what state the graph is
    in and how to finish."""
    from service.ingest.records import any_timestamp
    from service.ingest.sources import SourceError

    settings = get_settings()

    async def body(database: Database) -> LoadResult:
        any_timestamp.set(settings.allow_any_timestamp)
        return await load_with_progress(
            database,
            sources,
            batch_size=batch_size or settings.ingest_batch_size,
            skip_invalid=skip_invalid,
            in_flight=settings.ingest_in_flight,
        )

    try:
        return with_database(body, settings)
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
        raise _unexpected(exc) from None


def _unexpected(exc: Exception) -> CliError:
    """Not a known failure: say what it was and what state the graph is in, rather than a
    bare traceback. Exit 1, as an uncaught exception would give."""
    cause, written = (exc.cause, exc.written) if isinstance(exc, LoadStopped) else (exc, None)
    so_far = "" if written is None else f" after {written:,} records were written"
    return CliError(
        f"the load stopped on an unexpected error{so_far}: {type(cause).__name__}: {cause}"
        " -- batches already committed stay; once the cause is fixed, run the same command "
        "again to finish (writes are idempotent)",
        EXIT_INVALID_INPUT,
    )


def _write_rejects(result: LoadResult, rejects_path: Path) -> None:
    from service.ingest.rejects import iter_issue_lines, write_rejects

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
