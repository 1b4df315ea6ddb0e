"""Hostile input, round two (issue 17): every request that used to get a 5xx, a plain-text
body, an error without a code, a suggestion or Python's own words, through the whole app.

Each case failed on main before the front door (service/http/request_parsing.py) and the
error mapping (service/api/graphql_errors.py): 500 "Internal Server Error" for the bodies,
INTERNAL_ERROR for a subscription by POST, "Did you mean" in production, no `code` on
graphql-core's errors, only `complete` for a WebSocket query past the token limit, and a
socket dropped without a close frame.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from service.api.security.scopes import Scope
from service.settings import Settings
from tests.support.bounded_ws import BoundedReceiver
from tests.support.clients import serve, serve_service
from tests.support.keys import bearer, make_key

JSON = {"content-type": "application/json"}
DEEP_VARIABLES = b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 5000 + b"]" * 5000
DEEP_ATTRIBUTES = (
    b'{"query": "mutation($p: [PersonInput!]!) { upsertPeople(people: $p) { written } }",'
    b' "variables": {"p": [{"id": "a", "name": "b", "attributes": '
    + b'{"x": ' * 3000
    + b"1"
    + b"}" * 3000
    + b"}]}}"
)
PYTHON_TEXT = ("object of type", "has no len()", "dictionary update sequence", "Traceback",
               "ISO string too short", "{'")  # fmt: skip
BODIES: dict[str, bytes] = {
    "a string": b'"{ __typename }"',
    "null": b"null",
    "a number": b"12",
    "a batch of numbers": b"[1, 2, 3]",
    "a batch of null": b"[null]",
    "a batch of batches": b'[[{"query": "{ __typename }"}]]',
    "an empty batch": b"[]",
    "invalid UTF-8": b'{"query": "{ __typename \xff }"}',
    "invalid UTF-8 in the variables": b'{"query": "{ a }", "variables": {"a": "\xc3\x28"}}',
    "a lone surrogate": b'{"query": "{ __typename }", "variables": {"a": "\\ud800"}}',
    "variables 5,000 levels deep": DEEP_VARIABLES + b"}}",
    "an attributes map 3,000 levels deep": DEEP_ATTRIBUTES,
    "variables of the wrong type": b'{"query": "{ __typename }", "variables": [1]}',
    "extensions of the wrong type": b'{"query": "{ __typename }", "extensions": "x"}',
    "a persistedQuery of the wrong type": b'{"extensions": {"persistedQuery": [1]}}',
    "a query of the wrong type": b'{"query": {"a": 1}}',
    "no query": b'{"variables": {}}',
    "not JSON": b"{query",
    "a 1 MB string literal": b'{"query": "{ topic(id: \\"' + b"x" * 1_000_000 + b'\\") { id } }"}',
    "a 1 MB comment": b'{"query": "#' + b"x" * 1_000_000 + b'\\n{ __typename }"}',
    "a document nested 500 deep": b'{"query": "{ f(a: ' + b"[" * 500 + b"]" * 500 + b') }"}',
}  # fmt: skip


def codes(response: Any) -> list[str]:
    body = response.json()
    items = body if isinstance(body, list) else [body]
    return [e["extensions"]["code"] for item in items for e in item.get("errors") or []]


def assert_clean(response: Any) -> None:
    """A 4xx (or 200) JSON answer whose every error has a code and no Python text."""
    assert response.status_code < 500, response.text[:300]
    assert "json" in response.headers["content-type"], response.text[:300]
    found = codes(response)
    assert found, response.text[:300]
    for text in PYTHON_TEXT:
        assert text not in response.text, response.text[:300]


@pytest.mark.parametrize("name", list(BODIES))
def test_a_hostile_body_is_a_4xx_with_a_code(empty_graph: Settings, name: str) -> None:
    with serve_service(empty_graph, max_body_bytes=2_000_000) as client:
        response = client.post("/graphql", content=BODIES[name], headers=JSON)
        assert 400 <= response.status_code < 500, response.text[:300]
        assert_clean(response)
        ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
        assert ok.json()["data"] == {"graphCounts": {"people": 0}}


def test_a_flood_of_deep_bodies_leaves_the_server_answering(empty_graph: Settings) -> None:
    with serve_service(empty_graph) as client:
        for _ in range(30):
            response = client.post("/graphql", content=BODIES["variables 5,000 levels deep"],
                                   headers=JSON)  # fmt: skip
            assert codes(response) == ["NESTING_TOO_DEEP"]
        ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
        assert ok.json()["data"] == {"graphCounts": {"people": 0}}


@pytest.mark.parametrize(
    ("method", "params", "status", "code"),
    [
        ("GET", {"query": "{ __typename }", "variables": "[1]"}, 400, "BAD_REQUEST"),
        ("GET", {"query": "{ __typename }", "variables": "[" * 200 + "]" * 200}, 400,
         "NESTING_TOO_DEEP"),
        ("GET", {"query": "{ __typename }", "extensions": "{bad"}, 400, "BAD_REQUEST"),
        # Found by bench/fuzz.py: variables without a query were parsed (and recursed) anyway.
        ("GET", {"variables": "[" * 5000 + "]" * 5000}, 400, "NESTING_TOO_DEEP"),
        ("GET", {"query": "mutation { cancelJob(id: 1) { id } }"}, 405, "METHOD_NOT_ALLOWED"),
        ("PUT", {}, 405, "METHOD_NOT_ALLOWED"),
        ("DELETE", {}, 405, "METHOD_NOT_ALLOWED"),
    ],
)  # fmt: skip
def test_query_strings_and_methods_are_refused_with_a_code(
    empty_graph: Settings, method: str, params: dict[str, str], status: int, code: str
) -> None:
    with serve_service(empty_graph) as client:
        response = client.request(method, "/graphql", params=params)
    assert (response.status_code, codes(response)) == (status, [code])
    assert ("allow" in response.headers) == (status == 405)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_subscription_over_http_is_400_not_internal_error(
    empty_graph: Settings, method: str
) -> None:
    query = 'subscription { job(id: "j1") { id status } }'
    with serve_service(empty_graph) as client:
        if method == "GET":
            response = client.get("/graphql", params={"query": query})
        else:
            response = client.post("/graphql", json={"query": query})
    assert (response.status_code, codes(response)) == (400, ["SUBSCRIPTION_OVER_HTTP"])


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ people("}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ influencer }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "{ graphCounts(x: 1) { people } }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "fragment A on Topic { parent { ...B } } fragment B on Topic "
                   '{ parent { ...A } } { topic(id: "x") { ...A } }'},
         "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query($n: Int) { people(first: $n) { totalCount } }",
          "variables": {"n": "many"}}, "BAD_VARIABLES"),
        ({"query": "query($n: Int!) { people(first: $n) { totalCount } }"}, "BAD_VARIABLES"),
        ({"query": 'mutation { runAnalysis(topic: "t", options: {since: "x"}) { id } }'},
         "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "mutation($s: DateTime) { runAnalysis(topic: \"t\", options: {since: $s}) "
                   "{ id } }", "variables": {"s": {"a": 1}}}, "BAD_VARIABLES"),
        ({"query": "query A { __typename }", "operationName": "B"}, "BAD_REQUEST"),
    ],
)  # fmt: skip
def test_graphql_core_errors_carry_a_code_and_no_python_text(
    empty_graph: Settings, body: dict[str, Any], code: str
) -> None:
    with serve_service(empty_graph) as client:
        response = client.post("/graphql", json=body)
    assert_clean(response)
    assert codes(response)[0] == code


UNKNOWN_NAMES = [
    '{ influencer(topic: "t") { totalCount } }',  # a field
    '{ influencers(topik: "t") { totalCount } }',  # an argument
    "{ jobs(status: RUNNIN) { id } }",  # a value
    "query($p: PersonInpt) { __typename }",  # a type
]


@pytest.mark.parametrize("query", UNKNOWN_NAMES)
def test_production_suggests_no_names_over_http(empty_graph: Settings, query: str) -> None:
    key = make_key(empty_graph, Scope.READ)
    with serve_service(empty_graph, profile="production") as client:
        response = client.post("/graphql", json={"query": query}, headers=bearer(key))
    assert_clean(response)
    assert "Did you mean" not in response.text
    # The control: the development profile does suggest (for the field, argument and type).
    if "RUNNIN" not in query:
        with serve_service(empty_graph) as client:
            assert "Did you mean" in client.post("/graphql", json={"query": query}).text


def ws_session(client: TestClient, key: str | None = None) -> Any:
    return client.websocket_connect(
        "/graphql",
        subprotocols=["graphql-transport-ws"],
        headers=bearer(key) if key else {},
    )


def init(ws: Any, receiver: BoundedReceiver) -> None:
    ws.send_json({"type": "connection_init"})
    assert receiver.next("connection_ack", time.monotonic() + 10)["type"] == "connection_ack"


def test_production_suggests_no_names_over_the_websocket(empty_graph: Settings) -> None:
    key = make_key(empty_graph, Scope.READ)
    with serve_service(empty_graph, profile="production") as client, ws_session(client, key) as ws:
        receiver = BoundedReceiver(ws)
        init(ws, receiver)
        payload = {"query": 'subscription { jb(id: "j") { id } }'}
        ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        message = receiver.next("an error", time.monotonic() + 10)
    assert message["type"] == "error", message
    assert "Did you mean" not in json.dumps(message)
    assert message["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_websocket_query_past_the_token_limit_gets_an_error_with_its_code(
    empty_graph: Settings,
) -> None:
    query = "subscription { " + " ".join(f"a{i}: job(id: 1) {{ id }}" for i in range(50)) + " }"
    with serve(empty_graph, max_tokens=100) as client, ws_session(client) as ws:
        receiver = BoundedReceiver(ws)
        init(ws, receiver)
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
        message = receiver.next("an error", time.monotonic() + 10)
    assert message["type"] == "error", message
    assert message["payload"][0]["extensions"]["code"] == "MAX_TOKENS_EXCEEDED"


def closed_with(ws: Any, receiver: BoundedReceiver, sent: str) -> WebSocketDisconnect:
    ws.send_text(sent)
    with pytest.raises(WebSocketDisconnect) as closed:
        receiver.next("the close frame", time.monotonic() + 10)
    return closed.value


@pytest.mark.parametrize(
    ("message", "close_code", "reason"),
    [
        (json.dumps({"type": "ping", "payload": {"pad": "x" * 2_000_000}}), 1009,
         "WS_MESSAGE_TOO_LARGE"),
        ('{"type": "ping", "payload": ' + "[" * 10_000 + "]" * 10_000 + "}", 4400,
         "NESTING_TOO_DEEP"),
        ('{"type": "subscribe", "id": 1, "payload": "x"}', 4400, "BAD_REQUEST"),
        ('[1, 2]', 4400, "BAD_REQUEST"),
        ("not json", 4400, "BAD_REQUEST"),
    ],
)  # fmt: skip
def test_a_hostile_websocket_message_gets_a_close_frame_with_a_reason(
    empty_graph: Settings, message: str, close_code: int, reason: str
) -> None:
    with serve(empty_graph) as client:
        with ws_session(client) as ws:
            receiver = BoundedReceiver(ws)
            init(ws, receiver)
            closed = closed_with(ws, receiver, message)
        assert (closed.code, closed.reason) == (close_code, reason)
        ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
        assert ok.json()["data"] == {"graphCounts": {"people": 0}}


def test_metrics_need_a_key_with_the_metrics_scope(empty_graph: Settings) -> None:
    reader = make_key(empty_graph, Scope.READ)
    scraper = make_key(empty_graph, Scope.METRICS)
    for profile in ("development", "production"):
        with serve_service(empty_graph, profile=profile) as client:
            anonymous = client.get("/metrics")
            read_only = client.get("/metrics", headers=bearer(reader))
            allowed = client.get("/metrics", headers=bearer(scraper))
        assert anonymous.status_code in (401, 403), anonymous.text[:200]
        assert codes(anonymous) in (["UNAUTHENTICATED"], ["METRICS_FORBIDDEN"])
        assert (read_only.status_code, codes(read_only)) == (403, ["METRICS_FORBIDDEN"])
        assert allowed.status_code == 200
        assert "influence_http_requests_total" in allowed.text
    # METRICS_PUBLIC opens it, except in production.
    with serve_service(empty_graph, metrics_public=True) as client:
        assert client.get("/metrics").status_code == 200
    with serve_service(empty_graph, metrics_public=True, profile="production") as client:
        assert client.get("/metrics").status_code == 401
