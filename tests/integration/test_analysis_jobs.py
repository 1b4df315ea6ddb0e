"""The life of analysis jobs against the real server: success, failure, cancel, and a worker
killed mid-job, also in the middle of writing its results. After each, the GDS catalog is
empty and a topic's stored results all come from one job: the previous one (intact) or the new
one (complete), never a mix; while a job writes, readers see the previous results only."""

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

from service.analytics.options import AnalysisOptions
from service.analytics.people_reads import PeopleReads
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import CLEANER_TASK, UNEXPECTED_FAILURE, Worker
from service.db import influence, scores
from service.db import jobs as job_store
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import graph_names, open_gds
from service.db.graph import wipe
from service.db.migrate import migrate
from service.db.scores import BatchObserver, result_jobs
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.models import Job
from service.settings import PROJECT_ROOT, Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs
from tests.support.queries import queries_with_tests

pytestmark = pytest.mark.neo4j
T = TypeVar("T")
TOPIC = "climate"
QUICK = AnalysisOptions(centrality=["pagerank", "degree"], communities=["louvain"])


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[Database]:
    driver = create_async_driver(settings)
    try:
        yield Database(driver, queries_with_tests(settings), settings.neo4j_database, 60)
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
        return graph_names(gds)
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
    assert stored["influenceGenerations"] == [stored["resultGeneration"]]
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
        await enqueue_analysis(db, "no-such-topic", None, loaded)

    with pytest.raises(AnalysisError, match="unknown topic 'no-such-topic'"):
        run(loaded, body)


def test_cancelling_a_running_job_keeps_the_previous_results(loaded: Settings) -> None:
    slow = loaded.model_copy(update={"analysis_stage_pause": 1.0})

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, list[str], dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        job = await enqueue_analysis(db, TOPIC, QUICK, slow)
        worker = Worker(db, slow)
        task = asyncio.create_task(worker.run_once(job.id))
        deadline = time.monotonic() + 60
        seen: list[str] = []
        while not projected(job, seen) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            seen = await asyncio.to_thread(catalog, loaded)
        await job_store.cancel(db, job.id)
        done = await task
        await worker.aclose()
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
        job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
        cancelled = await job_store.cancel(db, job.id)
        worker = Worker(db, loaded)
        try:
            ran = await worker.run_once(job.id)
        finally:
            await worker.aclose()
        return cancelled, ran, await job_store.get(db, job.id)

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
        job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
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
        orphaned = await job_store.get(db, job.id)
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
        job = await enqueue_analysis(db, TOPIC, options, loaded)
        worker = Worker(db, loaded)
        try:
            return await worker.run_once(job.id, listener=lambda s, p: seen.append((s, p)))
        finally:
            await worker.aclose()

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


# ---- writing results: generations ----------------------------------------------------------

SMALL_BATCHES = 100  # ANALYSIS_WRITE_BATCH: the 400 people's results take about 13 batches
NO_FILTERS: dict[str, Any] = {"role": None, "kind": None, "language": None, "minPercentiles": {}}


async def what_readers_see(db: Database) -> dict[str, Any]:
    """The topic's results through the readers the API uses: rankings (by rank and by score,
    with counts), one person's scores, links and explanation, communities with their leaders
    and members, the network, a path, and an analysis for data scientists."""
    ranked = await scores.rankings(db, TOPIC, first=100_000)
    top, second = ranked[0].person, ranked[1].person
    by_rank = await influence.influencers_by_rank(db, TOPIC, NO_FILTERS, 0, 100_000)
    by_score = await influence.influencers_by_component(
        db, TOPIC, "resonance", NO_FILTERS, 0, 100_000
    )
    communities = await influence.communities_page(db, TOPIC, None, None, 100_000)
    ids = [c.id for c in communities]
    network = await influence.network(db, TOPIC, 50)
    path = await influence.strongest_path(db, second, top, TOPIC, 6)
    return {
        "rankings": ranked,
        "count": await scores.ranking_count(db, TOPIC),
        "by_rank": by_rank,
        "by_score": by_score,
        "filtered_count": await influence.count_influencers(db, TOPIC, NO_FILTERS),
        "status": await influence.topic_status(db, TOPIC),
        "score_of": await scores.score_of(db, TOPIC, top),
        "by_keys": await influence.scores_by_keys(db, [(top, TOPIC), (second, TOPIC)]),
        "links_in": await influence.links(db, top, TOPIC, "in", None, 1000),
        "links_out": await influence.links(db, top, TOPIC, "out", None, 1000),
        "links_count": await influence.count_links(db, top, TOPIC, "out"),
        "contributors": await scores.contributors(db, TOPIC, top, 20),
        "communities": communities,
        "community_count": await influence.count_communities(db, TOPIC, None),
        "community_by_id": await influence.communities_by_ids(db, ids),
        "leaders": await influence.leaders_by_ids(db, ids, 3),
        "members": await influence.members_page(db, ids[0], None, 1000),
        "memberships": await scores.memberships(db, TOPIC, communities[0].algorithm),
        # Edges in no particular order: compared as a set.
        "network": (network.nodes, {(e.source, e.target, e.weight) for e in network.edges}),
        "path": path,
        "top_influencers": await db.read("analyses/top_influencers", topic=TOPIC, limit=20),
    }


async def profile_ranking_page(
    db: Database, name: str = "influence/page_by_rank"
) -> list[tuple[str, str, int]]:
    """PROFILE of a ranking page query (page 2, 10 per page): (operator, details, rows)."""
    params = {"topic": TOPIC, "afterRank": 10, "limit": 11, **NO_FILTERS}
    records, profile = await db.profile(name, **params)
    assert len(records) == 1  # one record holding the page's rows as a list
    assert len(records[0]["rows"]) == 11
    out: list[tuple[str, str, int]] = []

    def walk(op: dict[str, Any]) -> None:
        details = str(op.get("args", {}).get("Details", ""))
        out.append((str(op["operatorType"]).split("@")[0], details, int(op.get("rows", 0))))
        for child in op.get("children", []):
            walk(child)

    walk(profile)
    return out


def job_ids_seen(seen: dict[str, Any]) -> set[str]:
    """Every job id the readers' answers carry."""
    ids = {s.job_id for s in seen["rankings"]} | {r.score.job_id for r in seen["by_rank"]}
    ids |= {r.score.job_id for r in seen["by_score"]} | {c.job_id for c in seen["communities"]}
    ids |= {s.job_id for s in seen["by_keys"].values()} | {seen["score_of"].job_id}
    ids |= {c.job_id for c in seen["community_by_id"].values()}
    ids |= {r["jobId"] for r in seen["top_influencers"]}
    return ids


def test_readers_see_the_previous_results_until_the_switch_then_only_the_new(
    loaded: Settings,
) -> None:
    small = loaded.model_copy(update={"analysis_write_batch": SMALL_BATCHES})
    mid: dict[str, Any] = {}

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await what_readers_see(db)
        job = await enqueue_analysis(db, TOPIC, QUICK, small)  # same community ids as before

        async def pause(kind: str, done: int, total: int) -> None:
            if kind == "memberships" and "seen" not in mid:  # scores, influences staged
                mid["stored"] = await result_jobs(db, TOPIC)
                mid["seen"] = await what_readers_see(db)
                mid["plan"] = await profile_ranking_page(db)
                mid["plan_by_resonance"] = await profile_ranking_page(
                    db, "influence/page_by_resonance"
                )
                mid["at"] = (done, total)

        worker = Worker(db, small)
        try:
            done = await worker.run_once(job.id, batch_observer=pause)
        finally:
            await worker.aclose()
        assert done is not None
        return ok, before, done, await what_readers_see(db)

    ok, before, done, after = run(loaded, body)
    assert done.status == "succeeded", done.error
    assert 0 < mid["at"][0] < mid["at"][1]
    # Mid-write: the new job's rows are in the store, the readers see only the previous ones.
    stored = mid["stored"]
    assert stored["resultJobId"] == ok.id
    assert stored["scoreJobs"] == sorted([ok.id, done.id])
    assert stored["influenceJobs"] == sorted([ok.id, done.id])
    assert stored["communityJobs"] == sorted([ok.id, done.id])
    assert mid["seen"] == before
    assert job_ids_seen(before) == {ok.id}
    # A ranking page seeks the current generation in the (topic, jobId, rank) index, in rank
    # order, and reads only its own rows, though two generations are stored.
    seeks = [op for op in mid["plan"] if op[0] == "DirectedRelationshipIndexSeek"]
    assert len(seeks) == 1, mid["plan"]
    assert "INFLUENCE_ON(topic, jobId, rank)" in seeks[0][1]
    assert "jobId = t.resultJobId" in seeks[0][1]
    assert seeks[0][2] == 11
    assert not [op for op in mid["plan"] if op[0] in ("Top", "PartialTop")], mid["plan"]
    # So does a page ordered by a component, in its own (topic, jobId, <component>Rank) index.
    plan = mid["plan_by_resonance"]
    seeks = [op for op in plan if op[0] == "DirectedRelationshipIndexSeek"]
    assert len(seeks) == 1, plan
    assert "INFLUENCE_ON(topic, jobId, resonanceRank)" in seeks[0][1]
    assert seeks[0][2] == 11
    assert not [op for op in plan if op[0] in ("Top", "PartialTop")], plan
    assert all(op[2] <= 11 for op in plan if op[0] == "Sort"), plan  # the page's rows only
    # After the switch: only the new ones, each once.
    assert job_ids_seen(after) == {done.id}
    assert (
        after["count"]
        == after["filtered_count"]
        == len(after["rankings"])
        == len({s.person for s in after["rankings"]})
    )
    assert [c.id for c in after["communities"]] == [c.id for c in before["communities"]]
    assert len(after["members"]) == len(before["members"])
    assert_results_from(run(loaded, lambda db: result_jobs(db, TOPIC)), done)
    assert catalog(loaded) == []


class InjectedFailure(RuntimeError):
    pass


Interrupt = Callable[[Database, Job, list[dict[str, Any]]], BatchObserver]


def run_interrupted(
    loaded: Settings, interrupt: Interrupt
) -> tuple[Job, dict[str, Any], Job | None, dict[str, Any], list[dict[str, Any]]]:
    """Analyse once, then run a second job in small batches whose writing `interrupt` breaks
    off; returns the first job, the stored results before and after the second, the second
    job, and what `interrupt` saw staged."""
    small = loaded.model_copy(update={"analysis_write_batch": SMALL_BATCHES})
    staged: list[dict[str, Any]] = []

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job | None, dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        job = await enqueue_analysis(db, TOPIC, QUICK, small)
        worker = Worker(db, small)
        try:
            done = await worker.run_once(job.id, batch_observer=interrupt(db, job, staged))
        finally:
            await worker.aclose()
        return ok, before, done, await result_jobs(db, TOPIC)

    ok, before, done, after = run(loaded, body)
    return ok, before, done, after, staged


def test_a_job_failing_mid_write_leaves_the_previous_results_and_no_staged_rows(
    loaded: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    def fail_in_scores(db: Database, job: Job, staged: list[dict[str, Any]]) -> BatchObserver:
        async def observe(kind: str, done: int, total: int) -> None:
            if kind == "scores":
                staged.append(await result_jobs(db, TOPIC))
                raise InjectedFailure("the writer broke between two batches")

        return observe

    ok, before, failed, after, staged = run_interrupted(loaded, fail_in_scores)
    assert failed is not None
    assert failed.status == "failed"
    assert failed.error == UNEXPECTED_FAILURE  # the exception's text stays in the log
    assert "writer broke" in caplog.text
    assert failed.id in caplog.text
    assert staged[0]["influenceJobs"] == sorted([ok.id, failed.id])  # it failed mid-write
    assert after == before
    assert_results_from(after, ok)
    assert catalog(loaded) == []


def test_a_job_cancelled_mid_write_leaves_the_previous_results_and_no_staged_rows(
    loaded: Settings,
) -> None:
    def cancel_in_scores(db: Database, job: Job, staged: list[dict[str, Any]]) -> BatchObserver:
        async def observe(kind: str, done: int, total: int) -> None:
            if kind == "scores" and not staged:
                staged.append(await result_jobs(db, TOPIC))
                await job_store.cancel(db, job.id)  # as a user would, from another request

        return observe

    ok, before, cancelled, after, staged = run_interrupted(loaded, cancel_in_scores)
    assert cancelled is not None
    assert (cancelled.status, cancelled.error) == ("cancelled", "cancelled by request")
    assert staged[0]["scoreJobs"] == sorted([ok.id, cancelled.id])  # cancelled mid-write
    assert after == before
    assert_results_from(after, ok)
    assert catalog(loaded) == []


async def kill_worker_mid_write(
    db: Database, settings: Settings, job: Job, lease: float
) -> dict[str, Any]:
    """Run `job` in a worker process that writes its results slowly, in small batches, and
    SIGKILL it once some of its scores are staged; returns what was stored then."""
    proc = _worker_process(
        settings,
        ANALYSIS_WRITE_BATCH=str(SMALL_BATCHES // 2),
        ANALYSIS_BATCH_PAUSE="1",
        JOB_LEASE_SECONDS=str(lease),
    )
    try:
        deadline = time.monotonic() + 120
        stored = await result_jobs(db, TOPIC)
        while job.id not in stored["scoreJobs"] and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            await asyncio.sleep(0.2)
            stored = await result_jobs(db, TOPIC)
    finally:
        proc.kill()  # SIGKILL: no clean-up, the staged rows stay in the store
        proc.wait()
    assert job.id in stored["scoreJobs"], "the worker was not killed mid-write"
    return await result_jobs(db, TOPIC)


def test_leftovers_of_a_worker_killed_mid_write_are_deleted_when_its_job_is_recovered(
    loaded: Settings,
) -> None:
    lease = 3.0
    short = loaded.model_copy(update={"job_lease_seconds": lease})

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job, dict[str, Any]]:
        ok = await analyse(db, loaded)
        before = await result_jobs(db, TOPIC)
        seen_before = await what_readers_see(db)
        job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
        killed = await kill_worker_mid_write(db, loaded, job, lease)
        assert await what_readers_see(db) == seen_before  # leftovers are invisible
        await asyncio.sleep(lease + 1)
        worker = Worker(db, short)
        try:
            recovered = await worker.recover()
        finally:
            await worker.aclose()
        assert recovered == [job.id]
        cleaned = await result_jobs(db, TOPIC)
        assert cleaned == before  # the leftovers went with the recovery
        done = await run_job(db, short, TOPIC, job_id=job.id)
        return ok, killed, done, await result_jobs(db, TOPIC)

    ok, killed, done, after = run(loaded, body)
    assert killed["resultJobId"] == ok.id
    assert killed["scoreJobs"] == sorted([ok.id, done.id])
    assert done.status == "succeeded", done.error
    assert (done.attempts, done.recoveries) == (2, 1)
    assert_results_from(after, done)
    assert catalog(loaded) == []


def test_leftovers_of_a_dead_run_are_deleted_before_the_next_run_writes(loaded: Settings) -> None:
    """A run killed mid-write whose recovery deleted nothing (the recovering worker died too,
    here: the queue's own recovery without the worker's clean-up): the next run of the same
    job deletes the leftovers before it writes, so no row is written twice."""
    lease = 3.0
    short = loaded.model_copy(update={"job_lease_seconds": lease})
    at_first_batch: list[dict[str, Any]] = []

    async def body(db: Database) -> tuple[Job, dict[str, Any], Job | None, dict[str, Any]]:
        ok = await analyse(db, loaded)
        job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
        await kill_worker_mid_write(db, loaded, job, lease)
        await asyncio.sleep(lease + 1)
        assert [r[0] for r in await job_store.recover_expired(db, 3)] == [job.id]
        leftovers = await result_jobs(db, TOPIC)

        async def look(kind: str, done: int, total: int) -> None:
            if not at_first_batch:
                at_first_batch.append(await result_jobs(db, TOPIC))

        worker = Worker(db, short)
        try:
            done = await worker.run_once(job.id, batch_observer=look)
        finally:
            await worker.aclose()
        return ok, leftovers, done, await result_jobs(db, TOPIC)

    ok, leftovers, done, after = run(loaded, body)
    assert done is not None
    assert done.status == "succeeded", done.error
    assert leftovers["scoreJobs"] == sorted([ok.id, done.id])  # the recovery left them
    first = at_first_batch[0]  # after the first batch (influence edges) of the new run
    assert first["resultJobId"] == ok.id
    assert first["scoreJobs"] == [ok.id]  # the dead run's scores are gone
    assert first["communityJobs"] == [ok.id]
    assert_results_from(after, done)
    assert catalog(loaded) == []


def test_results_written_before_generations_are_found_by_the_migration(
    loaded: Settings,
) -> None:
    """Results of the one-transaction protocol carry a job id but their topic no
    resultJobId: readers see nothing until the migration points the topic at them."""
    counts: dict[str, int] = {}

    async def body(db: Database) -> tuple[Job, dict[str, Any]]:
        ok = await analyse(db, loaded)
        await db.write("test/forget_result_job", topic=TOPIC)
        counts["hidden"] = await scores.ranking_count(db, TOPIC)
        assert "constraints/040_topic_result_job" in await migrate(db)
        counts["seen"] = await scores.ranking_count(db, TOPIC)
        rerun = await db.write("constraints/040_topic_result_job")  # idempotent
        counts["migrated_again"] = rerun[0]["migrated"]
        return ok, await result_jobs(db, TOPIC)

    ok, stored = run(loaded, body)
    assert ok.summary is not None
    assert counts == {"hidden": 0, "seen": ok.summary["people"], "migrated_again": 0}
    assert stored["resultJobId"] == ok.id
    assert_results_from(stored, ok)


def test_results_from_before_component_ranks_get_them_at_the_next_migration(
    loaded: Settings,
) -> None:
    """The data migration gives older results the ranks (and count) an analysis writes."""
    pages = ("authority", "resonance", "betweenness", "engagers")

    async def read(db: Database) -> tuple[dict[str, list[str]], int]:
        ranked = {
            name: [
                r.score.person
                for r in await influence.influencers_by_component(
                    db, TOPIC, name, NO_FILTERS, 0, 100_000
                )
            ]
            for name in pages
        }
        return ranked, await influence.count_influencers(db, TOPIC, NO_FILTERS)

    async def body(db: Database) -> tuple[Any, Any, Any, int, Any]:
        await analyse(db, loaded)
        written = await read(db)
        stripped = await db.write("test/strip_component_ranks", topic=TOPIC)
        before = await read(db)
        await migrate(db)
        migrated = await read(db)
        await migrate(db)
        return written, before, migrated, stripped[0]["stripped"], await read(db)

    written, before, migrated, stripped, again = run(loaded, body)
    assert stripped == written[1] > 0
    assert before == ({name: [] for name in pages}, written[1])  # counted while no count stored
    assert migrated == written
    assert again == written  # applying it again changes nothing
    assert all(len(ids) == written[1] for ids in written[0].values())


def test_influence_edges_from_before_generation_numbers_get_one_at_the_next_migration(
    loaded: Settings,
) -> None:
    """Edges tagged with their topic and job id (the format before GDS wrote them) are
    numbered, converted and seen again by readers; stale ones in that format are deleted."""

    async def body(db: Database) -> tuple[Job, Any, Any, Any, Any, int, dict[str, Any]]:
        ok = await analyse(db, loaded)
        written = await db.read_one("test/influence_edges", topic=TOPIC)
        reverted = await db.write("test/old_format_influences", topic=TOPIC, staleJob="old-job")
        hidden = await db.read_one("test/influence_edges", topic=TOPIC)
        await migrate(db)
        migrated = await db.read_one("test/influence_edges", topic=TOPIC)
        again = await db.write("constraints/064_influences_by_generation")  # idempotent
        return (
            ok,
            written,
            reverted,
            hidden,
            migrated,
            again[0]["migrated"],
            await result_jobs(db, TOPIC),
        )

    ok, written, reverted, hidden, migrated, again, stored = run(loaded, body)
    assert written is not None
    assert hidden is not None
    assert migrated is not None
    assert ok.summary is not None
    assert reverted[0]["reverted"] == len(written["edges"]) == ok.summary["relationships"] > 0
    assert (hidden["edges"], hidden["oldFormat"]) == ([], len(written["edges"]) + 1)
    assert migrated["edges"] == written["edges"]  # weights, counts and times as they were
    assert migrated["oldFormat"] == 0  # the stale old-format edge went too
    assert again == 0
    assert_results_from(stored, ok)


# ---- the background clean-up ---------------------------------------------------------------


class HeldCleanup(PeopleReads):
    """A worker's turns (PeopleReads) with its background clean-up stopped after its first
    batch, before it takes the turn of the next, until the test lets it go on: a clean-up
    caught mid-way, between two transactions, holding no turn."""

    def __init__(self) -> None:
        super().__init__()
        self.batches = 0
        self.deleting = asyncio.Event()  # set once a batch has been deleted
        self.go_on = asyncio.Event()

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None and task.get_name() == CLEANER_TASK:
            if self.batches:
                self.deleting.set()
                await self.go_on.wait()
            self.batches += 1
        async with super().writing():
            yield


async def caught_mid_cleanup(db: Database, settings: Settings) -> tuple[Job, Job, Worker]:
    """Analyse, then run a second job with a worker whose background clean-up of the first
    job's results stops after its first batch; returns both jobs and that worker (cleaning)."""
    small = settings.model_copy(
        update={"analysis_write_batch": SMALL_BATCHES, "analysis_cleanup_batch": SMALL_BATCHES}
    )
    ok = await analyse(db, settings)
    held = HeldCleanup()
    worker = Worker(db, small)
    worker.people_reads = held
    job = await enqueue_analysis(db, TOPIC, QUICK, small)
    done = await worker.run_once(job.id)
    assert done is not None
    assert done.status == "succeeded", done.error
    await asyncio.wait_for(held.deleting.wait(), 120)  # a guard, not a timing
    return ok, done, worker


def test_the_next_job_runs_while_the_previous_results_are_deleted_in_the_background(
    loaded: Settings,
) -> None:
    mid: dict[str, Any] = {}

    async def body(db: Database) -> tuple[Job, Job, Job, dict[str, Any]]:
        ok, second, worker = await caught_mid_cleanup(db, loaded)
        try:
            mid["stored"] = await result_jobs(db, TOPIC)
            mid["seen"] = await what_readers_see(db)
            job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
            third = await worker.run_once(job.id)  # the clean-up still waits mid-way
            assert third is not None
            mid["cleaning"] = worker.cleaning
            mid["seen_third"] = await what_readers_see(db)
            assert isinstance(worker.people_reads, HeldCleanup)
            worker.people_reads.go_on.set()
        finally:
            await worker.aclose()
        return ok, second, third, await result_jobs(db, TOPIC)

    ok, second, third, after = run(loaded, body)
    assert third.status == "succeeded", third.error
    assert mid["cleaning"]  # the third job ran and switched while the clean-up was under way
    stored = mid["stored"]  # mid-way: the first job's results partly deleted, still there
    assert stored["resultJobId"] == second.id
    assert stored["scoreJobs"] == sorted([ok.id, second.id])
    assert job_ids_seen(mid["seen"]) == {second.id}  # readers see only the current results
    assert mid["seen"]["count"] == len(mid["seen"]["rankings"])
    assert job_ids_seen(mid["seen_third"]) == {third.id}
    assert_results_from(after, third)  # the clean-up went on and deleted both older ones
    assert catalog(loaded) == []


def test_what_a_worker_closed_mid_cleanup_leaves_the_next_clean_up_deletes(
    loaded: Settings,
) -> None:
    async def body(db: Database) -> tuple[Job, Job, dict[str, Any], dict[str, Any], Job]:
        ok, second, worker = await caught_mid_cleanup(db, loaded)
        worker.close()  # stops the clean-up where it is
        await asyncio.sleep(0)
        assert not worker.cleaning
        left = await result_jobs(db, TOPIC)
        seen = await what_readers_see(db)
        third = await run_job(db, loaded, TOPIC, QUICK)  # its worker cleans up after it
        return ok, second, left, seen, third

    ok, second, left, seen, third = run(loaded, body)
    assert left["resultJobId"] == second.id
    assert left["scoreJobs"] == sorted([ok.id, second.id])  # the first job's rows stayed
    assert job_ids_seen(seen) == {second.id}  # invisible
    assert third.status == "succeeded", third.error
    assert_results_from(run(loaded, lambda db: result_jobs(db, TOPIC)), third)
    assert catalog(loaded) == []


def test_a_failed_clean_up_is_tried_again_at_the_next_poll(loaded: Settings) -> None:
    class FailingOnce(Database):
        def __init__(self, db: Database) -> None:
            super().__init__(db.driver, db.queries, db.database, db.read_timeout)
            self.failures = 0

        async def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
            if name == "analytics/delete_generation" and not self.failures:
                self.failures += 1
                raise RuntimeError("injected: the clean-up's transaction failed")
            return await super().write(name, **params)

    async def body(db: Database) -> tuple[Job, Job, dict[str, Any], dict[str, Any]]:
        ok = await analyse(db, loaded)
        failing = FailingOnce(db)
        worker = Worker(failing, loaded)
        try:
            job = await enqueue_analysis(db, TOPIC, QUICK, loaded)
            done = await worker.run_once(job.id)
            assert done is not None
            cleaner = worker._cleaner
            assert cleaner is not None
            await cleaner  # failed: logged, the topic kept for later
            left = await result_jobs(db, TOPIC)
            assert await worker.run_once() is None  # polls: nothing queued, cleans again
        finally:
            await worker.aclose()
        assert failing.failures == 1
        return ok, done, left, await result_jobs(db, TOPIC)

    ok, done, left, after = run(loaded, body)
    assert done.status == "succeeded", done.error
    assert left["scoreJobs"] == sorted([ok.id, done.id])
    assert_results_from(after, done)
