"""Running one analysis job the way a worker does, for the tests."""

from __future__ import annotations

from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db.database import Database
from service.models import Job
from service.settings import Settings


async def run_job(
    db: Database,
    settings: Settings,
    topic: str,
    options: AnalysisOptions | None = None,
    job_id: str | None = None,
) -> Job:
    """Queue an analysis (or take the queued job `job_id`) and run it with a fresh worker;
    returns the job as it ended."""
    if job_id is None:
        job_id = (await enqueue_analysis(db, topic, options, settings)).id
    worker = Worker(db, settings)
    try:
        done = await worker.run_once(job_id)
    finally:
        await worker.aclose()
    assert done is not None, f"job {job_id} was not queued"
    return done
