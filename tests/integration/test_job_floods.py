"""Floods of `runAnalysis` (issue 17): the same analysis asked for many times at once is one
job, and one key cannot queue more than MAX_ACTIVE_JOBS_PER_KEY jobs. Both are decided in one
Cypher transaction (jobs/enqueue), so the calls here run concurrently against the real server."""

from __future__ import annotations

import asyncio

import pytest

from service.analytics.options import AnalysisOptions
from service.analytics.queue import TooManyJobs, enqueue_analysis
from service.db import jobs as job_store
from service.db.database import Database
from service.ingest.loader import load_records
from service.ingest.records import TopicRecord
from tests.conftest import make_test_settings

pytestmark = pytest.mark.neo4j
QUICK = AnalysisOptions(centrality=["pagerank"], communities=["louvain"])


async def _topics(db: Database, *ids: str) -> None:
    await load_records(db, [TopicRecord(id=t, name=t) for t in ids])


async def test_a_hundred_concurrent_calls_for_one_analysis_queue_one_job(db: Database) -> None:
    await _topics(db, "climate")
    settings = make_test_settings()
    jobs = await asyncio.gather(
        *(enqueue_analysis(db, "climate", QUICK, settings, f"key-{i % 7}") for i in range(100))
    )
    assert len({j.id for j in jobs}) == 1
    assert [j.id for j in await job_store.list_jobs(db, "climate")] == [jobs[0].id]


async def test_other_options_or_topics_are_other_jobs_and_a_finished_one_is_not_reused(
    db: Database,
) -> None:
    await _topics(db, "climate", "health")
    settings = make_test_settings()
    first = await enqueue_analysis(db, "climate", QUICK, settings, "k")
    other = await enqueue_analysis(
        db, "climate", QUICK.model_copy(update={"communities": ["leiden"]}), settings, "k"
    )
    elsewhere = await enqueue_analysis(db, "health", QUICK, settings, "k")
    assert len({first.id, other.id, elsewhere.id}) == 3
    assert await job_store.cancel(db, first.id) is not None
    again = await enqueue_analysis(db, "climate", QUICK, settings, "k")
    assert again.id not in {first.id, other.id}


async def test_a_key_is_capped_and_the_cap_holds_under_concurrent_calls(db: Database) -> None:
    topics = [f"t{i}" for i in range(12)]
    await _topics(db, *topics)
    settings = make_test_settings(max_active_jobs_per_key=3)
    results = await asyncio.gather(
        *(enqueue_analysis(db, t, QUICK, settings, "greedy") for t in topics),
        return_exceptions=True,
    )
    queued = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, TooManyJobs)]
    assert len(queued) == 3
    assert len(refused) == 9
    assert all(r.limit == 3 and r.active == 3 for r in refused)
    # Another key has its own allowance; a repeat of a queued job is not refused; the CLI
    # (owner None) is not capped.
    assert (await enqueue_analysis(db, "t0", QUICK, settings, "patient")).topic == "t0"
    repeat = await enqueue_analysis(db, queued[0].topic, QUICK, settings, "greedy")
    assert repeat.id == queued[0].id
    free = [t for t in topics if t not in {j.topic for j in queued}]
    assert (await enqueue_analysis(db, free[0], QUICK, settings, None)).topic == free[0]
    # A finished (here: cancelled) job frees its place.
    assert await job_store.cancel(db, queued[1].id) is not None
    assert (await enqueue_analysis(db, free[1], QUICK, settings, "greedy")).topic == free[1]
