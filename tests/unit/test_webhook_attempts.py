"""One delivery attempt against real HTTP servers on this machine (development: private
targets allowed): a redirect is not followed (the answer is a failure, the place it points to
never hears of it), and a receiver slower than the timeout fails the attempt in time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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
