"""The partner mutations over HTTP on a real Neo4j: batches written whole or refused whole
with per-item errors, replays that change nothing, and erasure that leaves no trace."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.db.database import Database, Record
from service.db.driver import create_async_driver
from service.db.graph import content_checksum, counts
from service.models import GraphCounts
from service.settings import Settings
from tests.analysis import run_job
from tests.e2e.test_cli import cli, env_for
from tests.support.keys import bearer, make_key
from tests.support.queries import queries_with_tests

T = TypeVar("T")
LIMIT = 5
VICTIM = "person-to-forget-7"
AT = "2026-04-01T08:00:00+02:00"

UPSERT_TOPICS = """mutation($topics: [TopicInput!]!) {
  upsertTopics(topics: $topics) { written errors { index field code message } } }"""
UPSERT_PEOPLE = """mutation($people: [PersonInput!]!) {
  upsertPeople(people: $people) { written errors { index field code message } } }"""
RECORD_FOLLOWS = """mutation($follows: [FollowInput!]!) {
  recordFollows(follows: $follows) { written errors { index field code message } } }"""
RECORD_INTERACTIONS = """mutation($interactions: [InteractionInput!]!) {
  recordInteractions(interactions: $interactions) {
    written errors { index field code message } } }"""
ERASE = """mutation($id: ID!) { erasePerson(id: $id) {
  personId found interactions follows influences influenceScores communityMemberships
  communityLeaderships relationships } }"""


def on_graph(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        driver = create_async_driver(settings)
        try:
            return await work(Database(driver, queries_with_tests(settings), "neo4j", 60))
        finally:
            await driver.close()

    return asyncio.run(run())


def state(settings: Settings) -> tuple[GraphCounts, str]:
    async def both(db: Database) -> tuple[GraphCounts, str]:
        return await counts(db), await content_checksum(db)

    return on_graph(settings, both)


def read(settings: Settings, query: str, **params: Any) -> list[Record]:
    return on_graph(settings, lambda db: db.read(query, **params))


@pytest.fixture
def settings_(empty_graph: Settings) -> Settings:
    return empty_graph.model_copy(update={"max_mutation_batch": LIMIT})


@pytest.fixture
def client(settings_: Settings) -> Iterator[TestClient]:
    # A partner key with every scope: erasePerson needs `admin`.
    token = make_key(settings_, Scope.ADMIN, rate=100_000.0)
    with TestClient(create_app(settings_), headers=bearer(token)) as c:
        yield c


def call(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = next(iter(body["data"].values()))
    return data


def people(*ids: str) -> list[dict[str, Any]]:
    return [{"id": pid, "name": f"Person {pid}", "attributes": {"team": "a"}} for pid in ids]


def interaction(iid: str, actor: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": iid, "type": "share", "actor": actor, "target": target,
            "topics": ["news"], "at": AT, **extra}  # fmt: skip


def seed(client: TestClient) -> None:
    topics = [{"id": "news", "name": "News"}, {"id": "news-local", "name": "Local",
              "parent": "news"}]  # fmt: skip
    assert call(client, UPSERT_TOPICS, topics=topics) == {"written": 2, "errors": []}
    assert call(client, UPSERT_PEOPLE, people=people("a", "b", VICTIM)) == {
        "written": 3,
        "errors": [],
    }
    follows = [
        {"follower": "a", "followee": "b"},
        {"follower": VICTIM, "followee": "b", "since": AT},
    ]
    assert call(client, RECORD_FOLLOWS, follows=follows) == {"written": 2, "errors": []}


def test_batches_are_written_and_replays_change_nothing(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    batch = [
        interaction("x1", "a", "b", sentiment=0.3, platform="x"),
        interaction("x2", VICTIM, "b", type="reply", topics=["news", "news-local"]),
        interaction("x3", "b", "a", type="like", count=4),
    ]
    assert call(client, RECORD_INTERACTIONS, interactions=batch) == {"written": 3, "errors": []}
    before = state(settings_)
    assert (before[0].people, before[0].topics, before[0].interactions, before[0].follows) == (
        3, 2, 3, 2,
    )  # fmt: skip

    assert call(client, RECORD_INTERACTIONS, interactions=batch)["written"] == 3
    assert call(client, UPSERT_PEOPLE, people=people("a", "b", VICTIM))["written"] == 3
    assert (
        call(client, RECORD_FOLLOWS, follows=[{"follower": "a", "followee": "b"}])["errors"] == []
    )
    assert state(settings_) == before


def test_a_batch_over_the_limit_is_refused_whole(client: TestClient, settings_: Settings) -> None:
    ids = [f"p{n}" for n in range(LIMIT + 2)]
    result = call(client, UPSERT_PEOPLE, people=people(*ids))
    assert result["written"] == 0
    assert [(e["index"], e["code"]) for e in result["errors"]] == [
        (LIMIT, "batch_too_large"),
        (LIMIT + 1, "batch_too_large"),
    ]
    assert state(settings_)[0].empty


def test_a_batch_with_bad_items_is_refused_whole_with_each_error(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    before = state(settings_)
    batch = [
        interaction("y0", "a", "b"),
        interaction("y1", "a", "b", at="2026-04-01 08:00"),
        interaction("y2", "a", "ghost"),
        interaction("y3", "a", "a", sentiment=-2.0),
        interaction("y0", VICTIM, "b", type="retweet"),
    ]
    result = call(client, RECORD_INTERACTIONS, interactions=batch)
    assert result["written"] == 0
    found = {(e["index"], e["field"], e["code"]) for e in result["errors"]}
    assert found == {
        (1, "at", "bad_timestamp"),
        (2, "target", "unknown_person"),
        (3, "sentiment", "out_of_range"),
        (4, "type", "unknown_interaction_type"),
    }
    assert all(e["message"] for e in result["errors"])
    assert state(settings_) == before

    dupes = call(client, UPSERT_PEOPLE, people=[*people("d"), *people("d")])
    assert dupes["written"] == 0
    assert [(e["index"], e["code"]) for e in dupes["errors"]] == [(1, "duplicate_id")]
    self_follow = call(client, RECORD_FOLLOWS, follows=[{"follower": "a", "followee": "a"}])
    assert [e["code"] for e in self_follow["errors"]] == ["self_follow"]
    assert state(settings_) == before


def test_erase_person_removes_every_trace_and_nothing_else(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    victim = VICTIM
    batch = [
        interaction("z1", victim, "b"),
        interaction("z2", "a", victim, topics=["news", "news-local"]),
        interaction("z3", "a", "b"),
    ]
    assert call(client, RECORD_INTERACTIONS, interactions=batch)["written"] == 3
    assert call(client, RECORD_FOLLOWS, follows=[{"follower": "b", "followee": victim}])["written"]
    for a, b, community in [(victim, "b", "k1"), ("a", victim, "k1"), ("a", "b", "k2")]:
        read_write(
            settings_, "test/derived_scores", a=a, b=b, topic="news", community=community,
            jobId="j-test", generation=1,
        )  # fmt: skip
    assert read(settings_, "test/mentions", value=victim) != [{"nodes": 0, "relationships": 0}]
    types_before = {r["type"]: r["count"] for r in read(settings_, "test/relationship_counts")}

    erased = call(client, ERASE, id=victim)

    assert erased == {
        "personId": victim, "found": True, "interactions": 2, "follows": 2, "influences": 2,
        "influenceScores": 1, "communityMemberships": 1, "communityLeaderships": 0,
        # own: 2 follows, 2 influences, 1 score, 1 membership, PERFORMED z1, TARGETS z2;
        # the interactions' others: TARGETS z1, ABOUT z1, PERFORMED z2, 2 ABOUT z2
        "relationships": 13,
    }  # fmt: skip
    assert read(settings_, "test/mentions", value=victim) == [{"nodes": 0, "relationships": 0}]
    types_after = {r["type"]: r["count"] for r in read(settings_, "test/relationship_counts")}
    assert types_after == {
        "ABOUT": types_before["ABOUT"] - 3,
        "FOLLOWS": types_before["FOLLOWS"] - 2,
        "INFLUENCES": types_before["INFLUENCES"] - 2,
        "INFLUENCE_ON": types_before["INFLUENCE_ON"] - 1,
        "MEMBER_OF": types_before["MEMBER_OF"] - 1,
        "PERFORMED": types_before["PERFORMED"] - 2,
        "SUBTOPIC_OF": types_before["SUBTOPIC_OF"],
        "TARGETS": types_before["TARGETS"] - 2,
    }
    graph = state(settings_)[0]
    assert (graph.people, graph.interactions) == (2, 1)

    again = call(client, ERASE, id=victim)
    assert again["found"] is False
    assert again["relationships"] == 0


def test_erase_after_a_real_analysis_leaves_no_trace_in_community_leaders(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    fans = ["fan-1", "fan-2", "fan-3", "fan-4"]
    assert call(client, UPSERT_PEOPLE, people=people(*fans))["written"] == len(fans)
    # Every fan shares the victim's posts, so the victim leads the communities they are in.
    shares = [interaction(f"s-{fan}", fan, VICTIM) for fan in fans]
    assert call(client, RECORD_INTERACTIONS, interactions=shares)["written"] == len(fans)
    others = [interaction("o1", "a", "b"), interaction("o2", "b", "a", type="reply"),
              interaction("o3", "fan-1", "a", type="like")]  # fmt: skip
    assert call(client, RECORD_INTERACTIONS, interactions=others)["written"] == len(others)
    job = on_graph(settings_, lambda db: run_job(db, settings_, "news"))
    assert job.status == "succeeded", job
    before = read(settings_, "test/community_leaders")
    leading = [c for c in before if VICTIM in c["leaders"]]
    assert leading, before  # the analysis stored the victim as a leader

    erased = call(client, ERASE, id=VICTIM)

    assert erased["found"] is True
    assert erased["communityLeaderships"] == len(leading)
    assert erased["influenceScores"] == 1
    assert read(settings_, "test/mentions", value=VICTIM) == [{"nodes": 0, "relationships": 0}]
    after = read(settings_, "test/community_leaders")
    assert after == [
        {**c, "leaders": [p for p in c["leaders"] if p != VICTIM]} for c in before
    ]  # the other leaders stay, in their order


def test_a_replayed_batch_does_not_bring_an_erased_person_back(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    batch = [interaction("r1", VICTIM, "b"), interaction("r2", "a", "b"),
             interaction("r3", "a", VICTIM, type="mention")]  # fmt: skip
    assert call(client, RECORD_INTERACTIONS, interactions=batch)["written"] == 3
    follows = [{"follower": "a", "followee": "b"}, {"follower": VICTIM, "followee": "b"}]
    assert call(client, ERASE, id=VICTIM)["found"] is True
    erased = state(settings_)

    replays = [
        (UPSERT_PEOPLE, {"people": people("a", VICTIM, "b")}, [(1, "id")]),
        (RECORD_FOLLOWS, {"follows": follows}, [(1, "follower")]),
        (RECORD_INTERACTIONS, {"interactions": batch}, [(0, "actor"), (2, "target")]),
    ]
    for mutation, variables, refused in replays:
        result = call(client, mutation, **variables)
        assert result["written"] == 0
        assert [(e["index"], e["field"], e["code"]) for e in result["errors"]] == [
            (index, field, "erased_person") for index, field in refused
        ]
        for error in result["errors"]:
            assert f"person {VICTIM!r} was erased on " in error["message"]
            assert f"`influence-graph erasure lift {VICTIM}`" in error["message"]
    assert state(settings_) == erased
    assert read(settings_, "test/mentions", value=VICTIM) == [{"nodes": 0, "relationships": 0}]

    lifted = cli("erasure", "lift", VICTIM, env=env_for(settings_))
    assert lifted.returncode == 0, lifted.stderr
    assert call(client, UPSERT_PEOPLE, people=people("a", VICTIM, "b"))["written"] == 3
    assert call(client, RECORD_FOLLOWS, follows=follows)["written"] == 2
    assert call(client, RECORD_INTERACTIONS, interactions=batch)["written"] == 3
    graph = state(settings_)[0]
    assert (graph.people, graph.follows, graph.interactions) == (3, 2, 3)


def test_upsert_topics_refuses_a_loop_with_the_graph_and_accepts_a_move_that_breaks_it(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)  # news-local is under news
    before = state(settings_)

    looped = call(client, UPSERT_TOPICS, topics=[{"id": "news", "name": "News",
                                                 "parent": "news-local"}])  # fmt: skip

    assert looped["written"] == 0
    assert [(e["index"], e["field"], e["code"], e["message"]) for e in looped["errors"]] == [
        (0, "parent", "self_reference", "the topic tree would loop: news -> news-local -> news "
         "(in the graph already: news-local -> news)"),
    ]  # fmt: skip
    assert state(settings_) == before

    # The same new parent, with news-local moved to the top in the same call: no loop.
    moved = [{"id": "news-local", "name": "Local"},
             {"id": "news", "name": "News", "parent": "news-local"}]  # fmt: skip
    assert call(client, UPSERT_TOPICS, topics=moved) == {"written": 2, "errors": []}
    assert read(settings_, "test/topic_parents", id="news") == [{"parents": ["news-local"]}]
    assert read(settings_, "test/topic_parents", id="news-local") == [{"parents": []}]


def read_write(settings: Settings, query: str, **params: Any) -> list[Record]:
    return on_graph(settings, lambda db: db.write(query, **params))


def test_values_neo4j_cannot_store_are_item_errors_and_nothing_is_written(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    before = state(settings_)
    batch = [
        *people("n1"),
        {"id": "n2", "name": "Big", "attributes": {"accountId": 12345678901234567890}},
        {"id": "n3", "name": "Early", "createdAt": "0001-01-01T00:00:00+01:00"},
        {"id": "n4", "name": "Fits", "attributes": {"accountId": 2**63 - 1}},
    ]
    result = call(client, UPSERT_PEOPLE, people=batch)
    assert result["written"] == 0
    assert [(e["index"], e["field"], e["code"]) for e in result["errors"]] == [
        (1, "attributes.accountId", "out_of_range"),
        (2, "createdAt", "bad_timestamp"),
    ]
    assert all(e["message"] for e in result["errors"])
    too_late = interaction("z1", "a", "b", at="9999-12-31T23:00:00-05:00")
    late = call(client, RECORD_INTERACTIONS, interactions=[too_late])
    assert [(e["index"], e["field"], e["code"]) for e in late["errors"]] == [
        (0, "at", "bad_timestamp")
    ]
    follow = {"follower": "b", "followee": "a", "since": "9999-12-31T23:00:00-05:00"}
    late_follow = call(client, RECORD_FOLLOWS, follows=[follow])
    assert [(e["index"], e["field"], e["code"]) for e in late_follow["errors"]] == [
        (0, "since", "bad_timestamp")
    ]
    assert state(settings_) == before


def test_nul_bytes_and_year_0001_are_refused_whole_naming_the_field(
    client: TestClient, settings_: Settings
) -> None:
    seed(client)
    before = state(settings_)
    named = call(client, UPSERT_PEOPLE, people=[
        {"id": "ok", "name": "Fine"}, {"id": "x\u0000y", "name": "X"},
        {"id": "z", "name": "Z\u0000", "handle": "@z"},
    ])  # fmt: skip
    assert named["written"] == 0
    assert [(e["index"], e["field"], e["code"]) for e in named["errors"]] == [
        (1, "id", "control_character"),
        (2, "name", "control_character"),
    ]
    assert "U+0000" in named["errors"][0]["message"]
    old = call(client, RECORD_INTERACTIONS, interactions=[
        interaction("y1", "a", "b"), interaction("y2", "a", "b", at="0001-01-01T00:00:00Z"),
    ])  # fmt: skip
    assert old["written"] == 0
    assert [(e["index"], e["field"], e["code"]) for e in old["errors"]] == [
        (1, "at", "bad_timestamp")
    ]
    assert state(settings_) == before
