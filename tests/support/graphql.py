"""Posting GraphQL to a TestClient and reading the answer."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The whole response body (data and errors) of a request that must answer 200."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The `data` of a request that must succeed without errors."""
    body = gql(client, query, **variables)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result
