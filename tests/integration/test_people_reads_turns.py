"""In one worker, the scoring signals' read never overlaps a write of relationships on people:
neither the job's own INFLUENCES edges nor a batch of the background clean-up of the previous
results (Neo4j 5.26 can miss relationships of a node walked while they change; see
service/analytics/people_reads.py). Two jobs run back to back with one worker, the second
while the clean-up after the first is under way; every turn is recorded with its times."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from service.analytics.people_reads import PeopleReads
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db.database import Database
from service.settings import Settings
from tests.integration.test_analysis_jobs import QUICK, TOPIC, analyse, loaded, run

pytestmark = pytest.mark.neo4j
__all__ = ["loaded"]  # the module's fixture, shared


class RecordedTurns(PeopleReads):
    def __init__(self) -> None:
        super().__init__()
        self.turns: list[tuple[str, float, float]] = []

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        async with super().reading():
            start = time.monotonic()
            try:
                yield
            finally:
                self.turns.append(("read", start, time.monotonic()))

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        async with super().writing():
            start = time.monotonic()
            try:
                yield
            finally:
                self.turns.append(("write", start, time.monotonic()))


def test_signals_are_never_read_while_relationships_on_people_are_written(
    loaded: Settings,
) -> None:
    small = loaded.model_copy(update={"analysis_cleanup_batch": 50})

    async def body(db: Database) -> tuple[RecordedTurns, bool]:
        await analyse(db, loaded)  # results for the first job's clean-up to delete
        worker = Worker(db, small)
        turns = worker.people_reads = RecordedTurns()
        try:
            for _ in range(2):  # the second runs while the first's clean-up deletes
                job = await enqueue_analysis(db, TOPIC, QUICK, small)
                done = await worker.run_once(job.id)
                assert done is not None
                assert done.status == "succeeded", done.error
            cleaning = worker.cleaning
        finally:
            await worker.aclose()
        return turns, cleaning

    recorded, _ = run(loaded, body)
    reads = [(start, end) for kind, start, end in recorded.turns if kind == "read"]
    writes = [(start, end) for kind, start, end in recorded.turns if kind == "write"]
    assert len(reads) == 2  # one signals read per job
    # each job's edges, then clean-up batches: 400 people's results in batches of 50
    assert len(writes) > 4
    overlapping = [(r, w) for r in reads for w in writes if r[0] < w[1] and w[0] < r[1]]
    assert overlapping == []
