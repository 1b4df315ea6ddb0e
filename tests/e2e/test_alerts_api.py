"""Alerts over HTTP: the planted surge of tests/integration/test_crisis_watch.py and its
detractor's DETRACTOR_EMERGED alert listed, acknowledged and resolved; unknown brands and
alerts refused with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.ingest.loader import load_records
from service.settings import Settings
from tests.e2e.test_mutations import call, on_graph, state
from tests.integration.test_crisis_watch import world
from tests.support.keys import bearer, make_key

pytestmark = pytest.mark.neo4j
LIST = """query($brand: ID!, $status: AlertStatus) { alerts(brand: $brand, status: $status) {
  totalCount nodes { id kind topic startedAt status severity volume baseline
  drivers { personId weight community evidence person { id } }
  responders { personId role } } } }"""
ACK = "mutation($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedAt } }"
RESOLVE = "mutation($id: ID!) { resolveAlert(id: $id) { id status resolvedAt } }"


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    with TestClient(create_app(empty_graph), headers=bearer(token)) as c:
        yield c


def seed(settings: Settings) -> None:
    records = [r for r in world(crisis=True) if not str(getattr(r, "id", "")).startswith("after")]
    on_graph(settings, lambda db: load_records(db, records))


def test_alerts_listed_acknowledged_and_resolved(client: TestClient, empty_graph: Settings) -> None:
    seed(empty_graph)
    listed = call(client, LIST, brand="nw", status="OPEN")
    assert listed["totalCount"] == 2
    by_kind = {a["kind"]: a for a in listed["nodes"]}
    assert by_kind.keys() == {"NEGATIVE_SURGE", "DETRACTOR_EMERGED"}
    alert = by_kind["NEGATIVE_SURGE"]
    assert alert["drivers"][0]["personId"] == "detractor"
    assert alert["drivers"][0]["person"] == {"id": "detractor"}
    emerged = by_kind["DETRACTOR_EMERGED"]
    assert emerged["startedAt"] == alert["startedAt"]  # the first day of the surge
    assert [d["personId"] for d in emerged["drivers"]] == ["detractor"]
    assert emerged["drivers"][0]["person"] == {"id": "detractor"}
    assert emerged["drivers"][0]["weight"] == emerged["volume"] == 50.0
    assert len(emerged["drivers"][0]["evidence"]) == 5
    assert emerged["baseline"] == 0.0
    assert emerged["severity"] == round(25 / 7.5, 2)  # the first day's 25 acts / threshold
    assert emerged["responders"] == alert["responders"]
    assert call(client, ACK, id=alert["id"])["status"] == "ACKNOWLEDGED"
    assert call(client, LIST, brand="nw", status="OPEN")["totalCount"] == 1
    assert call(client, RESOLVE, id=alert["id"])["status"] == "RESOLVED"
    assert call(client, RESOLVE, id=emerged["id"])["status"] == "RESOLVED"
    assert call(client, LIST, brand="nw", status="RESOLVED")["totalCount"] == 2


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [(LIST, {"brand": "nope"}, "brand"), (ACK, {"id": "nope"}, "id"),
     (RESOLVE, {"id": "nope"}, "id")],
)  # fmt: skip
def test_unknown_arguments_are_refused_and_write_nothing(
    client: TestClient, empty_graph: Settings, query: str, variables: dict[str, Any],
    argument: str,
) -> None:  # fmt: skip
    seed(empty_graph)
    before = state(empty_graph)
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert body["errors"][0]["extensions"]["argument"] == argument
    assert state(empty_graph) == before
