"""Writing an analysis's results as the topic's new generation: the run's generation is
numbered first (the projection tags the INFLUENCES edges with it), then GDS writes those edges
from the projection beside the algorithms (they depend on the interactions only), then the
scores, communities and memberships go in batches, then the switch in one small transaction
(service/db/scores.py has the protocol)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from service.analytics import projection
from service.analytics.job_control import JobControl, JobLost
from service.analytics.options import AnalysisError, AnalysisOptions
from service.analytics.people_reads import PeopleReads
from service.analytics.scoring import Scored
from service.analytics.signals import SIGNALS_STAGE
from service.db import projections as projection_db
from service.db import scores as score_store
from service.db import signals as signals_db
from service.db.database import Database, QueryMemoryLimitExceeded
from service.settings import Settings
from service.webhooks.events import ANALYSIS_FINISHED
from service.webhooks.publish import publish_step

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

log = logging.getLogger("influence_graph.analytics")
EDGES_STAGE = "edges"
# Stages run beside the others (their seconds overlap): the edges, and the scoring signals.
BESIDE_STAGES = frozenset({EDGES_STAGE, SIGNALS_STAGE})
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
        people_reads: PeopleReads,
    ) -> None:
        self.db, self.settings, self.control, self.seconds = db, settings, control, seconds
        self.people_reads = people_reads
        self.job_id, self.lease, self.topic, self.options = job_id, lease, topic, options
        self.batch = settings.analysis_write_batch
        self.started = 0.0
        self.rest_done = self.rest_total = 0  # batches of the rest (scores, communities, ...)
        self._stale: asyncio.Task[int] | None = None

    async def begin(self) -> int:
        """Number the run's generation and fix its time, then start deleting, beside the
        projection, what stale generations of the topic left behind (an earlier run of this
        job killed mid-write, a worker that died, a failed or cancelled job; previous results
        of succeeded jobs are left to the background clean-up of the worker that replaced
        them). Raises JobCancelled or JobLost when the job is no longer this worker's."""
        self.seconds[EDGES_STAGE] = 0.0  # listed first: it starts with the job
        generation = await score_store.begin_generation(
            self.db, job_id=self.job_id, lease=self.lease
        )
        if generation is None:
            self.control.check()
            raise JobLost("the job was no longer this worker's when it began its results")
        self._stale = asyncio.create_task(
            score_store.delete_stale_results(
                self.db,
                self.topic,
                self.lease,
                self.batch,
                keep_succeeded=True,
                pace=self.people_reads.writing,
            )
        )
        return generation

    async def write_edges(self, gds: GraphDataScience, graph_name: str) -> bool:
        """GDS writes the generation's INFLUENCES edges from projection `graph_name` (projected
        with the generation's number), once the stale rows are deleted and the signals read
        (people_reads); the projection must stay until this returns. True once written."""
        start = time.perf_counter()
        try:
            if self._stale is not None:
                await self._stale
            concurrency = self.options.concurrency or 4
            async with self.people_reads.writing():
                try:
                    await asyncio.to_thread(
                        projection_db.write_influences, gds, self.db.queries, graph_name,
                        concurrency,
                    )  # fmt: skip
                except QueryMemoryLimitExceeded:
                    log.info("job %s: GDS's edge write is over transaction memory", self.job_id)
                    return await self._write_edges_in_batches()
            await self._after_batch(EDGES_STAGE, 1, 1)
            return True
        finally:
            self.seconds[EDGES_STAGE] = time.perf_counter() - start

    async def _write_edges_in_batches(self) -> bool:
        """The edges in transactions of our own, `ANALYSIS_WRITE_BATCH` of the topic's people
        each as engagers (on one lane: the CPU is the algorithms' meanwhile), after deleting
        what GDS committed.
        False when the job stopped being this worker's on the way."""
        await score_store.delete_run_edges(self.db, self.job_id, self.lease, self.batch)
        params = projection.query_params(self.topic, self.options)
        people = await signals_db.topic_people(
            self.db, self.topic, params["since"], params["until"]
        )
        batches = score_store.influence_batches(
            job_id=self.job_id,
            lease=self.lease,
            edge_params=params,
            engagers=people,
            batch=self.batch,
        )
        return await score_store.write_batches(self.db, batches, self._after_batch)

    async def abandon(self, edges: Awaitable[bool] | None) -> None:
        """After a failed computation: wait out the stale rows' deletion and the edges."""
        for work in (self._stale, edges):
            if work is not None:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await work

    async def write_rest(
        self,
        edges: Awaitable[bool],
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
            edges_written = await self.memory_checked(edges, len(people))
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
            # batches go on every lane at once.
            parts = [
                [b for b in batches if b.kind != "memberships"],
                [b for b in batches if b.kind == "memberships"],
            ]
            finished = None
            written = edges_written
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
        """After each batch, and after the edges (one "batch": they report no progress, the
        computation beside them does): observers, the configured pause, and a cancelled or
        lost job stops."""
        for observe in self.control.batch_observers:
            await observe(kind, done, total)
        if self.settings.analysis_batch_pause:
            await asyncio.sleep(self.settings.analysis_batch_pause)
        self.control.check()
