"""One delivery attempt against real HTTP servers on this machine (development: private
targets allowed): a redirect is not followed (the answer is a failure, the place it points to
never hears of it), a receiver slower than the timeout fails the attempt in time, and a
request without an answer reads as a fixed reason, its exception kept for the log."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from service.webhooks import signing
from service.webhooks.delivery import attempt
from service.webhooks.targets import system_resolver


@contextmanager
def server(status: int, delay: float = 0.0, location: str = "") -> Iterator[tuple[str, list[str]]]:
    """A server answering every POST with `status` after `delay` seconds; the paths it got."""
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            paths.append(self.path)
            time.sleep(delay)
            self.send_response(status)
            if location:
                self.send_header("location", location)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", paths
    finally:
        httpd.shutdown()
        httpd.server_close()


async def _attempt(url: str, timeout: float = 5.0) -> Any:
    return await attempt(url, signing.new_secret(), "msg_1", b'{"type":"webhook.test"}',
                         timeout=timeout, allow_private=True, resolver=system_resolver)  # fmt: skip


async def test_a_redirect_is_not_followed() -> None:
    with server(200) as (elsewhere, reached), server(307, location=f"{elsewhere}/in") as (
        url, asked,
    ):  # fmt: skip
        outcome = await _attempt(f"{url}/hook")
    assert (outcome.ok, outcome.status) == (False, 307)
    assert asked == ["/hook"]
    assert reached == []


async def test_an_attempt_ends_at_its_timeout() -> None:
    with server(200, delay=3.0) as (url, asked):
        started = time.monotonic()
        outcome = await _attempt(f"{url}/hook", timeout=0.5)
        took = time.monotonic() - started
    assert not outcome.ok
    assert outcome.status is None
    assert "within 0.5 s" in outcome.error
    assert asked == ["/hook"]
    assert took < 2.0


@contextmanager
def raw_server(answer: bytes) -> Iterator[str]:
    """A TCP server that reads a request's first bytes, sends `answer` and closes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                with conn:
                    conn.recv(65536)
                    conn.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def _unused_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("refused", "could not connect to the receiver (refused or unreachable)"),
        ("not http", "the receiver's answer was not valid HTTP"),
        ("not tls", "the TLS handshake with the receiver failed (is its certificate valid?)"),
    ],
)
async def test_a_failed_request_reads_as_a_fixed_reason_and_the_log_keeps_the_exception(
    kind: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with raw_server(b"SSH-2.0-not-a-web-server\r\n\r\n") as address:
        url = {
            "refused": f"http://127.0.0.1:{_unused_port()}/hook",
            "not http": f"http://{address}/hook",
            "not tls": f"https://{address}/hook",
        }[kind]
        with caplog.at_level(logging.WARNING, logger="influence_graph.webhooks"):
            outcome = await _attempt(url)
    assert (outcome.ok, outcome.status, outcome.error) == (False, None, reason)
    assert [r.getMessage() for r in caplog.records if "msg_1" in r.getMessage()] != []
    assert "Error" in caplog.text  # the exception's type, for the operator only
