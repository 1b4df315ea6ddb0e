"""Loading sources into the graph: validate everything first, then write in batches.

1. Validation reads every source once (`validate_sources`): each record's own checks,
   duplicates, then one batched look-up per kind of what the load refers to without
   describing it. Nothing has been written yet; by default a load with any rejected
   record stops here.
2. Writing reads the sources again, kind by kind so that every reference exists before it
   is used: topics (then their parent links), people, then follows and interactions in
   source order. Each batch is one `UNWIND` query in one transaction, MERGEd on stable
   ids, so a replay changes nothing and a load cut short (Ctrl-C, Neo4j gone) converges
   to the same graph when it is run again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from service.db import ingest as ingest_db
from service.db.database import Database
from service.ingest.records import RECORD_KINDS, Record, RecordKind, TopicRecord
from service.ingest.rows import Row, record_row, topic_parent_row
from service.ingest.sources import RecordSource, Source
from service.ingest.validate import Rejected, Validator, dump

DEFAULT_BATCH_SIZE = 5000
_TICK = 1000  # records between progress updates while checking
_TOPICS: frozenset[RecordKind] = frozenset({"topic"})
_PEOPLE: frozenset[RecordKind] = frozenset({"person"})
_LINKS: frozenset[RecordKind] = frozenset({"follow", "interaction"})


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
    db: Database | None, sources: Sequence[Source], progress: ProgressSink | None = None
) -> Validation:
    """Check every record of every source; with `db` None references must be in the load."""
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
    if validator.has_missing:
        already = _positions(rejected)
        for source in sources:
            skip = already.get(source.name, set())
            for item in source.read(_LINKS):
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
    "interaction": ingest_db.write_interactions,
}


async def write_sources(
    db: Database,
    sources: Sequence[Source],
    validation: Validation,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressSink | None = None,
) -> LoadResult:
    """Write the records that passed validation, kind by kind, one transaction per batch."""
    sink = progress or _Silent()
    sink.phase("Writing", sum(validation.accepted.values()))
    result = LoadResult(validation, written=dict.fromkeys(RECORD_KINDS, 0))
    skip = validation.rejected_positions()

    buffers: dict[RecordKind, list[Row]] = {kind: [] for kind in RECORD_KINDS}
    parents: list[Row] = []

    async def flush(kind: RecordKind) -> None:
        rows = buffers[kind]
        if not rows:
            return
        changed = await _WRITERS[kind](db, rows)
        if kind == "person":
            result.people_changed += changed
        result.written[kind] += len(rows)
        sink.advance(len(rows))
        buffers[kind] = []

    groups: tuple[frozenset[RecordKind], ...] = (_TOPICS, _PEOPLE, _LINKS)
    for group in groups:
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
        if "topic" in group:
            for start in range(0, len(parents), batch_size):
                await ingest_db.link_topic_parents(db, parents[start : start + batch_size])
    return result


async def load(
    db: Database,
    sources: Sequence[Source],
    *,
    skip_invalid: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressSink | None = None,
) -> LoadResult:
    """Validate, then write: everything, or (with `skip_invalid`) the valid records only.
    Without `skip_invalid`, a load with any rejected record writes nothing."""
    validation = await validate_sources(db, sources, progress)
    if validation.rejected and not skip_invalid:
        return LoadResult(validation)
    return await write_sources(db, sources, validation, batch_size, progress)


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
