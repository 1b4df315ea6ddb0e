"""The HTTP surface on a real Neo4j: health, readiness, GraphiQL and a GraphQL query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.app import create_app
from service.localdb.home import pinned_versions
from service.settings import Settings
from tests.conftest import make_test_settings


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(empty_graph)) as c:
        yield c


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_neo4j_and_gds_versions(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["neo4j"]["version"] == pinned_versions().neo4j
    assert body["gds"]["version"] == pinned_versions().gds


def test_readyz_is_503_naming_the_setting_when_neo4j_is_unreachable() -> None:
    settings = make_test_settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_connect_timeout=1.0)
    with TestClient(create_app(settings)) as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "NEO4J_URI=bolt://127.0.0.1:1" in response.json()["reason"]


def test_graphql_answers_from_the_graph(client: TestClient) -> None:
    query = "{ topics { id } graphCounts { people topics } serverInfo { gdsVersion } }"
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["topics"] == []
    assert data["graphCounts"] == {"people": 0, "topics": 0}
    assert data["serverInfo"]["gdsVersion"] == pinned_versions().gds


def test_graphiql_is_served_to_browsers(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


HUGE = 123456789012345678901234567890  # beyond 64 bits: JSON must still carry it exactly


@pytest.mark.parametrize(
    ("request_body", "validation_messages"),
    [
        # As a literal, graphql-core's Int validation refuses it too; the page-size check
        # still runs on the same document and reports its own error beside it.
        (
            {"query": f"{{ people(first: {HUGE}) {{ totalCount }} }}"},
            [f"Int cannot represent non 32-bit signed integer value: {HUGE}"],
        ),
        # As a variable the document is valid: only the service's own page-size check speaks.
        (
            {
                "query": "query($n: Int) { people(first: $n) { totalCount } }",
                "variables": {"n": HUGE},
            },
            [],
        ),
    ],
    ids=["literal", "variable"],
)
def test_an_integer_beyond_64_bits_is_refused_as_data_not_a_server_error(
    client: TestClient, request_body: dict[str, Any], validation_messages: list[str]
) -> None:
    # The limit error echoes the requested page size; it must still encode as JSON.
    response = client.post("/graphql", json=request_body)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None, body
    errors = body["errors"]
    # graphql-core's own validation errors are GRAPHQL_VALIDATION_FAILED; no INTERNAL_ERROR.
    codes = [(e.get("extensions") or {}).get("code") for e in errors]
    failed = "GRAPHQL_VALIDATION_FAILED"
    assert codes == [failed] * len(validation_messages) + ["PAGE_SIZE_EXCEEDED"], body
    assert [e["message"] for e in errors if e["extensions"]["code"] == failed] == (
        validation_messages
    )
    assert [e["extensions"] for e in errors if e["extensions"]["code"] != failed] == [
        {
            "code": "PAGE_SIZE_EXCEEDED",
            "limit": 100,
            "requested": HUGE,
            "field": "Query.people",
            "argument": "first",
        }
    ]
