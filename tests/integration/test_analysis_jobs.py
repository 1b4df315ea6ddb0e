"""The life of analysis jobs against the real server: success, failure, cancel, and a worker
killed mid-job. After each, the GDS catalog is empty and a topic's stored results all come
from one job: the previous one (intact) or the new one (complete), never a mix."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import pytest

from service.analytics.jobs import cancel_job, get_job, run_analysis
from service.analytics.options import AnalysisOptions
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.queries import Queries
from service.db.scores import result_jobs
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.models import Job
from service.settings import PROJECT_ROOT, Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs

pytestmark = pytest.mark.neo4j
T = TypeVar("T")
TOPIC = "climate"
QUICK = AnalysisOptions(centrality=["pagerank", "degree"], communities=["louvain"])


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[Database]:
    driver = create_async_driver(settings)
    try:
        yield Database(driver, Queries(settings.cypher_dir), settings.neo4j_database, 60)
    finally:
        await driver.close()


def run(settings: Settings, body: Callable[[Database], Awaitable[T]]) -> T:
    async def main() -> T:
        async with database(settings) as db:
            return await body(db)

    return asyncio.run(main())


def projected(job: Job, catalog: list[str]) -> bool:
    """Whether a run of `job` has its projection in the catalog."""
    return any(name.startswith(f"influence-{job.id}-") for name in catalog)


def catalog(settings: Settings) -> list[str]:
    gds = open_gds(settings)
    try:
        return [g.graph_name for g in gds.graph.list()]
    finally:
        gds.close()


@pytest.fixture(scope="module")
def loaded(neo4j_server: Settings) -> Settings:
    """A small demo graph (400 people) shared by the tests of this module."""

    async def body(db: Database) -> None:
        await wipe(db)
        await load_records(db, generate(seed=7, people=400).records())

    drop_gds_graphs(neo4j_server)
    run(neo4j_server, body)
    return neo4j_server


async def analyse(db: Database, settings: Settings, options: AnalysisOptions = QUICK) -> Job:
    return await run_job(db, settings, TOPIC, options)


def assert_results_from(stored: dict[str, Any], job: Job) -> None:
    assert stored["scoreJobs"] == [job.id]
    assert stored["influenceJobs"] == [job.id]
    assert stored["communityJobs"] == [job.id]
    assert job.summary is not None
    assert stored["scores"] == job.summary["people"]
    assert stored["influences"] == job.summary["relationships"]
    assert stored["communities"] == job.summary["communities"]


def test_a_new_analysis_replaces_the_previous_results(loaded: Settings) -> None:
    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, dict[str, Any]]:
        first = await analyse(db, loaded)
        after_first = await result_jobs(db, TOPIC)
        second = await analyse(db, loaded, QUICK.model_copy(update={"communities": ["leiden"]}))
        return first, after_first, second, await result_jobs(db, TOPIC)

    first, after_first, second, after_second = run(loaded, body)
    assert first.status == second.status == "succeeded"
    assert (second.progress, second.stage, second.error) == (1.0, "done", None)
    assert_results_from(after_first, first)
    assert_results_from(after_second, second)
    assert catalog(loaded) == []


def test_a_job_over_the_memory_budget_fails_and_keeps_the_previous_results(
    loaded: Settings,
) -> None:
    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        failed = await analyse(db, loaded, QUICK.model_copy(update={"max_memory_bytes": 4096}))
        return ok, before, failed, await result_jobs(db, TOPIC)

    ok, before, failed, after = run(loaded, body)
    assert failed.status == "failed"
    assert failed.error is not None
    assert "budget is 0.0 MiB" in failed.error
    assert "ANALYSIS_MAX_MEMORY_BYTES" in failed.error
    assert after == before
    assert_results_from(after, ok)
    assert catalog(loaded) == []


def test_an_unknown_topic_is_refused_when_queued(loaded: Settings) -> None:
    from service.analytics.options import AnalysisError

    async def body(db: Database) -> None:
        await run_analysis(db, "no-such-topic", None, loaded)

    with pytest.raises(AnalysisError, match="unknown topic 'no-such-topic'"):
        run(loaded, body)


def test_cancelling_a_running_job_keeps_the_previous_results(loaded: Settings) -> None:
    slow = loaded.model_copy(update={"analysis_stage_pause": 1.0})

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, list[str], dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        job = await run_analysis(db, TOPIC, QUICK, slow)
        worker = Worker(db, slow)
        task = asyncio.create_task(worker.run_once(job.id))
        deadline = time.monotonic() + 60
        seen: list[str] = []
        while not projected(job, seen) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            seen = await asyncio.to_thread(catalog, loaded)
        await cancel_job(db, job.id)
        done = await task
        worker.close()
        assert done is not None
        return ok, before, done, seen, await result_jobs(db, TOPIC)

    ok, before, cancelled, seen_running, after = run(loaded, body)
    assert projected(cancelled, seen_running)  # it was cancelled mid-run
    assert cancelled.status == "cancelled"
    assert cancelled.error == "cancelled by request"
    assert after == before
    assert_results_from(after, ok)
    assert catalog(loaded) == []


def test_a_cancelled_queued_job_never_runs(loaded: Settings) -> None:
    async def body(db: Database) -> tuple[Job | None, Job | None, Job | None]:
        job = await run_analysis(db, TOPIC, QUICK, loaded)
        cancelled = await cancel_job(db, job.id)
        worker = Worker(db, loaded)
        try:
            ran = await worker.run_once(job.id)
        finally:
            worker.close()
        return cancelled, ran, await get_job(db, job.id)

    cancelled, ran, final = run(loaded, body)
    assert cancelled is not None
    assert cancelled.status == "cancelled"
    assert ran is None
    assert final is not None
    assert final.status == "cancelled"
    assert final.attempts == 0


def _worker_process(settings: Settings, **env: str) -> subprocess.Popen[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full.update(
        NEO4J_URI=settings.bolt_uri,
        NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
        **env,
    )
    return subprocess.Popen(
        [sys.executable, "-m", "service", "worker", "--once"],
        cwd=PROJECT_ROOT,
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_job_of_a_killed_worker_is_recovered_and_completed(loaded: Settings) -> None:
    lease = 3.0
    short = loaded.model_copy(update={"job_lease_seconds": lease})

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, Job, list[str], dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        job = await run_analysis(db, TOPIC, QUICK, loaded)
        proc = _worker_process(loaded, ANALYSIS_STAGE_PAUSE="3", JOB_LEASE_SECONDS=str(lease))
        try:
            deadline = time.monotonic() + 90
            seen: list[str] = []
            while not projected(job, seen) and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()
                await asyncio.sleep(0.2)
                seen = await asyncio.to_thread(catalog, loaded)
        finally:
            proc.kill()  # SIGKILL: no clean-up, the projection stays in the catalog
            proc.wait()
        orphaned = await get_job(db, job.id)
        assert orphaned is not None
        await asyncio.sleep(lease + 1)
        done = await run_job(db, short, TOPIC, job_id=job.id)
        return ok, before, orphaned, done, seen, await result_jobs(db, TOPIC)

    ok, before, orphaned, done, seen_running, after = run(loaded, body)
    assert_results_from(before, ok)
    assert projected(done, seen_running)
    assert orphaned.status == "running"
    assert done.status == "succeeded", done.error
    assert done.recoveries == 1
    assert done.attempts == 2
    assert after != before
    assert_results_from(after, done)
    assert catalog(loaded) == []


def test_progress_is_reported_stage_by_stage(loaded: Settings) -> None:
    seen: list[tuple[str, float]] = []
    options = QUICK.model_copy(update={"centrality": ["pagerank", "degree", "betweenness"]})

    async def body(db: Database) -> Job | None:
        job = await run_analysis(db, TOPIC, options, loaded)
        worker = Worker(db, loaded)
        try:
            return await worker.run_once(job.id, listener=lambda s, p: seen.append((s, p)))
        finally:
            worker.close()

    done = run(loaded, body)
    assert done is not None
    assert done.status == "succeeded"
    progress = [p for _, p in seen]
    assert progress == sorted(progress)
    assert progress[0] == 0.0 < progress[-1] < 1.0  # 1.0 is set by the final commit
    stages = list(dict.fromkeys(s for s, _ in seen))
    assert stages[:3] == ["capabilities", "estimate", "projection"]
    assert [s for s in stages if s in ("pagerank", "degree", "betweenness", "louvain")] == [
        "pagerank", "degree", "betweenness", "louvain"
    ]  # fmt: skip
    assert stages[-3:] == ["stream", "scoring", "write"]
    assert (done.progress, done.stage) == (1.0, "done")
