"""A webhook receiver for the tests: a real HTTP server on a thread of the test process that
verifies every request's signature with the `standardwebhooks` package (an implementation
independent of the service's) and records what it saw. It can be told to fail (answer 503),
or to hold requests until released (to kill a worker mid-delivery). Its port comes from
TEST_RECEIVER_PORT_BASE (+ an offset per receiver), or any free one when that is unset."""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

_OFFSETS = itertools.count()


@dataclass
class Seen:
    id: str
    host: str
    body: dict[str, Any]
    verified: bool
    answered: int
    complete: bool = True  # False: the sender died while sending (the body is cut short)


@dataclass
class Receiver:
    port: int
    secret: str | None = None
    down: bool = False  # answer 503 to everything
    hold: threading.Event | None = None  # when set on entry: wait for it before answering
    seen: list[Seen] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def accepted_ids(self) -> list[str]:
        with self.lock:
            return [s.id for s in self.seen if s.answered == 200]

    def all_seen(self) -> list[Seen]:
        with self.lock:
            return list(self.seen)

    def handle(self, headers: dict[str, str], raw: bytes) -> int:
        if len(raw) < int(headers.get("content-length") or 0):
            with self.lock:
                self.seen.append(Seen(headers.get("webhook-id", ""), "", {}, False, 400, False))
            return 400
        verified = False
        if self.secret is not None:
            try:
                Webhook(self.secret).verify(raw, headers)
                verified = True
            except WebhookVerificationError:
                verified = False
        status = 503 if self.down else 200
        held = self.hold
        self.arrived.set()
        if held is not None:
            held.wait(60)
        with self.lock:
            self.seen.append(
                Seen(headers.get("webhook-id", ""), headers.get("host", ""),
                     json.loads(raw or b"{}"), verified, status)
            )  # fmt: skip
        return status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver.handle(headers, raw)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def receiving(secret: str | None = None) -> Iterator[Receiver]:
    base = int(os.environ.get("TEST_RECEIVER_PORT_BASE", "0"))
    port = base + next(_OFFSETS) % 100 if base else 0
    receiver = Receiver(port=port, secret=secret)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        if receiver.hold is not None:
            receiver.hold.set()
        server.shutdown()
        server.server_close()
