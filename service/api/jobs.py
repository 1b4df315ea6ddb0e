"""GraphQL for jobs: `runAnalysis`, `cancelJob`, `job(id)`, `jobs`, and a shortlist job's
answer (`Job.shortlist`)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from pydantic import ValidationError
from strawberry.utils.str_converters import to_camel_case

from service import models
from service.analytics.generation import BESIDE_STAGES
from service.analytics.options import AnalysisError, AnalysisOptions
from service.analytics.queue import TooManyJobs, enqueue_analysis
from service.api.context import Context
from service.api.errors import TOO_MANY_JOBS, ApiError, invalid_argument, require_one_of
from service.api.security.cost import costs
from service.api.shortlist import Shortlist
from service.campaigns.shortlist_job import KIND as SHORTLIST_KIND
from service.campaigns.shortlist_job import stored_shortlist
from service.db import jobs as job_store

Info = strawberry.Info[Context, None]
JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")


def options_error(exc: ValidationError) -> ApiError:
    """The option errors of runAnalysis, named as the client wrote them (`options.halfLifeDays`,
    not `half_life_days`), the first one's path in `extensions.argument`."""
    messages, arguments = [], []
    for error in exc.errors(include_url=False):
        path = "options" + "".join(
            f"[{part}]" if isinstance(part, int) else f".{to_camel_case(str(part))}"
            for part in error["loc"]
        )
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["loc"]:
            message = f"{message} (got {error['input']!r})"
        messages.append(f"`{path}`: {message}")
        arguments.append(path)
    return invalid_argument(
        "Invalid analysis options: " + "; ".join(messages) + ".",
        arguments[0],
        arguments=arguments,
    )


@strawberry.type(description="Where a finished job's time went: one stage of it.")
class JobStage:
    name: str = strawberry.field(description="projection, an algorithm's name, scoring, write, ...")
    seconds: float
    beside: bool = strawberry.field(
        description="Ran beside the other stages (an analysis writes its influence edges, "
        "`edges`, while the algorithms run): its seconds overlap theirs."
    )


@strawberry.type(description="An analysis job: queued, running, succeeded, failed or cancelled.")
class Job:
    id: strawberry.ID
    kind: str
    topic: str
    status: str = strawberry.field(description="queued, running, succeeded, failed or cancelled.")
    progress: float = strawberry.field(description="0 to 1, from GDS progress where possible.")
    stage: str | None = strawberry.field(description="What the job is doing (or did last).")
    error: str | None = strawberry.field(description="Why it failed or was cancelled.")
    attempts: int = strawberry.field(description="Runs so far (recoveries included).")
    recoveries: int = strawberry.field(description="Times it was taken back from a dead worker.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stages: list[JobStage] = strawberry.field(
        description="Where the time of a succeeded job went, stage by stage, in the order they "
        "ran (empty until it succeeds)."
    )

    @strawberry.field(
        description="A shortlist job's answer once it succeeded (the same Shortlist as "
        "`campaignShortlist`); null for other jobs and before. A pick whose person was erased "
        "since is left out (`warning` says so).",
        metadata=costs(20),
    )
    async def shortlist(self, info: Info) -> Shortlist | None:
        if self.kind != SHORTLIST_KIND or self.status != "succeeded":
            return None
        found = await stored_shortlist(info.context.db, str(self.id))
        return Shortlist.from_model(found) if found else None

    @classmethod
    def from_model(cls, j: models.Job) -> Job:
        seconds = (j.summary or {}).get("seconds") or {}
        return cls(
            id=strawberry.ID(j.id), kind=j.kind, topic=j.topic, status=j.status,
            progress=j.progress, stage=j.stage, error=j.error, attempts=j.attempts,
            recoveries=j.recoveries, created_at=j.created_at, started_at=j.started_at,
            finished_at=j.finished_at,
            stages=[
                JobStage(name=str(k), seconds=float(v), beside=k in BESIDE_STAGES)
                for k, v in seconds.items()
            ],
        )  # fmt: skip


@strawberry.input(description="Weight per interaction type; unset types take the settings.")
class InteractionWeightsInput:
    share: float | None = None
    quote: float | None = None
    reply: float | None = None
    comment: float | None = None
    mention: float | None = None
    like: float | None = None


@strawberry.input(description="One component's weight in the blended score.")
class BlendWeightInput:
    component: str = strawberry.field(
        description="authority, resonance, reach, relevance, betweenness, recency, momentum, "
        "engagers, articleRank, eigenvector, authScore or hubScore."
    )
    weight: float = strawberry.field(description=">= 0.")


@strawberry.input(description="Options of an analysis; unset fields take the settings.")
class AnalysisOptionsInput:
    since: datetime | None = strawberry.field(default=None, description="Window start.")
    until: datetime | None = strawberry.field(default=None, description="Window end (excl.).")
    half_life_days: float | None = strawberry.field(
        default=None, description="Time decay half-life in days; 0 = no decay."
    )
    weights: InteractionWeightsInput | None = None
    centrality: list[str] | None = strawberry.field(
        default=None,
        description="pagerank, articlerank, betweenness, degree, eigenvector, hits: run besides "
        "what the score weighs; unset: the default set (docs/analytics.md).",
    )
    communities: list[str] | None = strawberry.field(
        default=None,
        description="louvain, leiden, labelPropagation, wcc; the first names communities.",
    )
    projection: str | None = strawberry.field(default=None, description="cypher or native.")
    recency_half_life_days: float | None = strawberry.field(
        default=None, description="Half-life of the recency component, in days (> 0)."
    )
    momentum_recent_share: float | None = strawberry.field(
        default=None, description="Last share of the window that momentum compares (0-1)."
    )
    blend: list[BlendWeightInput] | None = strawberry.field(
        default=None,
        description="Weights of the score's components (unnamed ones weigh 0; at least one "
        "above 0); unset: the default blend (schema/scoring.md).",
    )

    def to_options(self) -> AnalysisOptions:
        raw: dict[str, object] = {
            "since": self.since, "until": self.until, "half_life_days": self.half_life_days,
            "centrality": self.centrality, "communities": self.communities,
            "projection": self.projection, "recency_half_life_days": self.recency_half_life_days,
            "momentum_recent_share": self.momentum_recent_share,
        }  # fmt: skip
        if self.blend is not None:
            named = [b.component for b in self.blend]
            if len(set(named)) < len(named):
                raise invalid_argument(
                    "`options.blend` names a component more than once.", "options.blend"
                )
            raw["blend"] = {b.component: b.weight for b in self.blend}
        if self.weights is not None:
            raw["weights"] = {k: v for k, v in vars(self.weights).items() if v is not None}
        return AnalysisOptions.model_validate({k: v for k, v in raw.items() if v is not None})


@strawberry.type
class JobQueries:
    @strawberry.field(description="An analysis job by id, or null.", metadata=costs(10))
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        found = await job_store.get(info.context.db, str(id))
        return Job.from_model(found) if found else None

    @strawberry.field(description="Analysis jobs, newest first.", metadata=costs(10))
    async def jobs(
        self,
        info: Info,
        topic: str | None = None,
        status: str | None = None,
        first: int = 20,
    ) -> list[Job]:
        if first < 1:
            raise invalid_argument("`first` must be at least 1.", "first")
        require_one_of("status", status, JOB_STATUSES)
        found = await job_store.list_jobs(info.context.db, topic, status, first)
        return [Job.from_model(j) for j in found]


@strawberry.type
class JobMutations:
    @strawberry.mutation(
        description="Queue an analysis of a topic (and its subtopics).", metadata=costs(20)
    )
    async def run_analysis(
        self, info: Info, topic: str, options: AnalysisOptionsInput | None = None
    ) -> Job:
        try:
            parsed = options.to_options() if options else None
            principal = info.context.principal
            owner = principal.key_id or "anonymous"
            job = await enqueue_analysis(
                info.context.db, topic, parsed, info.context.settings, owner
            )
        except ValidationError as exc:
            raise options_error(exc) from None
        except TooManyJobs as exc:
            raise ApiError(
                TOO_MANY_JOBS,
                f"This key already has {exc.active} analysis jobs queued or running (the "
                f"limit is {exc.limit}): wait for one to finish.",
                limit=exc.limit,
                active=exc.active,
            ) from None
        except AnalysisError as exc:
            raise invalid_argument(str(exc), "topic") from None
        return Job.from_model(job)

    @strawberry.mutation(
        description="Cancel a queued or running job; null if there is none.", metadata=costs(10)
    )
    async def cancel_job(self, info: Info, id: strawberry.ID) -> Job | None:
        found = await job_store.cancel(info.context.db, str(id))
        return Job.from_model(found) if found else None
