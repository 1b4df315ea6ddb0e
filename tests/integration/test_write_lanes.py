"""The write lanes of a job's results (analytics/begin_results): batches of different lanes
commit side by side, and whatever ends or takes over a running job (cancel, fail, recovery)
waits for a batch that holds its lane, after which no batch of the run writes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from service.analytics.queue import enqueue_analysis
from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.db.ingest import write_topics
from service.settings import Settings

HELD_FOR = 1.5  # seconds a lane is held while the change waits


async def running_job(db: Database, settings: Settings, lease_seconds: float) -> tuple[str, str]:
    await write_topics(db, [{"id": "lanes", "name": "Lanes"}])
    job = await enqueue_analysis(db, "lanes", None, settings)
    lease = uuid.uuid4().hex
    assert await job_store.claim(db, "lanes-test", lease, lease_seconds, job.id) is not None
    assert await score_store.begin_generation(db, job_id=job.id, lease=lease, lanes=2)
    return job.id, lease


async def batch(db: Database, job_id: str, lease: str, lane: int) -> bool:
    """An empty batch of scores on `lane`: whether it found the job held."""
    rows = await db.write(
        "analytics/write_scores", topic="lanes", jobId=job_id, lease=lease, lane=lane, rows=[]
    )
    return bool(rows and rows[0]["held"])


async def holding_lane(
    db: Database, job_id: str, lane: int, meanwhile: Callable[[], Coroutine[Any, Any, Any]]
) -> tuple[Any, bool]:
    """Run `meanwhile` while another transaction holds the lane's write lock for HELD_FOR
    seconds; returns its result and whether it was still waiting when the lock was let go."""
    text = db.queries["test/hold_job_lane"].text
    async with db.driver.session(database=db.database) as session:
        tx = await session.begin_transaction()
        try:
            held = await (await tx.run(text, jobId=job_id, lane=lane)).data()
            assert held == [{"lane": lane}]
            task: asyncio.Task[Any] = asyncio.create_task(meanwhile())
            await asyncio.sleep(HELD_FOR)
            waiting = not task.done()
            await tx.commit()
        finally:
            await tx.close()  # rolls back unless committed
    return await task, waiting


async def test_batches_of_two_lanes_commit_side_by_side(db: Database, settings: Settings) -> None:
    job_id, lease = await running_job(db, settings, 600)
    written, waiting = await holding_lane(db, job_id, 1, lambda: batch(db, job_id, lease, 0))
    assert (written, waiting) == (True, False)  # lane 0 did not wait for lane 1
    written, waiting = await holding_lane(db, job_id, 1, lambda: batch(db, job_id, lease, 1))
    assert (written, waiting) == (True, True)  # the same lane waits its turn


CHANGES: dict[str, Callable[[Database, str, str], Coroutine[Any, Any, Any]]] = {
    "cancel": lambda db, job_id, lease: job_store.cancel(db, job_id),
    "fail": lambda db, job_id, lease: job_store.fail(db, job_id, lease, "failed on purpose"),
    "recover": lambda db, job_id, lease: job_store.recover_expired(db, 3),
}


@pytest.mark.parametrize("lane", [0, 1])
@pytest.mark.parametrize("change", sorted(CHANGES))
async def test_a_change_of_the_job_waits_for_its_lanes_then_no_batch_writes(
    db: Database, settings: Settings, change: str, lane: int
) -> None:
    lease_seconds = 1.0 if change == "recover" else 600.0
    job_id, lease = await running_job(db, settings, lease_seconds)
    if change == "recover":
        await asyncio.sleep(lease_seconds + 0.2)  # the lease runs out
    done, waiting = await holding_lane(db, job_id, lane, lambda: CHANGES[change](db, job_id, lease))
    assert waiting, f"{change} did not wait for a batch holding lane {lane}"
    assert done, f"{change} changed nothing"
    job = await job_store.get(db, job_id)
    assert job is not None
    assert job.status == {"cancel": "cancelled", "fail": "failed", "recover": "queued"}[change]
    assert [await batch(db, job_id, lease, n) for n in (0, 1)] == [False, False]


async def test_a_lane_that_was_never_made_writes_nothing(db: Database, settings: Settings) -> None:
    job_id, lease = await running_job(db, settings, 600)
    assert await batch(db, job_id, lease, 2) is False  # begin_results made lanes 0 and 1
