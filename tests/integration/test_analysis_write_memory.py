"""A topic whose results do not fit in one transaction is analysed anyway: on a spare server
of this suite's own (test ports + 100) whose transaction memory is deliberately small
(`db.memory.transaction.max`; Neo4j 5 Community has no dbms.setConfigValue, so the limit is
set in the spare's configuration, as LOCAL_TRANSACTION_MAX_MEMORY does), a job writes its
results in batches and succeeds, while the same writes in ONE transaction, as the protocol
before generations ran them, exceed the limit and leave nothing behind. GDS's own write of the
influence edges (in batches GDS sizes) is over the limit there too: the job deletes what it
committed and writes the edges in batches of its own instead.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import SecretStr

from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db import jobs as job_store
from service.db.database import Database, QueryMemoryLimitExceeded, Record
from service.db.driver import create_async_driver
from service.db.migrate import migrate
from service.db.scores import rankings, result_jobs
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.localdb.server import LocalNeo4j
from service.models import Job
from service.settings import Settings
from tests.conftest import spare_settings

pytestmark = pytest.mark.neo4j
T = TypeVar("T")
TOPIC = "climate"
LIMIT = "12m"  # db.memory.transaction.max of the spare
PEOPLE = 3000  # demo people: their topic's results need more than LIMIT in one transaction
BATCH = 100  # ANALYSIS_WRITE_BATCH of the job: one batch fits
OPTIONS = AnalysisOptions(centrality=["pagerank", "degree"], communities=["louvain", "wcc"])


class RecordingDatabase(Database):
    """A Database that notes the result batches a job writes (name and parameters)."""

    recorded: list[tuple[str, dict[str, Any]]]

    async def write(self, name: str, **params: Any) -> list[Record]:
        if name.startswith("analytics/write_"):
            self.recorded.append((name, dict(params)))
        return await super().write(name, **params)


@pytest.fixture(scope="module")
def small_tx(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    settings = spare_settings(
        neo4j_server,
        100,
        Path(tmp_path_factory.mktemp("small-tx")) / "neo4j",
        local_heap="1g",
        local_pagecache="128m",
        local_transaction_max_memory=LIMIT,
        neo4j_password=SecretStr("small-tx-pass-1"),
        analysis_write_batch=BATCH,
    )
    server = LocalNeo4j(settings)
    server.start(echo=False)
    try:
        asyncio.run(_with_db(settings, _prepare))
        yield settings
    finally:
        server.stop(echo=False)


async def _prepare(db: Database) -> None:
    await migrate(db)
    await load_records(db, generate(seed=7, people=PEOPLE).records(), batch_size=500)


async def _with_db(settings: Settings, body: Callable[[Database], Awaitable[T]]) -> T:
    driver = create_async_driver(settings)
    try:
        db = RecordingDatabase.for_settings(driver, settings)
        return await body(db)
    finally:
        await driver.close()


def test_results_too_big_for_one_transaction_are_written_in_batches(small_tx: Settings) -> None:
    async def body(db: Database) -> tuple[Job, dict[str, Any], dict[str, Any], int, str]:
        assert isinstance(db, RecordingDatabase)
        db.recorded = []
        job = await enqueue_analysis(db, TOPIC, OPTIONS, small_tx)
        worker = Worker(db, small_tx)
        try:
            done = await worker.run_once(job.id)
        finally:
            await worker.aclose()
        assert done is not None
        assert done.status == "succeeded", done.error
        stored = await result_jobs(db, TOPIC)
        batches = list(db.recorded)
        names = [name for name, _ in batches]
        assert names.count("analytics/write_influence_batch") > 1  # then the batches
        # The same writes in ONE transaction, as the protocol before generations ran them:
        # a job of our own holds the lease the write queries check.
        other = await enqueue_analysis(db, TOPIC, OPTIONS, small_tx)
        lease = uuid.uuid4().hex
        claimed = await job_store.claim(db, "one-transaction", lease, 600, other.id)
        assert claimed is not None
        await db.write("analytics/begin_results", jobId=other.id, lease=lease, lanes=2)
        steps: list[tuple[str, Mapping[str, Any]]] = [
            (name, {**p, "jobId": other.id, "lease": lease}) for name, p in batches
        ]
        error = ""
        try:
            await db.write_many(steps)
        except QueryMemoryLimitExceeded as exc:
            error = str(exc)
        await job_store.fail(db, other.id, lease, "the one-transaction comparison")
        ranked = await rankings(db, TOPIC, first=100_000)
        assert {s.job_id for s in ranked} == {done.id}
        return done, stored, await result_jobs(db, TOPIC), len(batches), error

    done, stored, after, batches, error = asyncio.run(_with_db(small_tx, body))
    assert done.status == "succeeded", done.error
    assert done.summary is not None
    assert batches > 20  # influences, scores, communities and memberships, 100 rows at a time
    assert stored["resultJobId"] == done.id
    assert stored["scores"] == done.summary["people"]
    assert stored["influences"] == done.summary["relationships"]
    assert stored["scoreJobs"] == stored["influenceJobs"] == stored["communityJobs"] == [done.id]
    assert "db.memory.transaction.max" in error, "the results fit in one transaction after all"
    assert after == stored  # the failed one-transaction write left nothing behind
