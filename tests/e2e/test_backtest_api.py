"""Back-tests over GraphQL with the worker inside the API, and from the command line: the job
runs, its evaluation is served, every reader of the topic's results answers exactly as before,
and bad input is refused naming the argument, with nothing written."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from service.app import create_app
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.analysis import run_job
from tests.e2e.test_cli import cli, env_for
from tests.support.db import open_db
from tests.support.graphql import data, gql
from tests.support.served import served

TOPIC = "health"
# Every reader of a topic's results: the ranking page with components and explanations, a
# person's scores, the communities, the network.
READERS = """
query($t: ID!, $p: ID!) {
  influencers(topic: $t, first: 25) {
    totalCount
    edges { cursor node { rank score role roles communityId jobId computedAt
      person { id } components { name value percentile }
      explanation { contributors { personId weight interactions contribution lastAt }
                    interactions { id type at weight actorId } } } }
  }
  person(id: $p) { influence(topic: $t) { rank score role components { name value } } }
  communities(topic: $t, first: 50) { totalCount edges { node { id size algorithm } } }
  influenceNetwork(topic: $t, first: 30) { edges { source target weight } }
}
"""
BACKTEST_LINE = """
query($t: ID!, $p: ID!) { person(id: $p) { influence(topic: $t) { explanation { backtest } } } }
"""


async def _load_and_analyse(settings: Settings) -> None:
    async with open_db(settings) as db:
        await load_records(db, generate(seed=7, people=300).records())
        job = await run_job(db, settings, TOPIC)
        assert job.status == "succeeded", job.error


async def _footprint(settings: Settings) -> dict[str, int]:
    async with open_db(settings) as db:
        row = (await db.read("test/backtest_footprint"))[0]
        return {k: int(v) for k, v in row.items()}


def _read(client: TestClient, variables: dict[str, Any]) -> dict[str, Any]:
    """Every reader's answer; the network's edges sorted (their query gives no order)."""
    answer = data(client, READERS, **variables)
    edges = answer["influenceNetwork"]["edges"]
    edges.sort(key=lambda e: (e["source"], e["target"]))
    assert edges
    return answer


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 240
    job: dict[str, Any] = {"status": "queued"}
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        job = data(client, 'query($id: ID!) { job(id: $id) { status progress stage error } }',
                   id=job_id)["job"]  # fmt: skip
    return job


def test_a_backtest_over_graphql_leaves_every_reader_unchanged(
    empty_graph: Settings, artifacts_dir: Path
) -> None:
    asyncio.run(_load_and_analyse(empty_graph))
    settings = empty_graph.model_copy(
        update={"run_worker_in_api": True, "worker_poll_interval": 0.2,
                "response_cache_seconds": 0.0}
    )  # fmt: skip
    with TestClient(create_app(settings)) as client:
        first = data(client, '{ influencers(topic: "health", first: 1) { edges { node { '
                     "person { id } } } } }")["influencers"]["edges"][0]  # fmt: skip
        top = first["node"]["person"]["id"]
        variables = {"t": TOPIC, "p": top}
        before = _read(client, variables)
        never = data(client, BACKTEST_LINE, **variables)
        assert "never been back-tested" in never["person"]["influence"]["explanation"]["backtest"]
        scoring = data(client, '{ topic(id: "health") { scoring { calibrated weights '
                       "{ component weight } evaluationId } } }")["topic"]["scoring"]  # fmt: skip
        assert scoring["calibrated"] is False
        assert scoring["evaluationId"] is None
        assert {w["component"] for w in scoring["weights"]} >= {"authority", "resonance"}

        queued = data(
            client,
            'mutation { runEvaluation(topic: "health", splitAt: "2026-09-01", horizon: "30d", '
            "k: 20, calibrate: true) { id status kind } }",
        )["runEvaluation"]
        assert queued["kind"] == "influence-backtest"
        job = _wait(client, queued["id"])
        assert job["status"] == "succeeded", job["error"]
        assert job["progress"] == 1.0

        assert _read(client, variables) == before

        evaluation = data(
            client,
            "query($id: ID!) { evaluation(id: $id) { id topic k target horizonDays splitAt "
            "summary universe trainingPeople calibration { metric value weights { component "
            'weight } } job { id status } rows(target: "engagement") { ranking kind overlap '
            "relevant precision ndcg spearman ndcgInterval { low high } } } }",
            id=queued["id"],
        )["evaluation"]
        assert evaluation["job"] == {"id": queued["id"], "status": "succeeded"}
        assert (evaluation["k"], evaluation["horizonDays"]) == (20, 30.0)
        rows = {r["ranking"]: r for r in evaluation["rows"]}
        assert {"score", "calibrated", "authority", "followers", "engagementCount"} <= set(rows)
        for r in rows.values():
            assert 0 <= r["overlap"] <= r["relevant"] <= 20
            assert r["precision"] == r["overlap"] / 20
        assert rows["score"]["ndcgInterval"]["low"] <= rows["score"]["ndcg"] + 1e-9
        assert evaluation["calibration"]["metric"] == "ndcg@20 engagement"
        line = data(client, BACKTEST_LINE, **variables)["person"]["influence"]["explanation"]
        assert line["backtest"] == evaluation["summary"]
        assert line["backtest"].startswith(
            f"In the last back-test the top 20 caught {rows['score']['overlap']} of the next "
            f"30 days' {rows['score']['relevant']} most engaged-with people; counting "
            f"engagement caught {rows['engagementCount']['overlap']}"
        )
        topic = data(client, '{ topic(id: "health") { evaluations { id } scoring { calibrated '
                     "evaluationId metric value } } }")["topic"]  # fmt: skip
        assert topic["evaluations"] == [{"id": queued["id"]}]
        assert topic["scoring"]["calibrated"] is True
        assert topic["scoring"]["evaluationId"] == queued["id"]
        assert topic["scoring"]["value"] == evaluation["calibration"]["value"]
    assert _explorer_line(empty_graph, artifacts_dir) == evaluation["summary"]


def _explorer_line(settings: Settings, artifacts_dir: Path) -> str:
    """The back-test line the explorer shows above the health ranking, in headless Chromium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--window-size=1400,900"):  # fmt: skip
        options.add_argument(flag)
    with served(settings) as url:
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            driver.get(f"{url}/explorer/?topic={TOPIC}")
            WebDriverWait(driver, 30).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready")
            )
            assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
            driver.save_screenshot(str(artifacts_dir / "explorer-backtest.png"))
            return str(driver.find_element(By.ID, "backtest").text)
        finally:
            driver.quit()


BAD = [
    ('topic: "nope", splitAt: "2026-09-01"', "topic"),
    ('topic: "health", splitAt: "2031-01-01"', "splitAt"),
    ('topic: "health", splitAt: "2020-01-01"', "splitAt"),
    ('topic: "health", splitAt: "2026-09-01", horizon: "0d"', "horizon"),
    ('topic: "health", splitAt: "2026-09-01", horizon: "-2w"', "horizon"),
    ('topic: "health", splitAt: "2026-09-01", k: 0', "k"),
    ('topic: "health", splitAt: "2026-09-01", target: "likes"', "target"),
]


def test_run_evaluation_refuses_bad_input_naming_the_argument(empty_graph: Settings) -> None:
    async def load() -> None:
        async with open_db(empty_graph) as db:
            await load_records(db, generate(seed=7, people=200).records())

    asyncio.run(load())
    with TestClient(create_app(empty_graph)) as client:
        for arguments, argument in BAD:
            body = gql(client, f"mutation {{ runEvaluation({arguments}) {{ id }} }}")
            assert body["data"] is None, arguments
            [error] = body["errors"]
            assert error["extensions"] == {"code": "INVALID_ARGUMENT", "argument": argument}
            assert "Traceback" not in error["message"]
            assert error["message"].endswith("."), error["message"]
        assert gql(client, '{ evaluation(id: "nope") { id } }')["data"] == {"evaluation": None}
    assert asyncio.run(_footprint(empty_graph)) == {
        "jobs": 0, "evaluations": 0, "calibratedTopics": 0,
    }  # fmt: skip


def test_evaluate_on_the_command_line(empty_graph: Settings) -> None:
    env = env_for(empty_graph, COLUMNS="200")
    assert cli("demo", "load", "--people", "200", env=env).returncode == 0
    done = cli("evaluate", "--topic", "health", "--split-at", "2026-09-01", "--horizon", "30d",
               "--k", "10", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("health: back-test ")
    assert lines[1].startswith("In the last back-test the top 10 caught ")
    assert "against engagement received in the horizon:" in lines
    header = lines[lines.index("against engagement received in the horizon:") + 1].split()
    assert header == ["ranking", "kind", "overlap@10", "NDCG@10", "Spearman"]
    assert any(line.split()[:2] == ["engagementCount", "baseline"] for line in lines)
    assert "Back-testing health" in done.stderr
    for args, words in (
        (["--split-at", "2031-01-01"], "outside the data of topic 'health'"),
        (["--split-at", "2026-09-01", "--horizon", "0"], "horizon must be longer than 0"),
        (["--split-at", "2026-09-01", "--k", "0"], "k must be at least 1"),
        (["--split-at", "2026-09-01", "--target", "likes"], "target 'likes' is unknown"),
    ):
        refused = cli("evaluate", "--topic", "health", *args, env=env)
        assert refused.returncode == 1, args
        assert words in refused.stderr
        assert "Traceback" not in refused.stderr
    unknown = cli("evaluate", "--topic", "nope", "--split-at", "2026-09-01", env=env)
    assert unknown.returncode == 1
    assert "unknown topic 'nope'" in unknown.stderr
    # The refusals queued nothing: the one job and evaluation are the first run's.
    assert asyncio.run(_footprint(empty_graph)) == {
        "jobs": 1, "evaluations": 1, "calibratedTopics": 0,
    }  # fmt: skip
