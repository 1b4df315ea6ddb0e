"""API keys on graphql-transport-ws, with real keys in the test Neo4j.

Browsers cannot set headers on a WebSocket, so the key may also come in the `connection_init`
payload. It is checked like a request's key: a missing, malformed, unknown, wrong or revoked
one closes the socket with 4403 when anonymous access is off, the key's scopes decide which
operations run, and the connection and each operation take a token of the key's rate.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.testclient import WebSocketTestSession as Socket
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from service.api.security.scopes import Scope
from service.settings import Settings
from tests.support.clients import serve
from tests.support.keys import bearer, make_key, revoke
from tests.support.served import served

SUBSCRIBE = 'subscription { job(id: "1") }'
PROTOCOL = ["graphql-transport-ws"]
TRANSPORT_WS = [Subprotocol("graphql-transport-ws")]


@contextmanager
def socket(client: TestClient, headers: dict[str, str] | None = None) -> Iterator[Socket]:
    with client.websocket_connect("/graphql", subprotocols=PROTOCOL, headers=headers or {}) as ws:
        yield ws


def init(ws: Socket, payload: dict[str, Any] | None) -> dict[str, Any]:
    """Send connection_init (with `payload` unless None); the server's answer."""
    message: dict[str, Any] = {"type": "connection_init"}
    if payload is not None:
        message["payload"] = payload
    ws.send_json(message)
    answer: dict[str, Any] = ws.receive_json()
    return answer


def refused_with(ws: Socket, payload: dict[str, Any] | None) -> tuple[int, str]:
    """The close code and reason that answer connection_init."""
    with pytest.raises(WebSocketDisconnect) as closed:
        init(ws, payload)
    return closed.value.code, closed.value.reason


def subscribe(ws: Socket, op_id: str = "1", query: str = SUBSCRIBE) -> dict[str, Any]:
    """Start an operation; its first message (`next` or `error`)."""
    ws.send_json({"id": op_id, "type": "subscribe", "payload": {"query": query}})
    message: dict[str, Any] = ws.receive_json()
    assert message["id"] == op_id, message
    return message


def error_codes(message: dict[str, Any]) -> list[str]:
    assert message["type"] == "error", message
    return [e["extensions"]["code"] for e in message["payload"]]


@pytest.fixture
def read_key(empty_graph: Settings) -> str:
    return make_key(empty_graph, Scope.READ)


@pytest.mark.parametrize(
    "shape",
    [
        lambda key: {"authorization": f"Bearer {key}"},
        lambda key: {"Authorization": f"bearer {key}"},
        lambda key: {"apiKey": key},
        lambda key: {"X-API-Key": key},
    ],
    ids=["authorization", "Authorization", "apiKey", "X-API-Key"],
)
def test_a_key_in_the_connection_init_payload_opens_the_socket(
    empty_graph: Settings, read_key: str, shape: Any
) -> None:
    with serve(empty_graph, allow_anonymous=False) as client, socket(client) as ws:
        assert init(ws, shape(read_key)) == {"type": "connection_ack"}
        assert subscribe(ws)["type"] == "next"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"authorization": "Bearer not-a-key"},
        {"authorization": "Bearer ig_000000000000_" + "A" * 43},
        {"authorization": "Basic dXNlcjpwYXNz"},
        {"authorization": ""},
        {"apiKey": 42},
        {"apiKey": ""},
        {"somethingElse": "ig_000000000000_" + "A" * 43},
    ],
    ids=[
        "no payload",
        "empty payload",
        "malformed",
        "unknown id",
        "not bearer",
        "empty authorization",
        "not a string",
        "empty apiKey",
        "unknown name",
    ],
)
def test_without_a_valid_key_connection_init_is_closed_with_4403(
    empty_graph: Settings, payload: dict[str, Any] | None
) -> None:
    with serve(empty_graph, allow_anonymous=False) as client, socket(client) as ws:
        assert refused_with(ws, payload) == (4403, "UNAUTHENTICATED")


def test_a_wrong_secret_or_a_revoked_key_is_closed_with_4403(
    empty_graph: Settings, read_key: str
) -> None:
    key_id = read_key.split("_")[1]
    wrong = f"ig_{key_id}_" + ("B" * 43 if not read_key.endswith("B" * 43) else "C" * 43)
    with serve(empty_graph, allow_anonymous=False, api_key_cache_seconds=0) as client:
        with socket(client) as ws:
            assert refused_with(ws, {"apiKey": wrong}) == (4403, "UNAUTHENTICATED")
        with socket(client) as ws:
            assert init(ws, {"apiKey": read_key}) == {"type": "connection_ack"}
        revoke(empty_graph, key_id)
        with socket(client) as ws:
            assert refused_with(ws, {"apiKey": read_key}) == (4403, "UNAUTHENTICATED")


def test_a_bad_key_in_the_payload_is_refused_even_when_anonymous_access_is_on(
    empty_graph: Settings,
) -> None:
    with serve(empty_graph, allow_anonymous=True) as client, socket(client) as ws:
        assert refused_with(ws, {"apiKey": "not-a-key"}) == (4403, "UNAUTHENTICATED")


def test_keys_in_the_handshake_headers_still_work(empty_graph: Settings, read_key: str) -> None:
    with serve(empty_graph, allow_anonymous=False) as client:
        with socket(client, bearer(read_key)) as ws:
            assert init(ws, None) == {"type": "connection_ack"}
            assert subscribe(ws)["type"] == "next"
        # A bad key in the headers is refused at the handshake, before the socket opens.
        with (
            pytest.raises(WebSocketDisconnect) as closed,
            socket(client, bearer("ig_000000000000_" + "A" * 43)),
        ):
            pass
        assert closed.value.code == 4401


def test_a_subscribe_before_connection_init_closes_the_socket_with_4401(
    empty_graph: Settings,
) -> None:
    # graphql-transport-ws: an operation before the connection is acknowledged is
    # unauthorised, even where anonymous callers may subscribe once acknowledged.
    with serve(empty_graph, allow_anonymous=True) as client, socket(client) as ws:
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (4401, "Unauthorized")


def test_read_scope_may_subscribe_and_other_scopes_may_not(
    empty_graph: Settings, read_key: str
) -> None:
    write_key = make_key(empty_graph, Scope.WRITE)
    with serve(empty_graph, allow_anonymous=False) as client:
        with socket(client) as ws:
            assert init(ws, {"authorization": f"Bearer {read_key}"})["type"] == "connection_ack"
            assert subscribe(ws)["type"] == "next"
            # Queries and mutations on the socket meet the same scope table.
            assert error_codes(
                subscribe(ws, "2", 'mutation { erasePerson(id: "p1") { found } }')
            ) == ["FORBIDDEN"]
        with socket(client) as ws:
            assert init(ws, {"authorization": f"Bearer {write_key}"})["type"] == "connection_ack"
            refused = subscribe(ws)
            assert error_codes(refused) == ["FORBIDDEN"]
            assert refused["payload"][0]["extensions"]["requiredScope"] == "read"


def test_a_key_in_the_payload_replaces_the_anonymous_caller(empty_graph: Settings) -> None:
    write_key = make_key(empty_graph, Scope.WRITE)
    with serve(empty_graph, allow_anonymous=True, anonymous_scopes="read") as client:
        with socket(client) as ws:  # anonymous callers may read
            assert init(ws, None) == {"type": "connection_ack"}
            assert subscribe(ws)["type"] == "next"
        with socket(client) as ws:  # this key may not
            assert init(ws, {"apiKey": write_key}) == {"type": "connection_ack"}
            assert error_codes(subscribe(ws)) == ["FORBIDDEN"]


def test_the_connection_and_each_operation_take_a_token_of_the_rate(
    empty_graph: Settings,
) -> None:
    slow_key = make_key(empty_graph, Scope.READ, rate=0.01)  # burst: the settings' 2
    with serve(empty_graph, allow_anonymous=False, rate_limit_burst=2) as client:
        with socket(client) as ws:
            assert init(ws, {"apiKey": slow_key}) == {"type": "connection_ack"}  # token 1
            assert subscribe(ws, "1")["type"] == "next"  # token 2
            limited = subscribe(ws, "2")
            assert error_codes(limited) == ["RATE_LIMITED"]
            extensions = limited["payload"][0]["extensions"]
            assert (extensions["limit"], extensions["burst"]) == (0.01, 2)
            assert extensions["retryAfter"] >= 1
        with socket(client) as ws:
            assert refused_with(ws, {"apiKey": slow_key}) == (4429, "RATE_LIMITED")


def test_the_key_in_the_payload_is_never_logged(
    empty_graph: Settings, read_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = read_key.split("_", 2)[2]
    with (
        caplog.at_level(logging.DEBUG),
        serve(empty_graph, allow_anonymous=False) as client,
    ):
        with socket(client) as ws:
            assert init(ws, {"apiKey": read_key}) == {"type": "connection_ack"}
            assert subscribe(ws, "1", "subscription { nope }")["type"] == "error"
            assert refused_with(ws, {"apiKey": read_key})[0] == 4429  # a second connection_init
        with socket(client) as ws:
            assert refused_with(ws, {"apiKey": read_key + "x"}) == (4403, "UNAUTHENTICATED")
        assert caplog.records, "expected the connections to be logged"
    for record in caplog.records:
        assert secret not in record.getMessage() + json.dumps(record.__dict__, default=str)


def test_a_browser_like_client_on_the_network_sends_its_key_in_connection_init(
    empty_graph: Settings, read_key: str
) -> None:
    """The service as `influence-graph serve`, and the `websockets` client: no headers of ours
    on the handshake, the key in the payload, and the close code as a browser would see it."""
    write_key = make_key(empty_graph, Scope.WRITE)
    query = 'subscription { job(id: "no-such-job") { status } }'
    with served(empty_graph, ALLOW_ANONYMOUS="false") as url:
        address = url.replace("http://", "ws://") + "/graphql"
        with connect(address, subprotocols=TRANSPORT_WS) as ws:
            ws.send(json.dumps({"type": "connection_init", "payload": {"apiKey": "nope"}}))
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=10)
            assert closed.value.rcvd is not None
            assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, "UNAUTHENTICATED")
        for key, code in ((read_key, "NOT_FOUND"), (write_key, "FORBIDDEN")):
            with connect(address, subprotocols=TRANSPORT_WS) as ws:
                payload = {"authorization": f"Bearer {key}"}
                ws.send(json.dumps({"type": "connection_init", "payload": payload}))
                assert json.loads(ws.recv(timeout=10)) == {"type": "connection_ack"}
                ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
                message = json.loads(ws.recv(timeout=10))
                errors = (
                    message["payload"]
                    if message["type"] == "error"
                    else message["payload"]["errors"]
                )
                # A read key reaches the resolver (no such job); a write key is refused first.
                assert [e["extensions"]["code"] for e in errors] == [code], message
