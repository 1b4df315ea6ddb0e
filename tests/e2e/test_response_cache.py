"""The response cache on a real Neo4j: what it keeps, for whom, for how long, and what empties it.

Writes made behind the API's back (the db layer, as the loader or another replica would) show
whether an answer came from the cache: the graph changed, the cached answer did not.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.db.database import Database
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.settings import Settings
from tests.support.graphql import data, gql
from tests.support.keys import bearer, make_key, run_with_db

PEOPLE = "{ people(first: 10) { totalCount edges { node { id name } } } }"


def rename(settings: Settings, person: str, name: str) -> None:
    """Change a person behind the API's back, through the loader."""

    async def body(db: Database) -> None:
        await load_records(db, [PersonRecord(id=person, name=name)])

    run_with_db(settings, body)


def names(client: TestClient, headers: dict[str, str] | None = None) -> list[str]:
    response = client.post("/graphql", json={"query": PEOPLE}, headers=headers or {})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return [e["node"]["name"] for e in body["data"]["people"]["edges"]]


def cache_counts(client: TestClient) -> dict[str, float]:
    found = {}
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("influence_graphql_response_cache_total{"):
            outcome = line.split('outcome="')[1].split('"')[0]
            found[outcome] = float(line.rsplit(" ", 1)[1])
    return found


@pytest.fixture
def seeded(empty_graph: Settings) -> Settings:
    rename(empty_graph, "p1", "Ada")
    return empty_graph


def cached_app(settings: Settings, seconds: float = 60.0, **overrides: object) -> TestClient:
    changed = settings.model_copy(
        update={"response_cache_seconds": seconds, "metrics_public": True, **overrides}
    )
    return TestClient(create_app(changed))


@pytest.fixture
def client(seeded: Settings) -> Iterator[TestClient]:
    with cached_app(seeded) as c:
        yield c


def test_off_by_default_every_answer_is_fresh(seeded: Settings) -> None:
    assert seeded.response_cache_seconds == 0
    with TestClient(create_app(seeded)) as c:
        assert names(c) == ["Ada"]
        rename(seeded, "p1", "Grace")
        assert names(c) == ["Grace"]
        assert cache_counts(c) == {}


def test_a_repeated_query_is_served_from_the_cache_until_it_expires(seeded: Settings) -> None:
    with cached_app(seeded, seconds=1.0) as c:
        assert names(c) == ["Ada"]
        rename(seeded, "p1", "Grace")
        assert names(c) == ["Ada"]  # the graph changed; the cached answer did not
        assert cache_counts(c) == {"miss": 1.0, "store": 1.0, "hit": 1.0}
        time.sleep(1.2)
        assert names(c) == ["Grace"]


def test_a_mutation_through_the_api_empties_the_cache(client: TestClient) -> None:
    assert names(client) == ["Ada"]
    upsert = 'mutation { upsertPeople(people: [{id: "p2", name: "Bea"}]) { __typename } }'
    assert "errors" not in gql(client, upsert)
    assert names(client) == ["Ada", "Bea"]


def test_answers_with_errors_are_not_kept(client: TestClient) -> None:
    missing = '{ influencers(topic: "nowhere", first: 5) { totalCount } }'
    first = gql(client, missing)
    assert first["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    gql(client, missing)
    assert cache_counts(client) == {"miss": 2.0}


def test_variables_and_callers_scopes_are_part_of_the_key(seeded: Settings) -> None:
    by_id = "query($id: ID!) { person(id: $id) { name } }"
    rename(seeded, "p2", "Bea")
    with cached_app(seeded, allow_anonymous=False) as c:
        reader = bearer(make_key(seeded, Scope.READ, name="reader"))
        admin = bearer(make_key(seeded, Scope.ADMIN, name="admin"))
        for person, name in (("p1", "Ada"), ("p2", "Bea")):
            answer = c.post(
                "/graphql", json={"query": by_id, "variables": {"id": person}}, headers=reader
            )
            assert answer.json()["data"]["person"]["name"] == name
        assert names(c, reader) == ["Ada", "Bea"]
        rename(seeded, "p1", "Grace")
        assert names(c, reader) == ["Ada", "Bea"]  # cached for read-scoped callers
        assert names(c, admin) == ["Bea", "Grace"]  # other scopes: another entry
        refused = c.post("/graphql", json={"query": PEOPLE})
        assert refused.status_code == 401  # no key: refused before the cache is consulted


def test_batches_and_oversized_answers_are_not_kept(seeded: Settings) -> None:
    with cached_app(seeded, response_cache_max_bytes=50) as c:
        assert names(c) == ["Ada"]  # its body is over 50 bytes
        batch = c.post("/graphql", json=[{"query": PEOPLE}, {"query": PEOPLE}])
        assert batch.status_code == 200, batch.text
        rename(seeded, "p1", "Grace")
        assert names(c) == ["Grace"]
        assert data(c, "{ graphCounts { people } }") == {"graphCounts": {"people": 1}}
        assert "store" not in cache_counts(c)
