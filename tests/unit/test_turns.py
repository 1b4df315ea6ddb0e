"""Rows waiting for a turn on the event loop (service/api/turns.py, issue 17): they go on one
at a time, in order, with the loop free for other work between them."""

from __future__ import annotations

import asyncio
import itertools

from service.api.turns import take_turn


async def _rows_and_ticks(rows: int, cancel: int | None = None) -> list[str]:
    events: list[str] = []
    stop = asyncio.Event()

    async def row(n: int) -> None:
        await take_turn()
        events.append(f"row {n}")

    async def other_request() -> None:
        # Another request's steps: each needs one pass of the loop.
        while not stop.is_set():
            events.append("tick")
            await asyncio.sleep(0)

    ticker = asyncio.create_task(other_request())
    tasks = [asyncio.create_task(row(n)) for n in range(rows)]
    if cancel is not None:
        tasks[cancel].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    stop.set()
    await ticker
    return events


def test_rows_go_one_per_pass_in_order_with_other_work_between() -> None:
    events = asyncio.run(_rows_and_ticks(6))
    rows = [e for e in events if e != "tick"]
    assert rows == [f"row {n}" for n in range(6)]
    positions = [i for i, e in enumerate(events) if e != "tick"]
    # Between two rows the other request went on at least once: no two rows back to back.
    assert all(b - a > 1 for a, b in itertools.pairwise(positions)), events


def test_a_cancelled_row_is_skipped_and_the_others_still_go() -> None:
    events = asyncio.run(_rows_and_ticks(4, cancel=1))
    assert [e for e in events if e != "tick"] == ["row 0", "row 2", "row 3"]


def test_each_event_loop_has_its_own_queue() -> None:
    # A second loop (as each test and each server has) starts with nothing waiting.
    assert [e for e in asyncio.run(_rows_and_ticks(2)) if e != "tick"] == ["row 0", "row 1"]
    assert [e for e in asyncio.run(_rows_and_ticks(3)) if e != "tick"] == [
        "row 0",
        "row 1",
        "row 2",
    ]
