"""PeopleReads: the signals read and the writes of relationships on people take turns (in one
worker), so that Neo4j 5.26 never walks a person's relationships while they change."""

from __future__ import annotations

import asyncio

from service.analytics.people_reads import PeopleReads


async def _hold(
    turn: str, reads: PeopleReads, log: list[str], name: str, release: asyncio.Event
) -> None:
    async with reads.reading() if turn == "read" else reads.writing():
        log.append(f"{name} starts")
        await release.wait()
        log.append(f"{name} ends")


def test_a_write_waits_for_the_read_and_a_read_for_the_write_in_flight() -> None:
    async def run() -> list[str]:
        reads, log = PeopleReads(), list[str]()
        first_write, read, second_write = asyncio.Event(), asyncio.Event(), asyncio.Event()
        tasks = [asyncio.create_task(_hold("write", reads, log, "batch 1", first_write))]
        await asyncio.sleep(0.01)
        tasks.append(asyncio.create_task(_hold("read", reads, log, "signals", read)))
        await asyncio.sleep(0.01)
        # A batch that comes while the read waits goes after it: the read is not starved.
        tasks.append(asyncio.create_task(_hold("write", reads, log, "batch 2", second_write)))
        await asyncio.sleep(0.01)
        assert log == ["batch 1 starts"]
        first_write.set()
        await asyncio.sleep(0.01)
        assert log[-1] == "signals starts"
        second_write.set()  # free to end at once, yet it has not started
        await asyncio.sleep(0.01)
        assert "batch 2 starts" not in log
        read.set()
        await asyncio.gather(*tasks)
        return log

    assert asyncio.run(run()) == [
        "batch 1 starts", "batch 1 ends", "signals starts", "signals ends",
        "batch 2 starts", "batch 2 ends",
    ]  # fmt: skip


def test_reads_share_their_turn_and_so_do_writes() -> None:
    async def run() -> list[str]:
        reads, log = PeopleReads(), list[str]()
        go = asyncio.Event()
        both = [asyncio.create_task(_hold("read", reads, log, f"read {i}", go)) for i in (1, 2)]
        await asyncio.sleep(0.01)
        assert log == ["read 1 starts", "read 2 starts"]
        go.set()
        await asyncio.gather(*both)
        go.clear()
        both = [asyncio.create_task(_hold("write", reads, log, f"write {i}", go)) for i in (1, 2)]
        await asyncio.sleep(0.01)
        go.set()
        await asyncio.gather(*both)
        return log[4:6]

    assert asyncio.run(run()) == ["write 1 starts", "write 2 starts"]


def test_a_read_that_fails_gives_the_turn_back() -> None:
    async def run() -> bool:
        reads = PeopleReads()
        try:
            async with reads.reading():
                raise ValueError("the read failed")
        except ValueError:
            pass
        async with asyncio.timeout(1):
            async with reads.writing():
                return True

    assert asyncio.run(run())
