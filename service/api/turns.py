"""Turns on the event loop for rows whose objects are many (issue 17).

When a batch resolves (a DataLoader answering a whole page), every row waiting on it wakes in
the same pass of the event loop, and graphql-core completes each row's objects synchronously
as soon as its resolver returns. A page of 100 explanations of 50 + 50 objects is some 10,000
objects completed back to back in one pass, and every other request's next step (its socket
read, its query's answer) waits behind all of them: measured at over 100 ms of CPU in one
pass, several times that in wall time on a busy machine.

`take_turn()` queues such a row: the rows go on `ROWS_PER_TURN` at a time, one group per
pass of the loop, so the loop polls its sockets and runs other requests' steps between
groups. The rows' total work is unchanged; it is only spread out.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from weakref import WeakKeyDictionary

# One explanation of 50 + 50 objects takes about 1-2 ms of CPU to complete: one row per pass
# keeps any other request's step within a few milliseconds of the loop.
ROWS_PER_TURN = 1
# The pause after a group is this many times what the group took (capped at MAX_PAUSE).
PAUSE_FACTOR = 2.0
MAX_PAUSE = 0.04


class Turns:
    """A queue of rows waiting for their turn on one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, per_turn: int = ROWS_PER_TURN) -> None:
        self.loop = loop
        self.per_turn = per_turn
        self.waiting: deque[asyncio.Future[None]] = deque()
        self.releasing = False
        self.released_at = 0.0

    def wait(self) -> asyncio.Future[None]:
        turn: asyncio.Future[None] = self.loop.create_future()
        self.waiting.append(turn)
        if not self.releasing:
            self.releasing = True
            self.loop.call_soon(self._release)
        return turn

    def _release(self) -> None:
        released = 0
        while self.waiting and released < self.per_turn:
            turn = self.waiting.popleft()
            if not turn.done():  # a cancelled request's row is skipped
                turn.set_result(None)
                released += 1
        # The released rows resume in the next pass of the loop; `_after` is queued behind them.
        self.released_at = time.perf_counter()
        self.loop.call_soon(self._after)

    def _after(self) -> None:
        # PAUSE_FACTOR times as long as the rows took before the next ones: they get at most
        # about a third of the loop while others have work, and run back to back when nobody
        # else does.
        spent = time.perf_counter() - self.released_at
        if self.waiting:
            self.loop.call_later(min(spent * PAUSE_FACTOR, MAX_PAUSE), self._release)
        else:
            self.releasing = False


_turns: WeakKeyDictionary[asyncio.AbstractEventLoop, Turns] = WeakKeyDictionary()


async def take_turn() -> None:
    """Wait for this row's turn on the running loop (shared by every request on it)."""
    loop = asyncio.get_running_loop()
    turns = _turns.get(loop)
    if turns is None:
        turns = _turns[loop] = Turns(loop)
    await turns.wait()
