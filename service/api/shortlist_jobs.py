"""GraphQL for shortlists run as jobs: `startShortlist(brief)` queues one (for briefs too
large to answer inline, or any brief a client would rather follow as a job); the job's
progress is `job(id)` and its answer `job(id) { shortlist }` (service/api/jobs.py)."""

from __future__ import annotations

import strawberry

from service.analytics.queue import TooManyJobs
from service.api.context import Context
from service.api.errors import TOO_MANY_JOBS, ApiError
from service.api.jobs import Job
from service.api.security.cost import costs
from service.api.shortlist import ShortlistBriefInput, answering_brief
from service.campaigns.shortlist_job import enqueue_shortlist

Info = strawberry.Info[Context, None]


@strawberry.type
class ShortlistJobMutations:
    @strawberry.mutation(
        description="Queue a campaign shortlist as a job (kind `shortlist`): the brief is "
        "checked first, with the same errors as `campaignShortlist` (nothing queued). Follow "
        "`job(id)`; once it succeeded, `job(id) { shortlist }` is the same Shortlist the inline "
        "query answers. The same brief queued or running returns that job.",
        metadata=costs(20),
    )
    async def start_shortlist(self, info: Info, brief: ShortlistBriefInput) -> Job:
        owner = info.context.principal.key_id or "anonymous"
        try:
            job = await answering_brief(
                lambda: enqueue_shortlist(
                    info.context.db, brief.to_brief(), info.context.settings, owner
                )
            )
        except TooManyJobs as exc:
            raise ApiError(
                TOO_MANY_JOBS,
                f"This key already has {exc.active} jobs queued or running (the limit is "
                f"{exc.limit}): wait for one to finish.",
                limit=exc.limit,
                active=exc.active,
            ) from None
        return Job.from_model(job)
