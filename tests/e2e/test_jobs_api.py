"""Analysis jobs over GraphQL, with the worker running inside the API process."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

from starlette.testclient import TestClient

from service.app import create_app
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.queries import Queries
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.support.graphql import data

JOB_FIELDS = "id topic status progress stage error attempts"


def _load_small_demo(settings: Settings) -> None:
    async def body() -> None:
        driver = create_async_driver(settings)
        try:
            db = Database(driver, Queries(settings.cypher_dir), settings.neo4j_database, 60)
            await load_records(db, generate(seed=7, people=200).records())
        finally:
            await driver.close()

    asyncio.run(body())


def _gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_run_analysis_is_picked_up_by_the_worker_in_the_api(empty_graph: Settings) -> None:
    _load_small_demo(empty_graph)
    settings = empty_graph.model_copy(
        update={"run_worker_in_api": True, "worker_poll_interval": 0.2}
    )
    with TestClient(create_app(settings)) as client:
        queued = _gql(
            client,
            'mutation($t: String!) { runAnalysis(topic: $t, options: {communities: ["leiden"],'
            f" weights: {{like: 0}}}}) {{ {JOB_FIELDS} }} }}",
            t="health",
        )["data"]["runAnalysis"]
        assert queued["topic"] == "health"
        assert queued["status"] in ("queued", "running")
        deadline = time.monotonic() + 90
        job = queued
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.5)
            job = _gql(client, f"query($id: ID!) {{ job(id: $id) {{ {JOB_FIELDS} }} }}",
                       id=queued["id"])["data"]["job"]  # fmt: skip
        assert job["status"] == "succeeded", job["error"]
        assert job["progress"] == 1.0
        assert job["attempts"] == 1
        timed = _gql(
            client,
            "query($id: ID!) { job(id: $id) { startedAt finishedAt"
            " stages { name seconds beside } } }",
            id=queued["id"],
        )["data"]["job"]
        stages = {s["name"]: s["seconds"] for s in timed["stages"]}
        order = [n for n in stages if n in ("estimate", "projection", "leiden", "scoring", "write")]
        assert order == ["estimate", "projection", "leiden", "scoring", "write"]
        assert all(v >= 0 for v in stages.values())
        assert stages["write"] > 0
        wall = datetime.fromisoformat(timed["finishedAt"]) - datetime.fromisoformat(
            timed["startedAt"]
        )
        # The influence edges are written, and the scoring signals read, beside the
        # computation: their seconds overlap the others', and the stages in sequence add up to
        # at most the job's time.
        assert [s["name"] for s in timed["stages"] if s["beside"]] == ["edges", "signals"]
        assert 0 < stages["edges"] <= wall.total_seconds() + 0.5
        assert 0 < stages["signals"] <= wall.total_seconds() + 0.5
        in_sequence = sum(s["seconds"] for s in timed["stages"] if not s["beside"])
        assert in_sequence <= wall.total_seconds() + 0.5
        listed = _gql(client, '{ jobs(topic: "health") { id status } }')["data"]["jobs"]
        assert listed == [{"id": queued["id"], "status": "succeeded"}]
        unchanged = _gql(
            client, "mutation($id: ID!) { cancelJob(id: $id) { status } }", id=queued["id"]
        )["data"]["cancelJob"]
        assert unchanged == {"status": "succeeded"}


def test_run_analysis_refuses_bad_input_with_a_code(empty_graph: Settings) -> None:
    with TestClient(create_app(empty_graph)) as client:
        unknown = _gql(client, 'mutation { runAnalysis(topic: "nope") { id } }')
        assert unknown["errors"][0]["message"] == "unknown topic 'nope'"
        extensions = unknown["errors"][0]["extensions"]
        assert extensions == {"code": "INVALID_ARGUMENT", "argument": "topic"}
        # An unknown job is null, not an error: `data` asserts the answer has no errors, so
        # a failing resolver (null with INTERNAL_ERROR) does not pass for "not found".
        assert data(client, 'mutation { cancelJob(id: "nope") { id } }') == {"cancelJob": None}
        assert data(client, '{ job(id: "nope") { id } }') == {"job": None}


def test_jobs_status_and_analysis_options_name_what_is_wrong(empty_graph: Settings) -> None:
    _load_small_demo(empty_graph)
    with TestClient(create_app(empty_graph)) as client:
        bad = _gql(client, 'query { jobs(status: "done") { id } }')
        extensions = bad["errors"][0]["extensions"]
        assert (extensions["code"], extensions["argument"]) == ("INVALID_ARGUMENT", "status")
        assert "succeeded" in bad["errors"][0]["message"]
        assert extensions["allowed"] == ["queued", "running", "succeeded", "failed", "cancelled"]
        assert data(client, 'query { jobs(status: "succeeded") { id } }') == {"jobs": []}

        negative = _gql(
            client,
            'mutation { runAnalysis(topic: "health", options: {weights: {like: -3}}) { id } }',
        )
        error = negative["errors"][0]
        assert error["extensions"]["code"] == "INVALID_ARGUMENT"
        assert error["extensions"]["argument"] == "options.weights.like"
        assert "`options.weights.like`" in error["message"]
        decay = _gql(
            client, 'mutation { runAnalysis(topic: "health", options: {halfLifeDays: -1}) { id } }'
        )
        error = decay["errors"][0]
        assert error["extensions"]["argument"] == "options.halfLifeDays"
        assert "halfLifeDays" in error["message"]
        assert "half_life_days" not in error["message"]
        assert "pydantic" not in error["message"]
        unknown = _gql(
            client,
            'mutation { runAnalysis(topic: "health", options: {blend: '
            '[{component: "authority", weight: 1}, {component: "fame", weight: 2}]}) { id } }',
        )
        error = unknown["errors"][0]
        assert error["extensions"]["argument"] == "options.blend"
        assert "unknown component(s) fame" in error["message"]
        twice = _gql(
            client,
            'mutation { runAnalysis(topic: "health", options: {blend: '
            '[{component: "authority", weight: 1}, {component: "authority", weight: 2}]}) '
            "{ id } }",
        )
        assert twice["errors"][0]["extensions"]["argument"] == "options.blend"
        assert data(client, "{ jobs { id } }") == {"jobs": []}  # nothing was queued


def test_run_analysis_floods_are_one_job_then_too_many_jobs(empty_graph: Settings) -> None:
    _load_small_demo(empty_graph)
    settings = empty_graph.model_copy(
        update={"max_active_jobs_per_key": 2, "rate_limit_burst": 1000}
    )
    run = "mutation($t: String!) { runAnalysis(topic: $t) { id status } }"
    with TestClient(create_app(settings)) as client:
        ids = {_gql(client, run, t="health")["data"]["runAnalysis"]["id"] for _ in range(30)}
        assert len(ids) == 1
        second = _gql(client, run, t="technology")["data"]["runAnalysis"]
        assert second["status"] == "queued"
        refused = _gql(client, run, t="health-nutrition")
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"] == {
            "code": "TOO_MANY_JOBS",
            "limit": 2,
            "active": 2,
        }
        assert "limit is 2" in refused["errors"][0]["message"]
        listed = _gql(client, "{ jobs { id } }")["data"]["jobs"]
        assert len(listed) == 2
