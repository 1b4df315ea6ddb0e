"""Shortlists run as jobs (issue 18, "as a job when large"): the inline query refuses a brief
past the inline limit with SHORTLIST_NEEDS_JOB, `startShortlist` queues it, a real worker runs
it, and `job(id) { shortlist }` answers what the inline query answers for the same brief;
cancelling stops it, bad briefs queue nothing, an erased pick leaves the stored answer."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.analytics.worker import Worker
from service.api.errors import (
    INVALID_ARGUMENT,
    NOT_FOUND,
    SHORTLIST_NEEDS_JOB,
    TOPIC_NOT_ANALYSED,
)
from service.api.security.scopes import Scope
from service.app import create_app
from service.campaigns.brief import Brief, Strategy
from service.campaigns.celf import FIRST_PASS_SHARE
from service.campaigns.shortlist import search_progress
from service.campaigns.shortlist_job import KIND, enqueue_shortlist, job_progress
from service.db import jobs as job_store
from service.db.graph import wipe
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from service.webhooks import subscriptions
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs
from tests.support.db import open_db
from tests.support.graphql import data, gql
from tests.support.keys import bearer, make_key

pytestmark = pytest.mark.neo4j
TOPIC = "climate"
UNANALYSED = "health"

FIELDS = """
    strategy k eligible considered expectedSpread scoreExpectedSpread overlap warning samples seed
    picks { personId position marginalGain score topicId roles relevance engagers reason
            person { id } }
"""
INLINE = f"""
query Shortlist($brief: ShortlistBriefInput!) {{ campaignShortlist(brief: $brief) {{ {FIELDS} }} }}
"""
START = """
mutation Start($brief: ShortlistBriefInput!) {
  startShortlist(brief: $brief) { id kind topic status }
}
"""
JOB = f"""
query Job($id: ID!) {{ job(id: $id) {{ id kind status progress stage error
                                       stages {{ name }} shortlist {{ {FIELDS} }} }} }}
"""


async def _prepare(settings: Settings) -> int:
    """The demo loaded and TOPIC analysed (UNANALYSED not); TOPIC's influence edges."""
    async with open_db(settings) as db:
        await wipe(db)
        await load_records(db, generate(seed=7, people=400).records())
        job = await run_job(db, settings, TOPIC)
        assert job.status == "succeeded", job.error
        return len(await db.read("test/influences", topic=TOPIC))


@pytest.fixture(scope="module")
def edges(neo4j_server: Settings) -> int:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_prepare(neo4j_server))


def _settings(base: Settings, **update: Any) -> Settings:
    return base.model_copy(update=update)


@pytest.fixture(scope="module")
def inline(neo4j_server: Settings, edges: int) -> Iterator[TestClient]:
    """The default limit: every brief of this small demo is answered inline."""
    assert edges <= neo4j_server.shortlist_inline_max_edges
    with TestClient(create_app(neo4j_server)) as c:
        yield c


@pytest.fixture(scope="module")
def jobs(neo4j_server: Settings, edges: int) -> Iterator[TestClient]:
    """A limit of 0 edges (every SPREAD or BALANCED brief is large) and a worker in the API."""
    settings = _settings(
        neo4j_server, shortlist_inline_max_edges=0, run_worker_in_api=True,
        worker_poll_interval=0.2,
    )  # fmt: skip
    with TestClient(create_app(settings)) as c:
        yield c


def _until_finished(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = data(client, JOB, id=job_id)["job"]
        if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.3)


def _shortlist_jobs(settings: Settings) -> list[dict[str, Any]]:
    async def body() -> list[dict[str, Any]]:
        async with open_db(settings) as db:
            found = await job_store.list_jobs(db, limit=1000)
        return [{"id": j.id, "params": j.params} for j in found if j.kind == KIND]

    return asyncio.run(body())


def test_cancelling_a_running_shortlist_job_stops_its_search(
    neo4j_server: Settings, edges: int
) -> None:
    settings = _settings(neo4j_server, job_lease_seconds=1.5)
    brief = Brief(topics=[TOPIC], k=10, strategy=Strategy.SPREAD)

    async def body() -> tuple[Any, list[str], Any, list[bool], list[float]]:
        async with open_db(settings) as db:
            job = await enqueue_shortlist(db, brief, settings)
            loop = asyncio.get_running_loop()
            after: list[str] = []
            cancelled: list[bool] = []
            at: list[float] = []

            def listen(stage: str, progress: float) -> None:
                if cancelled:
                    after.append(stage)
                elif stage == "search" and progress > 0.4:
                    at.append(progress)
                    # In the worker's thread, mid-search: cancel as another request would, and
                    # give the heartbeat (every 0.5 s here) time to see it.
                    future = asyncio.run_coroutine_threadsafe(job_store.cancel(db, job.id), loop)
                    cancelled.append(future.result(30) is not None)
                    time.sleep(2.0)

            worker = Worker(db, settings)
            try:
                done = await worker.run_once(job.id, listener=listen)
            finally:
                await worker.aclose()
            stored = await db.read_one("shortlist/result", id=job.id)
            return done, after, stored, cancelled, at

    done, after, stored, cancelled, at = asyncio.run(body())
    assert done is not None
    assert (done.status, done.error) == ("cancelled", "cancelled by request")
    assert done.stage != "done"
    # The search stopped at its next progress report: it never reached the overlap.
    assert "overlap" not in after
    assert cancelled == [True]
    assert stored is None
    # It was cancelled within the first pass of the search (every candidate's gain, the
    # search's first FIRST_PASS_SHARE), which reports its progress as it goes.
    assert at[0] < job_progress(search_progress(FIRST_PASS_SHARE))


def test_a_large_brief_runs_as_a_job_and_answers_what_inline_answers(
    inline: TestClient, jobs: TestClient, edges: int, neo4j_server: Settings
) -> None:
    first = data(inline, INLINE, brief={"topics": [TOPIC], "k": 3, "strategy": "SPREAD"})
    excluded = first["campaignShortlist"]["picks"][0]["personId"]
    brief = {"topics": [TOPIC], "k": 8, "strategy": "SPREAD", "excludedPeople": [excluded]}

    refused = gql(jobs, INLINE, brief=brief)
    assert refused["data"] is None
    (error,) = refused["errors"]
    assert error["extensions"] == {
        "code": SHORTLIST_NEEDS_JOB.name, "edges": edges, "limit": 0,
    }  # fmt: skip
    assert "startShortlist" in error["message"]
    # SCORE is always inline: its cost is reading the topic.
    score = data(jobs, INLINE, brief={**brief, "strategy": "SCORE"})["campaignShortlist"]
    assert len(score["picks"]) == 8

    hook = _subscribe(neo4j_server)
    started = data(jobs, START, brief=brief)["startShortlist"]
    assert (started["kind"], started["topic"]) == (KIND, TOPIC)
    assert started["status"] in ("queued", "running")
    job = _until_finished(jobs, started["id"])
    assert job["status"] == "succeeded", job["error"]
    assert (job["progress"], job["stage"]) == (1.0, "done")
    assert [s["name"] for s in job["stages"]] == ["reading", "search"]

    expected = data(inline, INLINE, brief=brief)["campaignShortlist"]
    assert job["shortlist"] == expected
    assert excluded not in [p["personId"] for p in job["shortlist"]["picks"]]
    # The job keeps the excluded person as a hash of the id, never the id.
    (kept,) = [j for j in _shortlist_jobs(neo4j_server) if j["id"] == started["id"]]
    assert excluded not in json.dumps(kept["params"])
    assert len(kept["params"]["excludedPeopleHashes"]) == 1
    # `shortlist.finished` was queued with the job's success, naming the job and no person.
    (event,) = _queued(neo4j_server, hook)
    assert event["event"] == "shortlist.finished"
    body = json.loads(event["payload"])
    assert body["data"] == {
        "job": started["id"], "topic": TOPIC, "topics": [TOPIC], "strategy": "spread", "picks": 8,
    }  # fmt: skip


def _subscribe(settings: Settings) -> str:
    async def body() -> str:
        async with open_db(settings) as db:
            dev = settings.model_copy(update={"webhook_allow_private_targets": True})
            created = await subscriptions.create_webhook(
                db, dev, "http://127.0.0.1:9/hook", ["shortlist.finished"], "shortlist test"
            )
        return str(created.webhook["id"])

    return asyncio.run(body())


def _queued(settings: Settings, webhook: str) -> list[dict[str, Any]]:
    async def body() -> list[dict[str, Any]]:
        async with open_db(settings) as db:
            return [dict(r) for r in await db.read("test/webhook_payloads", webhookId=webhook)]

    return asyncio.run(body())


def test_balanced_runs_as_a_job_too_and_other_jobs_have_no_shortlist(
    inline: TestClient, jobs: TestClient
) -> None:
    brief = {"topics": [TOPIC], "k": 5, "strategy": "BALANCED", "minRelevance": 0.1}
    started = data(jobs, START, brief=brief)["startShortlist"]
    job = _until_finished(jobs, started["id"])
    assert job["status"] == "succeeded", job["error"]
    assert job["shortlist"] == data(inline, INLINE, brief=brief)["campaignShortlist"]
    analyses = data(jobs, '{ jobs(topic: "climate", first: 50) { kind shortlist { k } } }')
    others = [j for j in analyses["jobs"] if j["kind"] != KIND]
    assert others
    assert all(j["shortlist"] is None for j in others)


@pytest.mark.parametrize(
    ("brief", "code", "argument"),
    [
        ({"k": 0}, INVALID_ARGUMENT, "brief.k"),
        ({"k": 101}, INVALID_ARGUMENT, "brief.k"),
        ({"languages": ["zz"]}, INVALID_ARGUMENT, "brief.languages"),
        ({"wantedRoles": ["judge"]}, INVALID_ARGUMENT, "brief.wantedRoles"),
        ({"minRelevance": 1.5}, INVALID_ARGUMENT, "brief.minRelevance"),
        ({"topics": []}, INVALID_ARGUMENT, "brief.topics"),
        ({"topics": ["nope"]}, NOT_FOUND, "brief.topics"),
        ({"topics": [UNANALYSED]}, TOPIC_NOT_ANALYSED, None),
    ],
)
def test_a_bad_brief_is_refused_as_inline_and_nothing_is_queued(
    inline: TestClient,
    jobs: TestClient,
    neo4j_server: Settings,
    brief: dict[str, Any],
    code: Any,
    argument: str | None,
) -> None:
    before = _shortlist_jobs(neo4j_server)
    full = {"topics": [TOPIC], "k": 5, "strategy": "SPREAD", **brief}
    queued = gql(jobs, START, brief=full)
    answered = gql(inline, INLINE, brief=full)
    assert queued["data"] is None
    assert answered["data"] is None
    (error,) = queued["errors"]
    assert error["extensions"]["code"] == code.name
    assert error["extensions"].get("argument") == argument
    (inline_error,) = answered["errors"]
    assert (error["message"], error["extensions"]) == (
        inline_error["message"], inline_error["extensions"],
    )  # fmt: skip
    assert _shortlist_jobs(neo4j_server) == before


def test_a_queued_shortlist_job_cancelled_never_runs(
    inline: TestClient, neo4j_server: Settings
) -> None:
    # `inline` runs no worker: the job stays queued until cancelled.
    brief = {"topics": [TOPIC], "k": 4, "strategy": "SPREAD"}
    started = data(inline, START, brief=brief)["startShortlist"]
    assert started["status"] == "queued"
    cancelled = data(inline, "mutation($id: ID!) { cancelJob(id: $id) { status } }",
                     id=started["id"])["cancelJob"]  # fmt: skip
    assert cancelled == {"status": "cancelled"}

    async def run_it() -> Any:
        async with open_db(neo4j_server) as db:
            worker = Worker(db, neo4j_server)
            try:
                return await worker.run_once(started["id"])
            finally:
                await worker.aclose()

    assert asyncio.run(run_it()) is None  # nothing queued to run
    job = data(inline, JOB, id=started["id"])["job"]
    assert (job["status"], job["shortlist"]) == ("cancelled", None)


def test_erasing_a_pick_takes_it_out_of_the_stored_answer(
    jobs: TestClient, neo4j_server: Settings
) -> None:
    brief = {"topics": [TOPIC], "k": 6, "strategy": "SPREAD"}
    started = data(jobs, START, brief=brief)["startShortlist"]
    before = _until_finished(jobs, started["id"])
    assert before["status"] == "succeeded", before["error"]
    answer = before["shortlist"]
    victim = answer["picks"][1]["personId"]
    admin = bearer(make_key(neo4j_server, Scope.ADMIN))
    erased = jobs.post(
        "/graphql",
        json={"query": "mutation($id: ID!) { erasePerson(id: $id) { found } }",
              "variables": {"id": victim}},
        headers=admin,
    ).json()  # fmt: skip
    assert "errors" not in erased, erased
    assert erased["data"] == {"erasePerson": {"found": True}}

    after = data(jobs, JOB, id=started["id"])["job"]["shortlist"]
    kept = [p for p in answer["picks"] if p["personId"] != victim]
    assert [p["personId"] for p in after["picks"]] == [p["personId"] for p in kept]
    assert [p["position"] for p in after["picks"]] == [1, 3, 4, 5, 6]
    assert after["overlap"] == [
        [row[j] for j in (0, 2, 3, 4, 5)] for i, row in enumerate(answer["overlap"]) if i != 1
    ]
    assert "erased" in after["warning"]
    assert after["expectedSpread"] == answer["expectedSpread"]

    async def mentions() -> list[Any]:
        async with open_db(neo4j_server) as db:
            return await db.read("test/mentions", value=victim)

    assert asyncio.run(mentions()) == [{"nodes": 0, "relationships": 0}]
