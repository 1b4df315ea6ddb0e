"""Subscriptions over graphql-transport-ws (bounded per connection), and persisted queries.

Keys on WebSockets are tested in test_websocket_auth.py.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from service.settings import Settings
from tests.support.bounded_ws import BoundedReceiver
from tests.support.clients import serve

SUBSCRIBE = 'subscription { job(id: "1") }'
MAX_MESSAGES = 500


def open_subscriptions(
    client: TestClient, count: int, errors: list[dict[str, Any]] | None = None
) -> dict[str, str]:
    """Subscribe `count` times on one connection; the first message type each id gets.
    The payloads of `error` messages are appended to `errors`."""
    first: dict[str, str] = {}
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        receiver = BoundedReceiver(ws)
        # A subscription that gets no answer fails within the deadline, or after the message
        # bound if the others keep ticking (each sends 20 a second), instead of hanging.
        deadline = time.monotonic() + 20
        ws.send_json({"type": "connection_init"})
        assert receiver.next("connection_ack", deadline)["type"] == "connection_ack"
        for i in range(1, count + 1):
            ws.send_json({"id": str(i), "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        for _ in range(MAX_MESSAGES):
            if len(first) == count:
                break
            message = receiver.next(f"a first message for each of {count} ids", deadline)
            first.setdefault(message["id"], message["type"])
            if message["type"] == "error" and errors is not None:
                errors += message["payload"]
        assert len(first) == count, (
            f"{MAX_MESSAGES} messages and only ids {sorted(first)} of {count} were answered"
        )
    return first


def test_subscriptions_per_connection_are_bounded(empty_graph: Settings) -> None:
    errors: list[dict[str, Any]] = []
    with serve(empty_graph, max_subscriptions_per_connection=3) as client:
        first = open_subscriptions(client, 4, errors)
    assert first == {"1": "next", "2": "next", "3": "next", "4": "error"}
    [error] = errors
    assert "Subscription limit reached" in error["message"]
    assert error["extensions"] == {
        "code": "MAX_SUBSCRIPTIONS_EXCEEDED",
        "limit": 3,
        "subscriptions": 3,
    }


def test_control_below_the_bound_every_subscription_runs(empty_graph: Settings) -> None:
    with serve(empty_graph, max_subscriptions_per_connection=10) as client:
        first = open_subscriptions(client, 4)
    assert set(first.values()) == {"next"}


def test_the_legacy_graphql_ws_protocol_is_not_offered(empty_graph: Settings) -> None:
    with (
        serve(empty_graph) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert closed.value.code == 4406


COUNTS = "{ graphCounts { people } }"
COUNTS_HASH = hashlib.sha256(COUNTS.encode()).hexdigest()


def by_hash(digest: str) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}


@pytest.fixture
def allow_list(tmp_path: Path) -> Path:
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({COUNTS_HASH: COUNTS}))
    return path


def test_allow_list_mode_runs_only_persisted_queries(
    empty_graph: Settings, allow_list: Path
) -> None:
    with serve(
        empty_graph, persisted_queries_file=allow_list, persisted_queries_only=True
    ) as client:
        ok = client.post("/graphql", json=by_hash(COUNTS_HASH))
        assert ok.json()["data"] == {"graphCounts": {"people": 0}}
        extensions = json.dumps(by_hash(COUNTS_HASH)["extensions"])
        got = client.get("/graphql", params={"extensions": extensions})
        assert got.json()["data"] == {"graphCounts": {"people": 0}}
        same_text = client.post("/graphql", json={"query": COUNTS})
        assert same_text.json()["data"] == {"graphCounts": {"people": 0}}
        for refused in (
            client.post("/graphql", json={"query": "{ topics { id } }"}),
            client.get("/graphql", params={"query": "{ topics { id } }"}),
            client.post("/graphql", json=[{"query": COUNTS}, {"query": "{ topics { id } }"}]),
        ):
            assert refused.status_code == 400
            error = refused.json()["errors"][0]["extensions"]
            assert error["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


def test_control_without_allow_list_mode_any_query_runs(
    empty_graph: Settings, allow_list: Path
) -> None:
    with serve(empty_graph, persisted_queries_file=allow_list) as client:
        response = client.post("/graphql", json={"query": "{ topics { id } }"})
    assert response.json()["data"] == {"topics": []}


def test_automatic_persisted_queries_register_then_run_by_hash(empty_graph: Settings) -> None:
    query = "{ topics { id } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    with serve(empty_graph) as client:
        missing = client.post("/graphql", json=by_hash(digest)).json()
        assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        registered = client.post("/graphql", json={"query": query, **by_hash(digest)}).json()
        assert registered["data"] == {"topics": []}
        assert client.post("/graphql", json=by_hash(digest)).json()["data"] == {"topics": []}
