"""Writing an analysis's results as the topic's new generation: the influence edges beside the
computation (they depend on the interactions only), then the scores, communities and
memberships, batch by batch, then the switch in one small transaction (service/db/scores.py
has the protocol)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from service.analytics import projection
from service.analytics.job_control import JobControl, JobLost
from service.analytics.options import AnalysisError, AnalysisOptions
from service.analytics.scoring import Scored
from service.db import scores as score_store
from service.db.database import Database, QueryMemoryLimitExceeded
from service.settings import Settings
from service.webhooks.events import ANALYSIS_FINISHED
from service.webhooks.publish import publish_step

EDGES_STAGE = "edges"
BESIDE_STAGES = frozenset({EDGES_STAGE})  # stages run beside the others: their seconds overlap
T = TypeVar("T")


class GenerationWriter:
    """One job's generation of one topic's results; `seconds` gets the stages' times."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        job_id: str,
        lease: str,
        topic: str,
        options: AnalysisOptions,
        control: JobControl,
        seconds: dict[str, float],
    ) -> None:
        self.db, self.settings, self.control, self.seconds = db, settings, control, seconds
        self.job_id, self.lease, self.topic, self.options = job_id, lease, topic, options
        self.batch = settings.analysis_write_batch
        self.started = 0.0
        self.rest_done = self.rest_total = 0  # batches of the rest (scores, communities, ...)

    async def write_edges(self) -> datetime | None:
        """The first part, beside the computation: delete what stale generations of the topic
        left behind (an earlier run of this job killed mid-write, a worker that died, a failed
        or cancelled job; previous results of succeeded jobs are left to the background
        clean-up of the worker that replaced them), fix the generation's time, then write the
        INFLUENCES edges batch by batch. Returns that time, or None when the job stopped being
        this worker's on the way."""
        start = time.perf_counter()
        self.seconds[EDGES_STAGE] = 0.0  # listed first: it starts with the job
        edge_params = projection.query_params(self.topic, self.options)
        del edge_params["topic"]
        try:
            await score_store.delete_stale_results(
                self.db, self.topic, self.lease, self.batch, keep_succeeded=True
            )
            computed = await score_store.begin_generation(
                self.db, job_id=self.job_id, lease=self.lease
            )
            if computed is None:
                return None
            engagers = await score_store.topic_engagers(
                self.db, self.topic, edge_params["since"], edge_params["until"]
            )
            batches = score_store.influence_batches(
                topic=self.topic,
                job_id=self.job_id,
                lease=self.lease,
                edge_params=edge_params,
                engagers=engagers,
                batch=self.batch,
            )
            written = await score_store.write_batches(self.db, batches, self._after_batch)
            return computed if written else None
        finally:
            self.seconds[EDGES_STAGE] = time.perf_counter() - start

    async def write_rest(
        self,
        edges: Awaitable[datetime | None],
        people: Sequence[Scored],
        community_rows: Sequence[Mapping[str, Any]],
        summary: Callable[[], Mapping[str, Any]],
    ) -> datetime:
        """Once `edges` (write_edges) are written, the scores, communities and memberships
        batch by batch, then the switch (`write` is the time from the first await on `edges`).
        Returns the job's finish time. Raises JobCancelled or JobLost when the job stops being
        this worker's on the way: nothing is switched, the previous results stand, and the
        worker deletes the staged rows."""
        self.started = time.perf_counter()
        try:
            computed = await self.memory_checked(edges, len(people))
            since, until = self.options.window()
            batches = score_store.score_batches(
                topic=self.topic,
                job_id=self.job_id,
                lease=self.lease,
                scores=[
                    {"person": p.person, "props": p.properties() | {"since": since, "until": until}}
                    for p in people
                ],
                communities=community_rows,
                batch=self.batch,
            )
            self.rest_total = len(batches)
            # Memberships need their Community nodes: they follow the rest. Each part's
            # batches go on every lane at once (the edges, beside the computation, keep to
            # one: the CPU is the algorithms' then).
            parts = [
                [b for b in batches if b.kind != "memberships"],
                [b for b in batches if b.kind == "memberships"],
            ]
            finished = None
            written = computed is not None
            for part in parts:
                if written:
                    write = score_store.write_batches(
                        self.db, part, self._batch_written, score_store.WRITE_LANES
                    )
                    written = await self.memory_checked(write, len(people))
            if written:
                finished = await self._switch(summary, len(people))
        finally:
            self.seconds["write"] = time.perf_counter() - self.started
        if finished is None:
            self.control.check()
            raise JobLost("the job was no longer this worker's when its results were written")
        return finished

    async def memory_checked(self, write: Awaitable[T], people: int) -> T:
        """`write`, its refusal over the server's transaction memory told as an AnalysisError."""
        try:
            return await write
        except QueryMemoryLimitExceeded as exc:
            raise AnalysisError(
                f"a batch of the results of topic '{self.topic}' ({self.batch} rows; "
                f"{people} scores in all) does not fit in the server's transaction memory "
                "(db.memory.transaction.max, dbms.memory.transaction.total.max): lower "
                "ANALYSIS_WRITE_BATCH or give the server more heap"
            ) from exc

    async def _switch(
        self, summary: Callable[[], Mapping[str, Any]], ranked: int
    ) -> datetime | None:
        """Make the written generation the topic's results, and tell the webhooks, at once."""
        self.seconds["write"] = time.perf_counter() - self.started  # in the summary
        return await score_store.switch_generation(
            self.db,
            topic=self.topic,
            job_id=self.job_id,
            lease=self.lease,
            summary=summary(),
            ranked=ranked,
            also=[publish_step(ANALYSIS_FINISHED, {"job": self.job_id, "topic": self.topic})],
        )

    async def _batch_written(self, kind: str, done: int, total: int) -> None:
        """After each batch of the rest: progress and observers count the batches of all its
        parts (`done`, `total` are the part's)."""
        self.rest_done += 1
        self.control.report("write", 0.92 + 0.07 * self.rest_done / self.rest_total)
        await self._after_batch(kind, self.rest_done, self.rest_total)

    async def _after_batch(self, kind: str, done: int, total: int) -> None:
        """After each batch (the edges' directly: they report no progress, the computation
        beside them does): observers, the configured pause, and a cancelled or lost job stops."""
        for observe in self.control.batch_observers:
            await observe(kind, done, total)
        if self.settings.analysis_batch_pause:
            await asyncio.sleep(self.settings.analysis_batch_pause)
        self.control.check()
