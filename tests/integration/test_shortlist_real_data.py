"""campaignShortlist on a real network, timme-purep (583 US politicians, ../shared/datasets),
loaded by the service's importer and analysed by a worker: SPREAD's set reaches at least as
far as SCORE's by the test's own simulation, and the overlap matrix is a plain set count."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.app import create_app
from service.db.graph import wipe
from service.ingest.importers import timme
from service.ingest.loader import load_records
from service.settings import Settings
from tests.analysis import run_job
from tests.conftest import DATASETS, drop_gds_graphs
from tests.support.clients import public_metrics
from tests.support.db import open_db
from tests.support.graphql import data
from tests.support.shortlist_checks import check_overlap, check_spread_beats_score

pytestmark = pytest.mark.neo4j
FOLDER = DATASETS / "timme-purep"
QUERY = """
query Shortlist($brief: ShortlistBriefInput!) {
  campaignShortlist(brief: $brief) {
    expectedSpread scoreExpectedSpread overlap eligible
    picks { personId marginalGain engagers roles }
  }
}
"""


async def _prepare(settings: Settings) -> list[tuple[str, str, float]]:
    async with open_db(settings) as db:
        await wipe(db)
        await load_records(db, timme.read_timme(FOLDER))
        job = await run_job(db, settings, timme.TOPIC_ID)
        assert job.status == "succeeded", job.error
        return [
            (r["influencer"], r["engager"], float(r["weight"]))
            for r in await db.read("test/influences", topic=timme.TOPIC_ID)
        ]


@pytest.fixture(scope="module")
def edges(neo4j_server: Settings) -> list[tuple[str, str, float]]:
    if not FOLDER.is_dir():
        pytest.skip(f"{FOLDER} is not there")
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_prepare(neo4j_server))


@pytest.fixture(scope="module")
def client(neo4j_server: Settings, edges: Any) -> Iterator[TestClient]:
    with TestClient(create_app(public_metrics(neo4j_server))) as c:
        yield c


@pytest.mark.parametrize("k", [5, 20])
def test_spread_reaches_at_least_as_far_as_score_on_timme(
    client: TestClient, edges: list[tuple[str, str, float]], k: int
) -> None:
    answers = {
        strategy: data(
            client, QUERY, brief={"topics": [timme.TOPIC_ID], "k": k, "strategy": strategy}
        )["campaignShortlist"]
        for strategy in ("SPREAD", "SCORE")
    }
    spread, score = answers["SPREAD"], answers["SCORE"]
    assert len(spread["picks"]) == len(score["picks"]) == k
    mean_spread, mean_score = check_spread_beats_score(edges, spread, score)
    assert mean_spread >= mean_score * 0.99
    check_overlap(edges, spread)
    assert all("detractor" not in p["roles"] for p in spread["picks"])
