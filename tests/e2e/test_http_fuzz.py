"""HTTP-level fuzzing: raw hostile requests (random bytes, JSON of any shape and nesting,
request objects with members of random types, random methods, headers and query strings)
and WebSocket frames, against the real app on the test Neo4j. No answer is a 5xx, every
error has a code, none carries Python's words or a suggestion, and the server still answers
an ordinary query afterwards. bench/fuzz.py runs thousands of the same through uvicorn.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from service.settings import Settings
from tests.support.clients import serve_service
from tests.support.hostile_http import RawRequest, problems, raw_requests, ws_frames

HTTP_CASES = 400
WS_CASES = 60
FUZZ = settings(
    deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)
# Close codes a hostile frame may get: graphql-transport-ws's invalid message (4400),
# unauthorised / too many init (4401, 4429, 4409: duplicate ids), RFC 6455's too big (1009).
CLOSE_CODES = {1000, 1009, 4400, 4401, 4403, 4409, 4429}


def assert_still_answers(client: TestClient) -> None:
    ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
    assert ok.json()["data"] == {"graphCounts": {"people": 0}}


def test_raw_http_requests_never_get_a_5xx_or_an_error_without_a_code(
    empty_graph: Settings,
) -> None:
    seen: Counter[str] = Counter()
    with serve_service(empty_graph, field_suggestions=False) as client:

        @given(request=raw_requests())
        @settings(FUZZ, max_examples=HTTP_CASES)
        def one(request: RawRequest) -> None:
            response = client.request(
                request.method, "/graphql", params=request.params or None,
                headers=request.headers, content=request.body or None,
            )  # fmt: skip
            seen[f"{response.status_code // 100}xx"] += 1
            found = problems(
                response.status_code,
                response.headers.get("content-type", ""),
                response.text,
                request.method,
            )
            assert "Did you mean" not in response.text
            assert not found, (found, request)

        one()
        assert_still_answers(client)
    assert sum(seen.values()) >= HTTP_CASES
    assert seen["4xx"] > HTTP_CASES // 4, seen  # the fuzzer does reach the refusals


def answered(ws: Any) -> WebSocketDisconnect | None:
    """Reads up to the pong; the close instead, if the socket was closed."""
    try:
        while (message := ws.receive_json())["type"] != "pong":
            assert "Did you mean" not in json.dumps(message)
            if message["type"] == "error":
                assert all(e["extensions"]["code"] for e in message["payload"]), message
    except WebSocketDisconnect as closed:
        return closed
    return None


def test_raw_websocket_frames_get_answers_or_a_close_frame_with_a_code(
    empty_graph: Settings,
) -> None:
    closes: Counter[int] = Counter()
    with serve_service(empty_graph, field_suggestions=False) as client:

        @given(frame=ws_frames)
        @settings(FUZZ, max_examples=WS_CASES)
        def one(frame: str) -> None:
            with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
                ws.send_json({"type": "connection_init"})
                assert ws.receive_json()["type"] == "connection_ack"
                ws.send_text(frame)
                # A ping after it: its pong (or the close) shows the frame was dealt with.
                ws.send_json({"type": "ping"})
                closed = answered(ws)
                if closed is not None:
                    closes[closed.code] += 1
                    assert closed.code in CLOSE_CODES, (closed.code, closed.reason, frame[:200])
                    assert closed.reason, (closed.code, frame[:200])

        one()
        assert_still_answers(client)
    assert sum(closes.values()) > 0  # some frames were refused with a close frame
