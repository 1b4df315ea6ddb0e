"""Queueing an analysis: the job a worker picks up, its options resolved against the
settings. Looking jobs up, listing and cancelling them are service/db/jobs.py; their
results are service/db/scores.py."""

from __future__ import annotations

import uuid

from service.analytics.options import AnalysisError, AnalysisOptions
from service.db import jobs as job_store
from service.db.database import Database
from service.db.topics import topics_by_ids
from service.models import Job
from service.settings import Settings

KIND = "influence-analysis"


class TooManyJobs(Exception):
    """The owner already has `limit` analysis jobs queued or running."""

    def __init__(self, limit: int, active: int) -> None:
        super().__init__(f"{active} analysis jobs are queued or running; the limit is {limit}")
        self.limit = limit
        self.active = active


async def enqueue_analysis(
    db: Database,
    topic: str,
    options: AnalysisOptions | None,
    settings: Settings,
    owner: str | None = None,
) -> Job:
    """Queue an analysis of `topic`; a worker picks it up. The job records the options it will
    run with, defaults filled in from the settings. When the same analysis (topic and resolved
    options) is already queued or running, that job is returned instead of a new one. `owner`
    (an API key id, or 'anonymous') may have at most MAX_ACTIVE_JOBS_PER_KEY jobs queued or
    running (TooManyJobs beyond); None (the operator's CLI) is not capped."""
    if not await topics_by_ids(db, [topic]):
        raise AnalysisError(f"unknown topic '{topic}'")
    resolved = (options or AnalysisOptions()).resolved(settings)
    params = resolved.model_dump(mode="json")
    limit = settings.max_active_jobs_per_key
    done = await job_store.enqueue(db, uuid.uuid4().hex, KIND, topic, params, owner, limit)
    if done.job is None:
        if done.active >= limit:
            raise TooManyJobs(limit, done.active)
        raise AnalysisError(f"unknown topic '{topic}'")  # deleted meanwhile
    return done.job
