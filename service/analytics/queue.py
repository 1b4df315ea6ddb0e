"""Queueing an analysis or a back-test: the job a worker picks up, its options resolved against
the settings. Looking jobs up, listing and cancelling them are service/db/jobs.py; their
results are service/db/scores.py."""

from __future__ import annotations

import uuid

from service.analytics.backtest_request import checked
from service.analytics.options import CENTRALITIES, AnalysisError, AnalysisOptions
from service.db import jobs as job_store
from service.db.database import Database
from service.db.evaluations import topic_scoring, topic_span
from service.db.topics import topics_by_ids
from service.models import Job
from service.settings import Settings

KIND = "influence-analysis"
BACKTEST_KIND = "influence-backtest"


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
    run with: the topic's calibrated blend where they give none, other defaults from the
    settings. When the same analysis (topic and resolved options) is already queued or running,
    that job is returned instead of a new one. `owner` (an API key id, or 'anonymous') may have
    at most MAX_ACTIVE_JOBS_PER_KEY jobs queued or running (TooManyJobs beyond); None (the
    operator's CLI) is not capped."""
    if not await topics_by_ids(db, [topic]):
        raise AnalysisError(f"unknown topic '{topic}'")
    resolved = (await with_topic_scoring(db, topic, options or AnalysisOptions())).resolved(
        settings
    )
    params = resolved.model_dump(mode="json")
    limit = settings.max_active_jobs_per_key
    done = await job_store.enqueue(db, uuid.uuid4().hex, KIND, topic, params, owner, limit)
    if done.job is None:
        if done.active >= limit:
            raise TooManyJobs(limit, done.active)
        raise AnalysisError(f"unknown topic '{topic}'")  # deleted meanwhile
    return done.job


async def enqueue_backtest(
    db: Database,
    topic: str,
    *,
    split_at: str,
    horizon: str,
    k: int,
    target: str,
    calibrate: bool,
    settings: Settings,
) -> Job:
    """Check a back-test's arguments against the topic's data and queue it; a refused argument
    raises BacktestInputError (naming it) and queues nothing. The job records the analysis
    options the training window is analysed with."""
    span = await topic_span(db, topic)
    request = checked(topic, span, split_at, horizon, k, target, calibrate)
    # Every centrality, weighed or not: a back-test compares each one's ranking with what
    # happened, and calibration reads those comparisons to weigh them.
    every = AnalysisOptions(centrality=list(CENTRALITIES))
    options = await with_topic_scoring(db, topic, every)
    analysis = options.resolved(settings).model_dump(mode="json")
    params = request.params() | {"analysis": analysis}
    done = await job_store.enqueue(db, uuid.uuid4().hex, BACKTEST_KIND, topic, params)
    if done.job is None:
        raise AnalysisError(f"unknown topic '{topic}'")  # deleted meanwhile
    return done.job


async def with_topic_scoring(db: Database, topic: str, options: AnalysisOptions) -> AnalysisOptions:
    """The options with the topic's calibrated blend (and recency half-life) where they give
    none: a calibrating back-test's choice holds for the topic's later analyses."""
    scoring = await topic_scoring(db, topic)
    if scoring is None or scoring.weights is None:
        return options
    update: dict[str, object] = {}
    if options.blend is None:
        update["blend"] = dict(scoring.weights)
    if options.recency_half_life_days is None and scoring.half_life_days is not None:
        update["recency_half_life_days"] = scoring.half_life_days
    return options.model_copy(update=update)
