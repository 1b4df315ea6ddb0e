"""Each middleware of the HTTP path on its own, in front of a small ASGI app that reports what
reached it (no database: keys come from a dict, the behaviour under test is the middleware's)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from service.api.context import Context
from service.api.security.persisted import PersistedQueries
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal
from service.api.security.scopes import Scope as ApiScope
from service.db.driver import DatabaseUnavailable
from service.http.authentication import NOBODY, Authentication, Authenticator, principal_in
from service.http.body import read_body
from service.http.body_limit import BodySizeLimit
from service.http.rate_limit import RateLimit, Throttle
from service.http.request_context import RequestContext
from service.http.request_screen import RequestScreen
from service.http.response_cache import ResponseCache, ResponseCacheMiddleware
from service.settings import Settings
from service.telemetry.metrics import Metrics

READER = Principal(key_id="k1", name="reader", scopes=frozenset({ApiScope.READ}))


class Downstream:
    """Answers with what it received: the body, the caller, the query string."""

    def __init__(self, outcomes: list[tuple[str, bool]] | None = None) -> None:
        self.calls = 0
        self.outcomes = outcomes or [("query", False)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        principal = principal_in(scope)
        if scope["type"] == "websocket":
            websocket = WebSocket(scope, receive, send)
            await websocket.accept()
            await websocket.send_json({"caller": principal.name if principal else None})
            await websocket.close()
            return
        body = await read_body(receive)
        context = Context.__new__(Context)
        context.outcomes = list(self.outcomes)
        scope.setdefault("state", {})["context"] = context
        answer = {
            "body": body.decode(),
            "caller": principal.name if principal else None,
            "query": scope.get("query_string", b"").decode(),
            "calls": self.calls,
        }
        payload = json.dumps(answer).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": payload})


class Keys:
    def __init__(self, down: bool = False) -> None:
        self.down = down

    async def verify(self, token: str) -> Principal | None:
        if self.down:
            raise DatabaseUnavailable("no route to Neo4j")
        return READER if token == "good" else None


def settings(**overrides: Any) -> Settings:
    return Settings(**{"allow_anonymous": False, **overrides})


def authenticated(app: Any, keys: Keys | None = None, **overrides: Any) -> Authentication:
    return Authentication(app, Authenticator(keys or Keys(), settings(**overrides), Refusals(None)))


def code_of(response: Any) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


# --- BodySizeLimit ------------------------------------------------------------------------


def test_body_limit_refuses_a_declared_or_streamed_body_over_it() -> None:
    client = TestClient(BodySizeLimit(Downstream(), limit=10))
    declared = client.post("/", content=b"x" * 11)
    assert (declared.status_code, code_of(declared)) == (413, "BODY_TOO_LARGE")
    assert declared.json()["errors"][0]["extensions"]["limit"] == 10

    def chunks() -> Iterator[bytes]:  # no content-length: counted as it arrives
        yield b"x" * 6
        yield b"x" * 6

    streamed = client.post("/", content=chunks())
    assert (streamed.status_code, code_of(streamed)) == (413, "BODY_TOO_LARGE")


def test_body_limit_hands_on_a_body_within_it_whole() -> None:
    response = TestClient(BodySizeLimit(Downstream(), limit=10)).post("/", content=b"0123456789")
    assert response.json()["body"] == "0123456789"


# --- Authentication -------------------------------------------------------------------------


def test_authentication_names_the_caller_or_refuses() -> None:
    client = TestClient(authenticated(Downstream()))
    assert client.post("/", headers={"Authorization": "Bearer good"}).json()["caller"] == "reader"
    assert client.post("/", headers={"X-API-Key": "good"}).json()["caller"] == "reader"
    missing = client.post("/")
    assert (missing.status_code, code_of(missing)) == (401, "UNAUTHENTICATED")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/", headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, code_of(wrong)) == (401, "UNAUTHENTICATED")


def test_authentication_lets_anonymous_callers_in_when_allowed() -> None:
    client = TestClient(authenticated(Downstream(), allow_anonymous=True))
    assert client.post("/").json()["caller"] == "anonymous"


def test_a_key_that_cannot_be_checked_is_503() -> None:
    client = TestClient(authenticated(Downstream(), Keys(down=True)))
    refused = client.post("/", headers={"Authorization": "Bearer good"})
    assert (refused.status_code, code_of(refused)) == (503, "DATABASE_UNAVAILABLE")


def test_websocket_handshake_through_authentication() -> None:
    client = TestClient(authenticated(Downstream()))
    with client.websocket_connect("/", headers={"Authorization": "Bearer good"}) as ws:
        assert ws.receive_json() == {"caller": "reader"}
    # Without a key the socket opens as nobody: its key may come in connection_init.
    with client.websocket_connect("/") as ws:
        assert ws.receive_json() == {"caller": NOBODY.name}
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/", headers={"Authorization": "Bearer nope"}),
    ):
        pass
    assert closed.value.code == 4401


# --- RateLimit ----------------------------------------------------------------------------


def throttled(app: Any) -> Authentication:
    throttle = Throttle(settings(rate_limit_per_second=0.01, rate_limit_burst=1), Refusals(None))
    return authenticated(RateLimit(app, throttle))


def test_rate_limit_refuses_past_the_burst_with_retry_after() -> None:
    client = TestClient(throttled(Downstream()))
    key = {"Authorization": "Bearer good"}
    assert client.post("/", headers=key).status_code == 200
    refused = client.post("/", headers=key)
    assert (refused.status_code, code_of(refused)) == (429, "RATE_LIMITED")
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["burst"] == 1


def test_rate_limit_closes_a_websocket_handshake_past_the_burst() -> None:
    client = TestClient(throttled(Downstream()))
    key = {"Authorization": "Bearer good"}
    with client.websocket_connect("/", headers=key) as ws:
        ws.receive_json()
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/", headers=key):
        pass
    assert closed.value.code == 4429


# --- RequestScreen -------------------------------------------------------------------------


def screened(only: bool = False, allow: dict[str, str] | None = None) -> TestClient:
    persisted = PersistedQueries(allow or {}, only)
    return TestClient(RequestScreen(Downstream(), persisted, max_tokens=8, max_batch=2))


def test_screen_refuses_long_batches_and_documents() -> None:
    client = screened()
    batch = client.post("/", json=[{"query": "{ a }"}] * 3)
    assert (batch.status_code, code_of(batch)) == (400, "BATCH_TOO_LARGE")
    assert batch.json()["errors"][0]["extensions"] == {
        "code": "BATCH_TOO_LARGE",
        "limit": 2,
        "operations": 3,
    }
    long = client.post("/", json={"query": "{ a b c d e f g h i }"})
    assert (long.status_code, code_of(long)) == (400, "MAX_TOKENS_EXCEEDED")
    assert client.post("/", json={"query": "{ a b }"}).status_code == 200


def test_screen_fills_in_a_persisted_query_in_bodies_and_query_strings() -> None:
    query = "{ a }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    client = screened(allow={digest: query})
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    posted = client.post("/", json={"extensions": extensions}).json()
    assert json.loads(posted["body"])["query"] == query
    got = client.get("/", params={"extensions": json.dumps(extensions)}).json()
    assert "query=%7B+a+%7D" in got["query"]
    unknown = client.post("/", json={"extensions": {"persistedQuery": {"sha256Hash": "0" * 64}}})
    assert (unknown.status_code, code_of(unknown)) == (200, "PERSISTED_QUERY_NOT_FOUND")


def test_screen_leaves_what_is_not_json_to_graphql() -> None:
    response = screened().post("/", content=b"{not json", headers={"content-type": "text/plain"})
    assert response.json()["body"] == "{not json"


# --- ResponseCacheMiddleware ----------------------------------------------------------------


def cached(downstream: Downstream) -> TestClient:
    cache = ResponseCache(seconds=60, entries=10, max_bytes=10_000)
    app = authenticated(ResponseCacheMiddleware(downstream, cache, Metrics()))
    return TestClient(app, headers={"Authorization": "Bearer good"})


def test_cache_answers_a_repeated_query_without_running_it() -> None:
    downstream = Downstream()
    client = cached(downstream)
    first = client.post("/", json={"query": "{ a }"}).json()
    again = client.post("/", json={"query": "{ a }"}).json()
    assert first == again
    assert downstream.calls == 1
    client.post("/", json={"query": "{ b }"})
    assert downstream.calls == 2


def test_cache_keeps_no_answer_with_errors_and_empties_after_a_mutation() -> None:
    failing = Downstream(outcomes=[("query", True)])
    client = cached(failing)
    client.post("/", json={"query": "{ a }"})
    client.post("/", json={"query": "{ a }"})
    assert failing.calls == 2

    downstream = Downstream()
    client = cached(downstream)
    client.post("/", json={"query": "{ a }"})
    downstream.outcomes = [("mutation", False)]
    client.post("/", json={"query": "mutation { m }"})
    downstream.outcomes = [("query", False)]
    client.post("/", json={"query": "{ a }"})
    assert downstream.calls == 3


# --- RequestContext -----------------------------------------------------------------------


def test_request_context_echoes_a_sane_request_id_and_replaces_others() -> None:
    client = TestClient(RequestContext(Downstream(), Metrics()))
    assert client.post("/", headers={"X-Request-ID": "abc-1"}).headers["x-request-id"] == "abc-1"
    replaced = client.post("/", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"]
    assert replaced != "bad id\n"
    assert len(replaced) == 32
