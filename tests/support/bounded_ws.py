"""Messages from a Starlette TestClient WebSocket, waited for only until a deadline.

`WebSocketTestSession.receive_json()` takes no timeout: it waits until the app sends something,
so a message the server never sends (a subscription dropped, a job that never completes) would
hang the run instead of failing it. `BoundedReceiver` reads the socket on a daemon thread into a
queue; `next()` waits for a message only until a deadline, then fails the test, saying what it
waited for and the last messages it did get. Once a receiver reads a session, read only through
it. The thread ends with the session: leaving `websocket_connect`'s block cancels the session,
which ends the pending receive.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import WebSocketTestSession

Message = dict[str, Any]


class BoundedReceiver:
    def __init__(self, ws: WebSocketTestSession) -> None:
        self.received: list[Message] = []
        self._queue: queue.Queue[Message | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(ws,), daemon=True)
        self._thread.start()

    def _read(self, ws: WebSocketTestSession) -> None:
        while True:
            try:
                message: Message = ws.receive_json()
            except BaseException as exc:  # closed or failed: the test sees it on its next read
                self._queue.put(exc)
                return
            self._queue.put(message)

    def next(
        self, waiting_for: str, until: float, check: Callable[[], None] | None = None
    ) -> Message:
        """The next message, failing the test once `until` (`time.monotonic()`) has passed.
        `check` is called while waiting, to fail early (if what should answer has died, say).
        An error of the socket (such as `WebSocketDisconnect`) is raised as it came."""
        while True:
            left = until - time.monotonic()
            if left <= 0:  # checked first: messages that keep coming must not extend the wait
                if check is not None:
                    check()
                pytest.fail(
                    f"deadline passed while waiting for {waiting_for};"
                    f" the last messages received: {self.received[-3:]}"
                )
            item: Message | BaseException | None
            try:
                item = self._queue.get(timeout=min(0.2, left))
            except queue.Empty:
                item = None
            if item is None:
                if check is not None:
                    check()
                continue
            if isinstance(item, BaseException):
                raise item
            self.received.append(item)
            return item
