"""HTTP-level fuzzing at volume: thousands of raw hostile requests and WebSocket frames (the
strategies of tests/support/hostile_http.py) against `influence-graph serve` on uvicorn.

    TEST_NEO4J_BOLT_PORT=11000 .venv/bin/python -m bench.fuzz --requests 5000 --frames 300

Uses an already running Neo4j (the test server: bolt port from TEST_NEO4J_BOLT_PORT or
--bolt-port, password TEST_NEO4J_PASSWORD); starts the API on a free loopback port with the
development profile, anonymous access, suggestions off and a rate limit out of the way. Prints
the counts: requests, answers by status class, 5xx, errors without a code, answers with
Python's words, WebSocket frames and how each connection ended, and whether an ordinary query
is still answered at the end. Exit 1 when any count that must be zero is not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from pydantic import SecretStr
from websockets.exceptions import ConnectionClosed, ConnectionClosedError
from websockets.sync.client import connect

from service.settings import Settings
from tests.support.hostile_http import RawRequest, problems, raw_requests, ws_frames
from tests.support.served import served_process

FUZZ = settings(
    deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)
EXAMPLES: list[str] = []  # the first requests with a problem, printed at the end
ENV = {
    "RATE_LIMIT_PER_SECOND": "1000000",
    "RATE_LIMIT_BURST": "1000000",
    "FIELD_SUGGESTIONS": "false",
    "ALLOW_ANONYMOUS": "true",
}


def fuzz_http(url: str, count: int, tally: Counter[str]) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:

        @given(request=raw_requests())
        @settings(FUZZ, max_examples=count)
        def one(request: RawRequest) -> None:
            try:
                response = client.request(
                    request.method, "/graphql", params=request.params or None,
                    headers=request.headers, content=request.body or None,
                )  # fmt: skip
            except httpx.LocalProtocolError:
                tally["not sendable by httpx"] += 1
                return
            except httpx.TransportError:
                tally["a connection error"] += 1
                return
            tally["requests"] += 1
            tally[f"status {response.status_code // 100}xx"] += 1
            found = problems(
                response.status_code,
                response.headers.get("content-type", ""),
                response.text,
                request.method,
            )
            if "Did you mean" in response.text:
                found.append("a suggestion")
            for problem in found:
                tally[problem.split(":")[0]] += 1
                if len(EXAMPLES) < 5:
                    EXAMPLES.append(f"{problem}: {request!r}"[:2000])

        one()


def fuzz_websocket(url: str, count: int, tally: Counter[str]) -> None:
    ws_url = url.replace("http://", "ws://") + "/graphql"

    @given(frame=ws_frames)
    @settings(FUZZ, max_examples=count)
    def one(frame: str) -> None:
        with connect(ws_url, subprotocols=["graphql-transport-ws"], max_size=None) as ws:  # type: ignore[list-item]
            ws.send(json.dumps({"type": "connection_init"}))
            ws.recv(timeout=10)
            ws.send(frame)
            tally["frames"] += 1
            try:
                ws.send(json.dumps({"type": "ping"}))
                while True:
                    message: Any = json.loads(ws.recv(timeout=10))
                    if message.get("type") == "pong":
                        tally["ws answered"] += 1
                        return
                    if message.get("type") == "error" and not all(
                        (e.get("extensions") or {}).get("code") for e in message["payload"]
                    ):
                        tally["an error without a code"] += 1
            except ConnectionClosedError as closed:
                rcvd = closed.rcvd
                tally["ws closed without a close frame" if rcvd is None else
                      f"ws closed {rcvd.code} {rcvd.reason}"] += 1  # fmt: skip
            except ConnectionClosed as closed:
                tally[f"ws closed {closed.rcvd.code if closed.rcvd else None}"] += 1
            except TimeoutError:
                tally["ws no answer within 10 s"] += 1

    one()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--bolt-port", type=int,
                        default=int(os.environ.get("TEST_NEO4J_BOLT_PORT", "7688")))  # fmt: skip
    parser.add_argument("--log", default=".state/bench-fuzz-server.log")
    args = parser.parse_args()
    password = os.environ.get("TEST_NEO4J_PASSWORD", "test-password-1")
    settings_ = Settings(
        neo4j_uri=f"bolt://127.0.0.1:{args.bolt_port}", neo4j_password=SecretStr(password)
    )
    tally: Counter[str] = Counter()
    log = Path(args.log)
    with served_process(settings_, log, **ENV) as (url, _):
        start = time.perf_counter()
        fuzz_http(url, args.requests, tally)
        http_seconds = time.perf_counter() - start
        fuzz_websocket(url, args.frames, tally)
        ok = httpx.post(f"{url}/graphql", json={"query": "{ graphCounts { people } }"})
        still_answers = ok.status_code == 200 and "errors" not in ok.json()
    print(f"HTTP: {tally['requests']} requests in {http_seconds:.0f} s")
    for key, value in sorted(tally.items()):
        print(f"  {key}: {value}")
    print(f"an ordinary query answered afterwards: {still_answers}")
    for example in EXAMPLES:
        print("problem:", example)
    print(f"the server's log: {log}")
    bad = [k for k in tally if k.startswith(("status 5", "an error without", "a ", "Python",
                                             "ws closed without", "ws no answer"))]  # fmt: skip
    return 0 if still_answers and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
