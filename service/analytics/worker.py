"""The analysis worker (analyses, back-tests and shortlists): recovers jobs of dead workers,
claims queued jobs one at a time, runs them with a heartbeat that renews the lease, reports
progress and notices cancellation. After each job, and for each job it recovers, it deletes
the topic's stale generations of results (the previous one after a success; the staged rows
of a failed, cancelled or dead run) in the background: a clean-up task of its own that runs
while the worker polls and runs its next jobs, so no job waits for it nor counts it in its
stage times. A topic whose clean-up failed is tried again at the worker's next poll; aclose()
finishes the clean-up, close() stops it where it is (what it left is invisible, and deleted by
the topic's next clean-up)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from service.analytics import projection
from service.analytics.analysis import Analysis, AnalysisResult, JobCancelled, JobControl, JobLost
from service.analytics.backtest import BackTest
from service.analytics.generation import BESIDE_STAGES
from service.analytics.options import AnalysisError, AnalysisOptions
from service.analytics.people_reads import PeopleReads
from service.analytics.queue import BACKTEST_KIND
from service.campaigns import shortlist_job
from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.db.gds import open_gds
from service.models import Evaluation, Job
from service.settings import Settings
from service.telemetry.loop_errors import LoopErrors

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

log = logging.getLogger("influence_graph.worker")
CLEANER_TASK = "results clean-up"  # the background clean-up's task
# A job's `error` is read by clients: an unexpected exception's text stays in the worker's
# log (with the job id), never in the job.
UNEXPECTED_FAILURE = "the job failed on an internal error; the worker's log has the details"
ProgressListener = Callable[[str, float], None]


def stage_times(seconds: Mapping[str, float]) -> str:
    """`12.3 s in all: edges 4.0 s beside, projection 1.2 s, pagerank 0.4 s, ...` (stages in
    the order they ran; one run beside the others is not part of the sum)."""
    parts = ", ".join(
        f"{name} {value:.1f} s{' beside' if name in BESIDE_STAGES else ''}"
        for name, value in seconds.items()
    )
    total = sum(v for name, v in seconds.items() if name not in BESIDE_STAGES)
    return f"{total:.1f} s in all: {parts}"


class Worker:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        gds_factory: Callable[[Settings], GraphDataScience] = open_gds,
        name: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.gds_factory = gds_factory
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._gds: GraphDataScience | None = None
        self.last_result: AnalysisResult | None = None
        self.last_evaluation: Evaluation | None = None
        self.last_seconds: dict[str, float] = {}  # stage times of the last job, even failed
        self._stale_topics: set[str] = set()  # topics whose stale results await the clean-up
        self._cleaner: asyncio.Task[None] | None = None
        self.people_reads = PeopleReads()  # the clean-up waits while a job reads signals

    @property
    def gds(self) -> GraphDataScience:
        if self._gds is None:
            self._gds = self.gds_factory(self.settings)
        return self._gds

    async def aclose(self) -> None:
        """Finish the background clean-up, then close the GDS client (close() stops it)."""
        cleaner = self._cleaner
        if cleaner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await cleaner
        self.close()

    def close(self) -> None:
        """Stop the background clean-up where it is (the stale rows it leaves are invisible;
        the topic's next clean-up deletes them) and close the GDS client."""
        cleaner, self._cleaner = self._cleaner, None
        if cleaner is not None:
            cleaner.cancel()
        if self._gds is not None:
            self._gds.close()
            self._gds = None

    async def recover(self) -> list[str]:
        """Take back jobs whose worker died; drop what their projections left behind and
        delete the results they had staged."""
        recovered = await job_store.recover_expired(self.db, self.settings.job_max_attempts)
        for job_id, status, topic in recovered:
            log.warning("recovered job %s (now %s): its worker stopped", job_id, status)
            await asyncio.to_thread(projection.drop_leftovers, self.gds, self.db.queries, job_id)
            self.clean_later(topic)
        return [job_id for job_id, _, _ in recovered]

    def clean_later(self, topic: str) -> None:
        """Have the background clean-up delete the topic's stale generations of results."""
        self._stale_topics.add(topic)
        self._start_cleaner()

    @property
    def cleaning(self) -> bool:
        """Whether the background clean-up is running."""
        return self._cleaner is not None and not self._cleaner.done()

    def _start_cleaner(self) -> None:
        if self._stale_topics and not self.cleaning:
            self._cleaner = asyncio.create_task(self._clean_stale_topics(), name=CLEANER_TASK)

    async def _clean_stale_topics(self) -> None:
        failed: set[str] = set()
        try:
            while self._stale_topics:
                topic = self._stale_topics.pop()
                if not await self.clean_results(topic):
                    failed.add(topic)
        finally:
            self._stale_topics |= failed  # tried again at the next poll

    async def clean_results(self, topic: str) -> bool:
        """Delete the topic's stale generations of results now; a failure is logged, not
        raised (False; the topic's next clean-up deletes them)."""
        start = time.perf_counter()
        try:
            deleted = await score_store.delete_stale_results(
                self.db, topic, None, self.settings.analysis_cleanup_batch,
                pace=self.people_reads.writing,
            )  # fmt: skip
        except Exception:
            log.warning("could not delete stale results of topic %s", topic, exc_info=True)
            return False
        seconds = time.perf_counter() - start
        if deleted:
            log.info(
                "deleted %d stale result elements of topic %s in %.1f s (background clean-up)",
                deleted,
                topic,
                seconds,
            )
        return True

    async def run_once(
        self,
        job_id: str | None = None,
        listener: ProgressListener | None = None,
        batch_observer: score_store.BatchObserver | None = None,
    ) -> Job | None:
        """Recover, then claim and run one queued job (that one, when `job_id` is given).
        Returns the job as it ended, or None when nothing was queued. `batch_observer` is
        awaited after each batch of results the job writes."""
        self._start_cleaner()  # topics whose clean-up failed, again
        await self.recover()
        lease = uuid.uuid4().hex
        job = await job_store.claim(
            self.db, self.name, lease, self.settings.job_lease_seconds, job_id
        )
        if job is None:
            return None
        await self._execute(job, lease, listener, batch_observer)
        return await job_store.get(self.db, job.id)

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        log.info("worker %s polling for analysis jobs", self.name)
        errors = LoopErrors(log, "analysis worker")
        while not stop.is_set():
            try:
                job = await self.run_once()
            except Exception as exc:
                errors.failed(exc)
                job = None
            else:
                errors.succeeded()
            if job is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.worker_poll_interval)

    async def _execute(
        self,
        job: Job,
        lease: str,
        listener: ProgressListener | None,
        batch_observer: score_store.BatchObserver | None = None,
    ) -> None:
        control = JobControl()
        if listener is not None:
            control.listeners.append(listener)
        if batch_observer is not None:
            control.batch_observers.append(batch_observer)
        beat = asyncio.create_task(self._heartbeat(job.id, lease, control))
        self.last_result, self.last_evaluation, self.last_seconds = None, None, {}
        succeeded = False
        try:
            await self._run(job, lease, control)
            succeeded = True
        except (JobCancelled, JobLost) as exc:
            log.info("job %s stopped: %s", job.id, exc)
        except AnalysisError as exc:
            await job_store.fail(self.db, job.id, lease, str(exc))
        except Exception:
            log.exception("job %s failed", job.id)
            await job_store.fail(self.db, job.id, lease, UNEXPECTED_FAILURE)
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
        # Succeeded: the previous generation goes. Failed or cancelled: this job's staged rows
        # go. Taken over: the run that holds the job now keeps them (the job is running under
        # another lease: delete_generation refuses). Both in the background, off this job's
        # time and the next job's way.
        self.clean_later(job.topic)
        if succeeded:
            times = stage_times(self.last_seconds)
            log.info("job %s on %s succeeded: %s", job.id, job.topic, times)

    async def _run(self, job: Job, lease: str, control: JobControl) -> None:
        """Run the job's kind: a back-test (results untouched), a campaign shortlist (kept
        on its own node) or an analysis."""
        if job.kind == shortlist_job.KIND:
            self.last_seconds = await shortlist_job.run(self.db, job, lease, control)
            return
        if job.kind == BACKTEST_KIND:
            backtest = BackTest(
                self.db, self.gds, self.settings, job, lease, control, self.people_reads
            )
            self.last_seconds = backtest.seconds
            self.last_evaluation = await backtest.run()
            return
        options = AnalysisOptions.model_validate(job.params)
        analysis = Analysis(
            self.db, self.gds, self.settings, job.id, lease, job.topic, options, control,
            self.people_reads,
        )  # fmt: skip
        self.last_seconds = analysis.seconds
        self.last_result = await analysis.run()

    async def _heartbeat(self, job_id: str, lease: str, control: JobControl) -> None:
        interval = min(self.settings.job_lease_seconds / 3, 2.0)
        while True:
            try:
                status, held = await job_store.heartbeat(
                    self.db,
                    job_id,
                    lease,
                    self.settings.job_lease_seconds,
                    control.progress,
                    control.stage,
                )
                control.cancelled = status == "cancelled"
                control.lost = not held and not control.cancelled and status != "succeeded"
            except Exception:
                log.warning("heartbeat of job %s failed; retrying", job_id, exc_info=True)
            await asyncio.sleep(interval)
