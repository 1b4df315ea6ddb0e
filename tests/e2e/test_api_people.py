"""People, topics and Relay connections over GraphQL, on a real graph holding demo data.

The demo is loaded once for the module; a test that changes the graph asks for `writable`,
which loads the demo again after it, so each test sees the demo alone, run on its own or in
any order.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from service.app import create_app
from service.db.graph import wipe
from service.ingest.demo import generate
from service.ingest.demo.brand import ACCOUNTS
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.settings import Settings
from tests.support.db import open_db
from tests.support.graphql import data as graphql_data
from tests.support.graphql import gql

DRAWN = 400  # the demo's drawn people; its brand adds its official accounts
PEOPLE = DRAWN + len(ACCOUNTS)


async def _load_demo(settings: Settings) -> None:
    async with open_db(settings) as db:
        await wipe(db)
        await load_records(db, generate(seed=7, people=DRAWN).records())


@pytest.fixture(scope="module")
def demo(neo4j_server: Settings) -> Settings:
    """The demo's PEOPLE people (and its topics, follows and interactions), alone in the graph."""
    asyncio.run(_load_demo(neo4j_server))
    return neo4j_server


@pytest.fixture(scope="module")
def client(demo: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


@pytest.fixture
def writable(demo: Settings) -> Iterator[Settings]:
    """For a test that writes: the demo is loaded again after it, for the tests that follow."""
    yield demo
    asyncio.run(_load_demo(demo))


PAGE = """
query Page($first: Int, $after: String, $kind: String, $search: String) {
  people(first: $first, after: $after, kind: $kind, search: $search) {
    totalCount
    edges { cursor node { id name handle kind } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""


def test_paging_through_all_people_visits_each_once_in_order(client: TestClient) -> None:
    seen: list[tuple[str, str]] = []
    after = None
    while True:
        data = gql(client, PAGE, first=100, after=after)["data"]["people"]
        assert data["totalCount"] == PEOPLE
        seen += [(e["node"]["name"], e["node"]["id"]) for e in data["edges"]]
        assert data["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert len(seen) == PEOPLE
    assert len(set(seen)) == PEOPLE
    assert seen == sorted(seen)


def test_filters_and_search(client: TestClient) -> None:
    experts = gql(client, PAGE, first=100, kind="expert")["data"]["people"]
    assert experts["totalCount"] > 0
    assert {e["node"]["kind"] for e in experts["edges"]} == {"expert"}
    some = experts["edges"][0]["node"]["name"]
    word = some.split()[0]
    found = gql(client, PAGE, first=100, search=word[:3])["data"]["people"]
    assert any(e["node"]["name"] == some for e in found["edges"])
    prefix = word[:3].lower()
    for edge in found["edges"]:
        words = (edge["node"]["name"] + " " + (edge["node"]["handle"] or "")).lower()
        assert any(w.startswith(prefix) for w in words.replace("@", " ").replace("_", " ").split())


def _literal_matches(text: str) -> set[str]:
    """The demo people a literal prefix search finds: every word of `text` starts one of the
    words of the person's name or their handle (one word: `.` and `_` do not split it)."""
    words = text.lower().split()
    found: set[str] = set()
    for person in generate(seed=7, people=DRAWN).persons:
        tokens = [*person.name.lower().split(), (person.handle or "").lower()]
        if all(any(t.startswith(w) for t in tokens) for w in words):
            found.add(person.id)
    return found


def _search_all(client: TestClient, text: str) -> tuple[int, list[str]]:
    """totalCount and the sorted ids of every page of a search (each page without errors)."""
    ids: list[str] = []
    after = None
    while True:
        body = gql(client, PAGE, first=100, after=after, search=text)
        assert "errors" not in body, body
        page = body["data"]["people"]
        ids += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return page["totalCount"], sorted(ids)


def test_search_text_is_literal_not_lucene(client: TestClient) -> None:
    # Controls: an ordinary prefix search finds exactly the people a literal reading predicts,
    # so the comparison below is one the search can pass only by matching literally.
    someone = generate(seed=7, people=DRAWN).persons[0]
    assert someone.handle is not None
    first, last = someone.name.lower().split()
    for control in [first[:3], f"{first[:3]} {last[:2]}", someone.handle]:
        expected = _literal_matches(control)
        assert someone.id in expected
        assert _search_all(client, control) == (len(expected), sorted(expected)), control
    for hostile in ["name:*", "*", '") OR 1=1 //', "a AND NOT b", "~\\"]:
        # Lucene syntax is escaped: read literally, no demo name or handle has these words.
        assert _search_all(client, hostile) == (0, []), hostile


def test_cursor_stays_correct_when_people_are_inserted_before_it(
    client: TestClient, writable: Settings
) -> None:
    first = gql(client, PAGE, first=10)["data"]["people"]
    cursor = first["pageInfo"]["endCursor"]
    expected_next = gql(client, PAGE, first=10, after=cursor)["data"]["people"]["edges"]

    async def insert_before() -> None:
        early = [PersonRecord(id=f"early-{i}", name=f"AAAA Early {i}") for i in range(5)]
        async with open_db(writable) as db:
            await load_records(db, early)

    asyncio.run(insert_before())
    after_insert = gql(client, PAGE, first=10, after=cursor)["data"]["people"]["edges"]
    assert [e["node"]["id"] for e in after_insert] == [e["node"]["id"] for e in expected_next]
    assert gql(client, PAGE, first=1)["data"]["people"]["totalCount"] == PEOPLE + 5


def test_page_size_cap_and_bad_cursor_are_typed_errors(client: TestClient) -> None:
    too_big = gql(client, PAGE, first=101)
    assert too_big["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert too_big["errors"][0]["extensions"]["limit"] == 100
    bad = gql(client, PAGE, first=5, after="not-a-cursor")
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert bad["errors"][0]["extensions"]["argument"] == "after"
    # the right kind and length, but not (name, id) strings
    for parts in ([1, 2], [None, "p1"], [["a"], "p1"]):
        raw = json.dumps(["person", *parts]).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        bad = gql(client, PAGE, first=5, after=cursor)
        assert bad.get("errors"), (parts, bad)
        assert bad["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT", bad
        assert bad["errors"][0]["extensions"]["argument"] == "after"


def test_topic_tree_and_person_profile(client: TestClient) -> None:
    query = """
    { topics(topLevelOnly: true) { id children { id parent { id } } }
      person(id: "demo-p00001") { id stats { followerCount followingCount performed received } }
      missing: person(id: "nobody") { id } }
    """
    # `data` asserts no errors: a failed lookup would also leave `missing` null.
    data = graphql_data(client, query)
    assert len(data["topics"]) == 3
    assert sum(len(t["children"]) for t in data["topics"]) == 10
    for topic in data["topics"]:
        assert all(c["parent"]["id"] == topic["id"] for c in topic["children"])
    stats = data["person"]["stats"]
    assert stats["followerCount"] + stats["followingCount"] + stats["performed"] > 0
    assert data["missing"] is None


def test_graphql_over_http_media_types_and_status_codes(client: TestClient) -> None:
    spec = {"accept": "application/graphql-response+json"}
    ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"}, headers=spec)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = client.post("/graphql", json={"query": "{ nope }"}, headers=spec)
    assert invalid.status_code == 400
    assert "data" not in invalid.json()
    legacy = client.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
    via_get = client.get("/graphql", params={"query": "{ graphCounts { people } }"})
    assert via_get.status_code == 200
    assert via_get.json()["data"]["graphCounts"]["people"] == PEOPLE


def test_a_valid_mutation_over_get_is_refused_and_not_run(
    client: TestClient, writable: Settings
) -> None:
    mutation = 'mutation { upsertPeople(people: [{id: "get-x", name: "X"}]) { written } }'
    via_get = client.get("/graphql", params={"query": mutation})
    # GraphQL over HTTP: a mutation over GET MUST be 405 Method Not Allowed, and not run.
    assert via_get.status_code == 405, via_get.text
    assert via_get.headers["allow"] == "POST"
    after = graphql_data(client, '{ graphCounts { people } person(id: "get-x") { id } }')
    assert after == {"graphCounts": {"people": PEOPLE}, "person": None}
