"""GraphQL subscriptions over graphql-transport-ws: a job's progress as it changes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from service.api.alerts import AlertSubscription
from service.api.context import Context
from service.api.errors import not_found
from service.api.jobs import Job
from service.api.security.cost import costs
from service.db import jobs as job_store

Info = strawberry.Info[Context, None]
POLL_SECONDS = 0.5


@strawberry.type
class Subscription(AlertSubscription):
    @strawberry.subscription(
        description="The job now, then each change of its status, stage or progress, until it "
        "finishes (succeeded, failed or cancelled).",
        metadata=costs(10),
    )
    async def job(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Job, None]:
        last = None
        while True:
            found = await job_store.get(info.context.db, str(id))
            if found is None:
                raise not_found(f"No job '{id}'.", id=str(id))
            state = (found.status, found.stage, round(found.progress, 3))
            if state != last:
                last = state
                yield Job.from_model(found)
            if found.finished:
                return
            await asyncio.sleep(POLL_SECONDS)
