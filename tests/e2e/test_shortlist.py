"""campaignShortlist over GraphQL on the analysed demo: SPREAD against SCORE by an independent
simulation, the overlap matrix, eligibility over random briefs, and refused briefs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from service.api.errors import INVALID_ARGUMENT, NOT_FOUND, TOPIC_NOT_ANALYSED
from service.app import create_app
from service.campaigns.brief import ROLES
from service.db.graph import wipe
from service.db.scores import rankings
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.settings import Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs
from tests.support.clients import public_metrics
from tests.support.db import open_db
from tests.support.graphql import data, gql
from tests.support.shortlist_checks import check_overlap, check_spread_beats_score

pytestmark = pytest.mark.neo4j
TOPIC = "climate"
SECOND = "technology"

SHORTLIST = """
query Shortlist($brief: ShortlistBriefInput!) {
  campaignShortlist(brief: $brief) {
    strategy k eligible considered expectedSpread scoreExpectedSpread overlap warning
    picks { personId position marginalGain score roles relevance engagers reason
            person { id kind language } }
  }
}
"""


@dataclass
class Loaded:
    edges: list[tuple[str, str, float]]
    second_edges: list[tuple[str, str, float]]
    roles: dict[str, set[str]]  # person -> roles on the topic, as the analysis wrote them
    people: dict[str, dict[str, Any]]  # person -> kind, language, country


async def _prepare(settings: Settings) -> Loaded:
    demo = generate(seed=7, people=1200)
    async with open_db(settings) as db:
        await wipe(db)
        await load_records(db, demo.records())
        edges = {}
        for topic in (TOPIC, SECOND):
            job = await run_job(db, settings, topic)
            assert job.status == "succeeded", job.error
            edges[topic] = [
                (r["influencer"], r["engager"], float(r["weight"]))
                for r in await db.read("test/influences", topic=topic)
            ]
        scores = await rankings(db, TOPIC, first=100_000)
    people = {
        p.id: {"kind": p.person_kind, "language": p.language}
        for p in demo.records()
        if isinstance(p, PersonRecord)
    }
    return Loaded(edges[TOPIC], edges[SECOND], {s.person: set(s.roles) for s in scores}, people)


@pytest.fixture(scope="module")
def loaded(neo4j_server: Settings) -> Loaded:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_prepare(neo4j_server))


@pytest.fixture(scope="module")
def client(neo4j_server: Settings, loaded: Loaded) -> Iterator[TestClient]:
    with TestClient(create_app(public_metrics(neo4j_server))) as c:
        yield c


def _shortlist(client: TestClient, **brief: Any) -> dict[str, Any]:
    answer: dict[str, Any] = data(client, SHORTLIST, brief=brief)["campaignShortlist"]
    return answer


def _refused(client: TestClient, **brief: Any) -> dict[str, Any]:
    body = gql(client, SHORTLIST, brief=brief)
    assert body["data"] is None, body
    (error,) = body["errors"]
    extensions: dict[str, Any] = error["extensions"]
    return extensions


def test_spread_reaches_at_least_as_far_as_score(client: TestClient, loaded: Loaded) -> None:
    spread = _shortlist(client, topics=[TOPIC], k=10, strategy="SPREAD")
    score = _shortlist(client, topics=[TOPIC], k=10, strategy="SCORE")
    assert len(spread["picks"]) == len(score["picks"]) == 10
    assert spread["expectedSpread"] >= score["expectedSpread"]
    check_spread_beats_score(loaded.edges, spread, score)
    check_overlap(loaded.edges, spread)
    check_overlap(loaded.edges, score)
    gains = [p["marginalGain"] for p in spread["picks"]]
    assert gains == sorted(gains, reverse=True)  # greedy on a submodular spread
    assert sum(gains) == pytest.approx(spread["expectedSpread"])
    assert [p["position"] for p in spread["picks"]] == list(range(1, 11))


def test_balanced_lies_between(client: TestClient, loaded: Loaded) -> None:
    balanced = _shortlist(client, topics=[TOPIC], k=10, strategy="BALANCED")
    assert len(balanced["picks"]) == 10
    assert balanced["expectedSpread"] >= balanced["scoreExpectedSpread"] * 0.5
    check_overlap(loaded.edges, balanced)


def test_k_over_the_eligible_set_lists_all_with_a_warning(
    client: TestClient, loaded: Loaded
) -> None:
    kinds: dict[str, int] = {}
    for person in loaded.roles:
        kind = loaded.people[person]["kind"]
        if "detractor" not in loaded.roles[person]:
            kinds[kind] = kinds.get(kind, 0) + 1
    kind, count = min(kinds.items(), key=lambda item: item[1])
    assert count < 100
    answer = _shortlist(client, topics=[TOPIC], k=100, strategy="SPREAD", personKinds=[kind])
    assert answer["eligible"] == count == len(answer["picks"])
    assert answer["warning"]
    assert str(count) in answer["warning"]


@pytest.mark.parametrize(
    ("brief", "argument"),
    [
        ({"k": 0}, "brief.k"),
        ({"k": -3}, "brief.k"),
        ({"k": 101}, "brief.k"),
        ({"languages": ["zz"]}, "brief.languages"),
        ({"countries": ["Nowhere"]}, "brief.countries"),
        ({"personKinds": ["no-such-kind"]}, "brief.personKinds"),
        ({"excludedRoles": list(ROLES)}, "brief.excludedRoles"),
        ({"wantedRoles": ["judge"]}, "brief.wantedRoles"),
        ({"wantedRoles": ["macro"], "excludedRoles": ["macro"]}, "brief.excludedRoles"),
        ({"minRelevance": 1.5}, "brief.minRelevance"),
        ({"topics": []}, "brief.topics"),
    ],
)
def test_bad_briefs_are_refused_naming_the_argument(
    client: TestClient, brief: dict[str, Any], argument: str
) -> None:
    extensions = _refused(client, **{"topics": [TOPIC], "k": 5, **brief})
    assert extensions["code"] == INVALID_ARGUMENT.name
    assert extensions["argument"] == argument


def test_several_topics_pool_their_edges(client: TestClient, loaded: Loaded) -> None:
    answer = _shortlist(client, topics=[TOPIC, SECOND], k=8, strategy="SPREAD")
    assert len(answer["picks"]) == 8
    assert answer["expectedSpread"] >= answer["scoreExpectedSpread"]
    check_overlap(loaded.edges + loaded.second_edges, answer)


def test_topic_not_analysed(client: TestClient) -> None:
    extensions = _refused(client, topics=["health"], k=5)
    assert extensions["code"] == TOPIC_NOT_ANALYSED.name
    assert extensions["topic"] == "health"


def test_unknown_topic(client: TestClient) -> None:
    extensions = _refused(client, topics=[TOPIC, "no-such-topic"], k=5)
    assert extensions["code"] == NOT_FOUND.name
    assert extensions["argument"] == "brief.topics"
    assert extensions["topic"] == "no-such-topic"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    wanted=st.sets(st.sampled_from(ROLES), max_size=2),
    excluded=st.sets(st.sampled_from(ROLES), max_size=3),
    excluded_people=st.integers(0, 15),
    strategy=st.sampled_from(["SCORE", "SPREAD", "BALANCED"]),
    k=st.integers(1, 25),
    relevance=st.sampled_from([0.0, 0.1, 0.3]),
)
def test_no_excluded_role_or_person_is_ever_picked(
    client: TestClient,
    loaded: Loaded,
    wanted: set[str],
    excluded: set[str],
    excluded_people: int,
    strategy: str,
    k: int,
    relevance: float,
) -> None:
    excluded -= wanted
    top = sorted(loaded.roles)[: excluded_people * 3 : 3]
    brief = {
        "topics": [TOPIC], "k": k, "strategy": strategy, "wantedRoles": sorted(wanted),
        "excludedRoles": sorted(excluded), "excludedPeople": top, "minRelevance": relevance,
    }  # fmt: skip
    body = gql(client, SHORTLIST, brief=brief)
    if body.get("errors"):
        (error,) = body["errors"]
        assert error["extensions"]["code"] == INVALID_ARGUMENT.name
        assert error["extensions"]["argument"].startswith("brief.")
        return
    banned = excluded | ({"detractor"} if "detractor" not in wanted else set())
    for pick in body["data"]["campaignShortlist"]["picks"]:
        roles = loaded.roles[pick["personId"]] or {"participant"}
        assert not roles & banned, (pick, banned)
        assert pick["personId"] not in top
        assert not wanted or roles & wanted
        assert pick["relevance"] >= relevance
