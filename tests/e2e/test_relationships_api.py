"""Relationships over HTTP: stages kept current by the recordInteractions mutation, the list
ordered by the people's scores on a topic and paged by cursor, a relationship with its
history, and unknown arguments refused with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.settings import Settings
from tests.analysis import run_job
from tests.e2e.test_campaigns_api import RECORD_REPRESENTS, UPSERT_BRANDS
from tests.e2e.test_mutations import (
    RECORD_INTERACTIONS,
    UPSERT_PEOPLE,
    UPSERT_TOPICS,
    call,
    on_graph,
    state,
)
from tests.support.keys import bearer, make_key

pytestmark = pytest.mark.neo4j
LIST = """query($brand: ID!, $stage: RelationshipStage, $topic: ID, $first: Int, $after: String) {
  relationships(brand: $brand, stage: $stage, topic: $topic, first: $first, after: $after) {
    totalCount edges { node { personId stage score ownerId ownerRole } }
    pageInfo { hasNextPage endCursor } } }"""
ONE = """query($brand: ID!, $person: ID!) { relationship(brand: $brand, person: $person) {
  stage history { stage reachedAt } lastContactAt ownerId owner { id } person { id } } }"""
WARM = """query($person: ID!, $first: Int! = 5) { warmIntroductions(brand: "acme",
  person: $person, topic: "t", first: $first) { representativeId role hops people
  links { from to weight interactions lastAt } representative { id } } }"""
SCORES = """query { influencers(topic: "t", first: 50) { nodes { personId score } } }"""


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    with TestClient(create_app(empty_graph), headers=bearer(token)) as c:
        yield c


def act(n: int, actor: str, target: str, day: int, kind: str = "reply") -> dict[str, Any]:
    return {"id": f"i{n}", "type": kind, "actor": actor, "target": target, "topics": ["t"],
            "at": f"2026-02-{day:02d}T10:00:00Z"}  # fmt: skip


def seed(client: TestClient) -> None:
    assert call(client, UPSERT_TOPICS, topics=[{"id": "t", "name": "T"}])["errors"] == []
    people = [{"id": f"p{n}", "name": f"P{n}"} for n in range(8)]
    assert call(client, UPSERT_PEOPLE, people=people)["errors"] == []
    assert call(client, UPSERT_BRANDS, brands=[{"id": "acme", "name": "Acme"}])["written"] == 1
    reps = [{"person": "p0", "brand": "acme", "role": "official"},
            {"person": "p1", "brand": "acme", "role": "employee"}]  # fmt: skip
    assert call(client, RECORD_REPRESENTS, represents=reps)["errors"] == []
    acts = [act(1, "p0", "p2", 1), act(2, "p2", "p0", 2), act(3, "p1", "p3", 3),
            act(4, "p4", "p2", 4, "share"), act(5, "p5", "p2", 4, "share"),
            act(6, "p0", "p5", 5, "mention"), act(7, "p6", "p0", 6, "share")]  # fmt: skip
    assert call(client, RECORD_INTERACTIONS, interactions=acts)["errors"] == []


def test_relationships_follow_mutations_and_order_by_topic_score(
    client: TestClient, empty_graph: Settings
) -> None:
    seed(client)
    one = call(client, ONE, brand="acme", person="p2")
    assert one["stage"] == "ENGAGED"
    assert [h["stage"] for h in one["history"]] == ["NOTICED", "ENGAGED"]
    assert one["history"][1]["reachedAt"].startswith("2026-02-02T10:00:00")
    assert one["ownerId"] == "p0"
    assert one["owner"] == {"id": "p0"}
    assert call(client, ONE, brand="acme", person="p7")["stage"] == "UNAWARE"
    assert call(client, ONE, brand="acme", person="p7")["history"] == []

    on_graph(empty_graph, lambda db: run_job(db, empty_graph, "t"))
    scores = {n["personId"]: n["score"] for n in call(client, SCORES)["nodes"]}
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = call(client, LIST, brand="acme", topic="t", first=2, after=after)
        assert page["totalCount"] == 4
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert {n["personId"] for n in seen} == {"p2", "p3", "p5", "p6"}
    keys = [(-(n["score"] if n["score"] is not None else -1), n["personId"]) for n in seen]
    assert keys == sorted(keys)
    assert all(n["score"] == scores.get(n["personId"]) for n in seen)
    intro = cast(list[dict[str, Any]], call(client, WARM, person="p4"))[0]
    assert intro["people"][0] == intro["representativeId"] == intro["representative"]["id"]
    assert intro["people"][-1] == "p4"
    assert intro["hops"] == len(intro["links"]) == 2  # p0 - p2 - p4
    assert intro["role"] == "official"
    noticed = call(client, LIST, brand="acme", stage="NOTICED")
    assert [e["node"]["personId"] for e in noticed["edges"]] == ["p3", "p5"]
    assert noticed["edges"][0]["node"]["ownerRole"] is None


@pytest.mark.parametrize(
    ("variables", "query", "argument"),
    [
        ({"brand": "nope", "person": "p2"}, ONE, "brand"),
        ({"brand": "acme", "person": "nope"}, ONE, "person"),
        ({"brand": "nope"}, LIST, "brand"),
        ({"brand": "acme", "topic": "nope"}, LIST, "topic"),
        ({"person": "nope"}, WARM, "person"),
        ({"person": "p2", "first": 0}, WARM, "first"),
    ],
)
def test_unknown_arguments_are_refused_and_write_nothing(
    client: TestClient, empty_graph: Settings, variables: dict[str, Any], query: str,
    argument: str,
) -> None:  # fmt: skip
    seed(client)
    before = state(empty_graph)
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert body["errors"][0]["extensions"]["argument"] == argument
    assert state(empty_graph) == before
