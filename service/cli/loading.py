"""Loading sources into the graph with a progress bar on stderr, as `load`, `import` and
`demo load` do: a lost database names how to finish the load, and an unexpected failure
carries how many records were written by then."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import click
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

from service.cli.database import console
from service.db.database import Database
from service.db.driver import DatabaseUnavailable

if TYPE_CHECKING:
    from service.ingest.loader import LoadResult
    from service.ingest.sources import Source


class LoadStopped(Exception):
    """An unexpected failure during a load, with how many records were written by then."""

    def __init__(self, cause: Exception, written: int) -> None:
        super().__init__(f"{type(cause).__name__}: {cause} (after {written:,} records written)")
        self.cause = cause
        self.written = written


async def load_with_progress(
    database: Database,
    sources: list[Source],
    batch_size: int,
    skip_invalid: bool = False,
    in_flight: int = 1,
) -> LoadResult:
    """Load sources with a progress bar; a lost database names how to finish the load."""
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
            raise LoadStopped(exc, sink.done) from exc
    if result.written:
        _echo_summary(result, time.perf_counter() - began)
    return result


def _echo_summary(result: LoadResult, seconds: float) -> None:
    w = result.written
    click.echo(
        f"Loaded {result.total:,} records in {seconds:.1f}s ({result.total / seconds:,.0f}/s): "
        f"{w['topic']:,} topics, {w['person']:,} people ({result.people_changed:,} new or "
        f"changed), {w['follow']:,} follows, {w['interaction']:,} interactions{_brands(w)}."
    )


def _brands(written: dict[str, int]) -> str:
    """The brand records, when the load had any."""
    if not written.get("brand") and not written.get("represents"):
        return ""
    return f", {written['brand']:,} brands, {written['represents']:,} represents"


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
