"""The analysis job queue, as the API and the CLI use it: enqueue, look up, cancel, rankings."""

from __future__ import annotations

import uuid

from service.analytics.options import AnalysisError, AnalysisOptions
from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.db.topics import topics_by_ids
from service.models import InfluenceScore, Job
from service.settings import Settings

KIND = "influence-analysis"


async def run_analysis(
    db: Database, topic: str, options: AnalysisOptions | None, settings: Settings
) -> Job:
    """Queue an analysis of `topic`; a worker picks it up. The job records the options it will
    run with, defaults filled in from the settings."""
    if not await topics_by_ids(db, [topic]):
        raise AnalysisError(f"unknown topic '{topic}'")
    resolved = (options or AnalysisOptions()).resolved(settings)
    params = resolved.model_dump(mode="json")
    return await job_store.enqueue(db, uuid.uuid4().hex, KIND, topic, params)


async def get_job(db: Database, job_id: str) -> Job | None:
    return await job_store.get(db, job_id)


async def list_jobs(
    db: Database, topic: str | None = None, status: str | None = None, limit: int = 50
) -> list[Job]:
    return await job_store.list_jobs(db, topic=topic, status=status, limit=limit)


async def cancel_job(db: Database, job_id: str) -> Job | None:
    """Cancel a queued or running job (a running one stops at its next stage); None if unknown."""
    return await job_store.cancel(db, job_id)


async def rankings(
    db: Database, topic: str, first: int = 50, after_rank: int = 0, role: str | None = None
) -> list[InfluenceScore]:
    """The latest results of `topic`, best first (rank > after_rank), optionally one role."""
    return await score_store.rankings(db, topic, first=first, after_rank=after_rank, role=role)


async def ranking_count(db: Database, topic: str, role: str | None = None) -> int:
    return await score_store.ranking_count(db, topic, role=role)


async def memberships(db: Database, topic: str, algorithm: str) -> dict[str, str]:
    """Person id -> community id of the topic's latest analysis, for one algorithm."""
    return await score_store.memberships(db, topic, algorithm)
