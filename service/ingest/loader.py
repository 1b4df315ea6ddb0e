"""Loading sources into the graph: validate everything first, then write in batches.

1. Validation reads every source once (`validate_sources`): each record's own checks,
   duplicates, then one batched look-up per kind of what the load refers to without
   describing it, and one of the people it names that were erased. Nothing has been
   written yet; by default a load with any rejected record stops here.
2. Writing reads the sources again, kind by kind so that every reference exists before it
   is used: topics (then their parent links), people and brands, follows and who represents
   which brand, then interactions, each in
   source order. Each batch is one `UNWIND` query in one transaction, MERGEd on stable
   ids, so a replay changes nothing and a load cut short (Ctrl-C, Neo4j gone) converges
   to the same graph when it is run again.

Up to `in_flight` batches of one kind are written at once (one transaction each, so the
server can use more than one core), and the next batch is read and built while they run.
Batches of one kind may commit in any order: a load never names an id (or a follower and
followee pair) twice, so the order of its batches does not change the graph. Every batch of
a kind is committed before the next kind starts. Follows are written one batch at a time:
`MERGE` of a relationship locks both people while the query runs, so two follow batches
deadlock on shared people (measured: about one deadlock every few loads of the demo data).
New interactions take their locks at commit, in a sorted order, and did not deadlock in any
measured load. Deadlocks are transient errors, retried by the database layer like any other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from service.db import ingest as ingest_db
from service.db.database import Database
from service.ingest.after_write import after_write
from service.ingest.records import RECORD_KINDS, Record, RecordKind, TopicRecord
from service.ingest.rows import Row, record_row, topic_parent_row
from service.ingest.sources import RecordSource, Source
from service.ingest.validate import Rejected, Validator, dump
from service.relationships.refresh import Touched

DEFAULT_BATCH_SIZE = 5000
DEFAULT_IN_FLIGHT = 2
_TICK = 1000  # records between progress updates while checking
_TOPICS: frozenset[RecordKind] = frozenset({"topic"})
_PEOPLE: frozenset[RecordKind] = frozenset({"person", "brand"})
_FOLLOWS: frozenset[RecordKind] = frozenset({"follow", "represents"})
_INTERACTIONS: frozenset[RecordKind] = frozenset({"interaction"})


class ProgressSink(Protocol):
    def phase(self, description: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...


class _Silent:
    def phase(self, description: str, total: int | None) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


@dataclass
class Validation:
    accepted: dict[str, int]
    rejected: list[Rejected]

    @property
    def ok(self) -> bool:
        return not self.rejected

    def rejected_positions(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for r in self.rejected:
            out.setdefault(r.source, set()).add(r.position)
        return out


@dataclass
class LoadResult:
    validation: Validation
    written: dict[str, int] = field(default_factory=dict)
    people_changed: int = 0

    @property
    def total(self) -> int:
        return sum(self.written.values())

    @property
    def rejected(self) -> list[Rejected]:
        return self.validation.rejected


class InvalidRecords(ValueError):
    def __init__(self, rejected: list[Rejected]) -> None:
        super().__init__(f"{len(rejected)} invalid records")
        self.rejected = rejected


async def validate_sources(
    db: Database, sources: Sequence[Source], progress: ProgressSink | None = None
) -> Validation:
    """Check every record of every source; what a record names must be in the load or in
    the graph `db` reads, and not erased."""
    sink = progress or _Silent()
    sink.phase("Checking", None)
    validator = Validator()
    rejected: list[Rejected] = []
    pending = 0
    for source in sources:
        for item in source.read():
            pending += 1
            if pending == _TICK:
                sink.advance(pending)
                pending = 0
            if item.record is None:
                rejected.append(Rejected(source.name, item.position, item.issues, item.raw))
                continue
            duplicate = validator.accept(item.record, source.name, item.position)
            if duplicate is not None:
                rejected.append(
                    Rejected(source.name, item.position, (duplicate,), dump(item.record))
                )
    sink.advance(pending)
    rejected += await validator.resolve(db)
    recheck = validator.recheck
    if recheck:
        already = _positions(rejected)
        for source in sources:
            skip = already.get(source.name, set())
            for item in source.read(recheck):
                if item.position in skip or item.record is None:
                    continue
                issues = validator.reference_issues(item.record)
                if issues:
                    rejected.append(Rejected(source.name, item.position, issues, dump(item.record)))
    order = {source.name: n for n, source in enumerate(sources)}
    rejected.sort(key=lambda r: (order.get(r.source, len(order)), r.position))
    return Validation(accepted=dict(validator.accepted), rejected=rejected)


def _positions(rejected: list[Rejected]) -> dict[str, set[int]]:
    return Validation({}, rejected).rejected_positions()


Writer = Callable[[Database, Sequence[Row]], Awaitable[int]]
_WRITERS: dict[RecordKind, Writer] = {
    "topic": ingest_db.write_topics,
    "person": ingest_db.write_persons,
    "follow": ingest_db.write_follows,
    "brand": ingest_db.write_brands,
    "represents": ingest_db.write_represents,
}


async def _write_batch(db: Database, kind: RecordKind, rows: list[Row], touched: Touched) -> int:
    """Write one batch, noting what it touched; returns how many it changed (people)."""
    changed = 0
    if kind == "interaction":
        touched.add_written(await ingest_db.write_interactions(db, rows))
    else:
        changed = await _WRITERS[kind](db, rows)
    touched.add_rows(kind, rows)
    return changed


async def write_sources(
    db: Database,
    sources: Sequence[Source],
    validation: Validation,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressSink | None = None,
    in_flight: int = DEFAULT_IN_FLIGHT,
) -> LoadResult:
    """Write the records that passed validation, kind by kind, one transaction per batch,
    up to `in_flight` transactions at once (follows: one; see the module doc)."""
    sink = progress or _Silent()
    sink.phase("Writing", sum(validation.accepted.values()))
    result = LoadResult(validation, written=dict.fromkeys(RECORD_KINDS, 0))
    skip = validation.rejected_positions()
    touched = Touched()

    async def write(kind: RecordKind, rows: list[Row]) -> None:
        changed = await _write_batch(db, kind, rows, touched)
        if kind == "person":
            result.people_changed += changed
        result.written[kind] += len(rows)
        sink.advance(len(rows))

    buffers: dict[RecordKind, list[Row]] = {kind: [] for kind in RECORD_KINDS}
    parents: list[Row] = []
    batches = _InFlight(in_flight)

    async def flush(kind: RecordKind) -> None:
        rows = buffers[kind]
        if rows:
            buffers[kind] = []
            await batches.submit(write(kind, rows))

    groups: tuple[frozenset[RecordKind], ...] = (_TOPICS, _PEOPLE, _FOLLOWS, _INTERACTIONS)
    try:
        for group in groups:
            batches.limit = 1 if group == _FOLLOWS else max(1, in_flight)
            for source in sources:
                rejected_here = skip.get(source.name, set())
                for item in source.read(group):
                    record = item.record
                    if record is None or item.position in rejected_here:
                        continue
                    buffers[record.kind].append(record_row(record))
                    if isinstance(record, TopicRecord):
                        parents.append(topic_parent_row(record))
                    if len(buffers[record.kind]) >= batch_size:
                        await flush(record.kind)
            for kind in RECORD_KINDS:
                if kind in group:
                    await flush(kind)
            await batches.drain()
            if "topic" in group:
                for start in range(0, len(parents), batch_size):
                    await ingest_db.link_topic_parents(db, parents[start : start + batch_size])
    finally:
        await batches.cancel()
    await after_write(db, touched)
    return result


class _InFlight:
    """Batch writes running as tasks, at most `limit` at once. The first failure is raised
    by `submit` or `drain`; `cancel` stops what is still running (a cancelled transaction is
    rolled back, and a rerun of the load writes its batch)."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.running: set[asyncio.Task[None]] = set()

    async def submit(self, write: Coroutine[Any, Any, None]) -> None:
        try:
            while len(self.running) >= self.limit:
                await self._wait(asyncio.FIRST_COMPLETED)
        except BaseException:
            write.close()  # never started: nothing of it was written
            raise
        self.running.add(asyncio.create_task(write))

    async def drain(self) -> None:
        while self.running:
            await self._wait(asyncio.FIRST_COMPLETED)

    async def _wait(self, when: str) -> None:
        done, self.running = await asyncio.wait(self.running, return_when=when)
        failed = [task for task in done if task.cancelled() or task.exception() is not None]
        if failed:
            failed[0].result()

    async def cancel(self) -> None:
        for task in self.running:
            task.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)
        self.running = set()


async def load(
    db: Database,
    sources: Sequence[Source],
    *,
    skip_invalid: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressSink | None = None,
    in_flight: int = DEFAULT_IN_FLIGHT,
) -> LoadResult:
    """Validate, then write: everything, or (with `skip_invalid`) the valid records only.
    Without `skip_invalid`, a load with any rejected record writes nothing."""
    validation = await validate_sources(db, sources, progress)
    if validation.rejected and not skip_invalid:
        return LoadResult(validation)
    return await write_sources(db, sources, validation, batch_size, progress, in_flight)


class _KindProgress:
    def __init__(self, report: Callable[[str, int], None]) -> None:
        self.report = report
        self.writing = False

    def phase(self, description: str, total: int | None) -> None:
        self.writing = description == "Writing"

    def advance(self, n: int) -> None:
        if self.writing:
            self.report("record", n)


async def load_records(
    db: Database,
    records: Iterable[Record],
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str, int], None] | None = None,
    name: str = "records",
) -> LoadResult:
    """Validate and write records built in memory (importers, demo data, tests); raises
    `InvalidRecords` and writes nothing when any of them is rejected."""
    kept = list(records)
    source = RecordSource(name, lambda: kept)
    sink = _KindProgress(progress) if progress is not None else None
    result = await load(db, [source], batch_size=batch_size, progress=sink)
    if result.rejected:
        raise InvalidRecords(result.rejected)
    return result
