"""The loader with several batches in flight, on the real Neo4j: overlapping loads, batches
aborted by deadlocks and retried, and a batch that fails for good, all end with exactly the
graph one clean load gives (same counts, same content checksum)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import WRITE_ACCESS, AsyncTransaction
from neo4j.exceptions import Neo4jError

from service.db.database import Database, QueryMemoryLimitExceeded
from service.db.graph import content_checksum, counts, wipe
from service.ingest.demo import generate
from service.ingest.loader import load
from service.ingest.sources import NdjsonSource
from service.models import GraphCounts

DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
Work = Callable[[AsyncTransaction], Awaitable[Any]]


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    data = generate(seed=5, people=300)
    path = tmp_path / "demo.ndjson"
    path.write_text(
        "".join(r.model_dump_json(by_alias=True, exclude_none=True) + "\n" for r in data.records())
    )
    return path


async def snapshot(db: Database) -> tuple[GraphCounts, str]:
    return await counts(db), await content_checksum(db)


async def clean_load(db: Database, path: Path) -> tuple[GraphCounts, str]:
    """The graph one load with one batch at a time gives; the graph is wiped afterwards."""
    assert (await load(db, [NdjsonSource(path)], batch_size=500, in_flight=1)).validation.ok
    clean = await snapshot(db)
    assert clean[0].interactions > 1000
    await wipe(db)
    return clean


class AbortWrites:
    """Make chosen write transactions do all their work, then fail with `code` instead of
    committing, on their first attempt only (as Neo4j does to the victim of a deadlock).
    Write transactions are numbered from 1 in the order they begin."""

    def __init__(self, db: Database, code: str, which: set[int]) -> None:
        self.db = db
        self.code = code
        self.which = which
        self.begun = 0
        self.numbers: dict[int, tuple[Work, int]] = {}  # id(work) -> (work, its number)
        self.attempts: dict[int, int] = {}  # number -> attempts, for the aborted ones
        self.real_once = db._once
        db._once = self.once  # type: ignore[method-assign]

    def restore(self) -> None:
        self.db._once = self.real_once  # type: ignore[method-assign]

    async def once(self, mode: str, work: Work, timeout: float | None) -> Any:
        if mode != WRITE_ACCESS:
            return await self.real_once(mode, work, timeout)
        if id(work) not in self.numbers:  # the work is kept, so its id is not reused
            self.begun += 1
            self.numbers[id(work)] = (work, self.begun)
        number = self.numbers[id(work)][1]
        if number not in self.which:
            return await self.real_once(mode, work, timeout)
        self.attempts[number] = self.attempts.get(number, 0) + 1
        if self.attempts[number] > 1:
            return await self.real_once(mode, work, timeout)

        async def then_abort(tx: AsyncTransaction) -> Any:
            await work(tx)
            raise Neo4jError._hydrate_neo4j(code=self.code, message="injected by the test")

        return await self.real_once(mode, then_abort, timeout)


async def test_two_overlapping_loads_give_the_graph_of_one_clean_load(
    db: Database, demo_file: Path, tmp_path: Path
) -> None:
    clean = await clean_load(db, demo_file)
    backwards = tmp_path / "backwards.ndjson"
    backwards.write_text("".join(reversed(demo_file.read_text().splitlines(keepends=True))))

    first, second = await asyncio.gather(
        load(db, [NdjsonSource(demo_file)], batch_size=200, in_flight=2),
        load(db, [NdjsonSource(backwards)], batch_size=150, in_flight=3),
    )

    assert first.validation.ok
    assert second.validation.ok
    assert first.written == second.written
    assert await snapshot(db) == clean
    # Deadlocks between the two loads are possible; each was retried, none was lost.
    assert set(db.retried) <= {DEADLOCK}, db.retried


async def test_batches_aborted_by_deadlocks_are_retried_and_the_graph_is_the_clean_one(
    db: Database, demo_file: Path
) -> None:
    clean = await clean_load(db, demo_file)
    aborts = AbortWrites(db, DEADLOCK, which={1, 2, 3, 5, 15, 20})  # every kind, and the parents

    result = await load(db, [NdjsonSource(demo_file)], batch_size=300, in_flight=2)

    assert result.validation.ok
    assert aborts.attempts == dict.fromkeys(aborts.which, 2)
    assert db.retried == {DEADLOCK: len(aborts.which)}
    assert await snapshot(db) == clean
    replayed = await load(db, [NdjsonSource(demo_file)], batch_size=300, in_flight=2)
    assert replayed.people_changed == 0
    assert await snapshot(db) == clean


async def test_a_batch_over_the_memory_limit_stops_the_load_unretried_and_a_rerun_converges(
    db: Database, demo_file: Path
) -> None:
    clean = await clean_load(db, demo_file)
    aborts = AbortWrites(db, OUT_OF_MEMORY, which={15})  # interactions, another batch in flight

    with pytest.raises(QueryMemoryLimitExceeded):
        await load(db, [NdjsonSource(demo_file)], batch_size=300, in_flight=2)

    assert aborts.attempts == {15: 1}
    assert not db.retried
    assert (await counts(db)).interactions < clean[0].interactions
    aborts.restore()
    assert (await load(db, [NdjsonSource(demo_file)], batch_size=300, in_flight=2)).validation.ok
    assert await snapshot(db) == clean
