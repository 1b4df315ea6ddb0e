"""GraphQL for back-tests: `runEvaluation`, `evaluation(id)`, `evaluations(topic)`, and the
blend a topic's analyses use (`Topic.scoring`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from service import models
from service.analytics import backtest_summary
from service.analytics.backtest_request import TARGETS, BacktestInputError
from service.analytics.options import AnalysisError
from service.analytics.queue import enqueue_backtest
from service.analytics.scoring import BLEND
from service.api.context import Context
from service.api.errors import invalid_argument
from service.api.jobs import Job
from service.api.security.cost import costs
from service.db import evaluations as store
from service.db import jobs as job_store

Info = strawberry.Info[Context, None]


@strawberry.type(description="A 95% bootstrap interval.")
class Interval:
    low: float
    high: float


def _interval(value: list[float] | None) -> Interval | None:
    return Interval(low=value[0], high=value[1]) if value else None


@strawberry.type(description="How one ranking, made before the split, foretold one target.")
class EvaluationRow:
    ranking: str = strawberry.field(
        description="A component (authority, resonance, ...), a signal (articleRank, "
        "eigenvector, hitsAuthority, hitsHub), score, calibrated, or a baseline (followers, "
        "engagementCount, distinctEngagers)."
    )
    kind: str = strawberry.field(description="component, signal, score, calibrated, baseline.")
    target: str = strawberry.field(description="engagement or shares received in the horizon.")
    k: int
    overlap: int = strawberry.field(description="Of the ranking's top k, how many were in the "
                                    "horizon's top k.")  # fmt: skip
    relevant: int = strawberry.field(description="People in the horizon's top k (< k when "
                                     "fewer received anything).")  # fmt: skip
    precision: float = strawberry.field(description="overlap / k.")
    ndcg: float | None = strawberry.field(description="NDCG@k; null if nobody received anything.")
    spearman: float | None = strawberry.field(description="Over the union of both top k.")
    precision_interval: Interval | None
    ndcg_interval: Interval | None
    spearman_interval: Interval | None

    @classmethod
    def of(cls, r: dict[str, Any]) -> EvaluationRow:
        return cls(
            ranking=r["ranking"], kind=r["kind"], target=r["target"], k=r["k"],
            overlap=r["overlap"], relevant=r["relevant"], precision=r["precision"],
            ndcg=r["ndcg"], spearman=r["spearman"],
            precision_interval=_interval(r.get("precisionInterval")),
            ndcg_interval=_interval(r.get("ndcgInterval")),
            spearman_interval=_interval(r.get("spearmanInterval")),
        )  # fmt: skip


@strawberry.type(description="A blend weight of one component of the score.")
class ComponentWeight:
    component: str
    weight: float


def _weights(weights: dict[str, float]) -> list[ComponentWeight]:
    return [ComponentWeight(component=c, weight=w) for c, w in weights.items()]


@strawberry.type(description="The blend a calibrating back-test chose on its validation split.")
class Calibration:
    weights: list[ComponentWeight]
    half_life_days: float | None
    metric: str = strawberry.field(description="What was maximised, e.g. `ndcg@50 engagement`.")
    value: float = strawberry.field(description="Its value on the validation horizon.")
    default_value: float = strawberry.field(description="The same for the weights before.")
    validation_split: datetime = strawberry.field(
        description="Inside the training window: the validation horizon is [this, splitAt)."
    )


@strawberry.type(description="A back-test of a topic's ranking; its id is its job's id.")
class Evaluation:
    id: strawberry.ID
    topic: str
    split_at: datetime
    horizon_days: float
    k: int
    target: str
    calibrate: bool
    created_at: datetime
    finished_at: datetime
    universe: int = strawberry.field(description="People ranked or engaged with.")
    training_people: int = strawberry.field(description="People scored before the split.")
    horizon_people: int = strawberry.field(description="People engaged with in the horizon.")
    reachable: int = strawberry.field(
        description="Of the horizon's top k, how many were scored before the split: no "
        "ranking can catch more."
    )
    bootstrap_samples: int
    summary: str = strawberry.field(description="How it went, in one sentence.")
    calibration: Calibration | None
    model: strawberry.Private[models.Evaluation]

    @strawberry.field(description="One row per ranking and target (all targets by default).")
    def rows(self, target: str | None = None) -> list[EvaluationRow]:
        if target is not None and target not in TARGETS:
            raise invalid_argument(
                f"`target` is {target!r}; it must be one of: {', '.join(TARGETS)}.",
                "target",
                allowed=list(TARGETS),
            )
        rows = self.model.figures.get("rows", [])
        return [EvaluationRow.of(r) for r in rows if target is None or r["target"] == target]

    @strawberry.field(description="The job that ran it.", metadata=costs(10))
    async def job(self, info: Info) -> Job | None:
        found = await job_store.get(info.context.db, self.model.job_id)
        return Job.from_model(found) if found else None

    @classmethod
    def from_model(cls, e: models.Evaluation) -> Evaluation:
        p, f = e.params, e.figures
        c = f.get("calibration")
        calibration = None
        if c:
            calibration = Calibration(
                weights=_weights(c["weights"]), half_life_days=c.get("halfLifeDays"),
                metric=c["metric"], value=c["value"], default_value=c["defaultValue"],
                validation_split=datetime.fromisoformat(c["validationSplit"]),
            )  # fmt: skip
        return cls(
            id=strawberry.ID(e.id), topic=e.topic,
            split_at=datetime.fromisoformat(p["splitAt"]), horizon_days=p["horizonDays"],
            k=p["k"], target=p["target"], calibrate=p["calibrate"],
            created_at=e.created_at, finished_at=e.finished_at, universe=f["universe"],
            training_people=f["trainingPeople"], horizon_people=f["horizonPeople"],
            reachable=f.get("reachable", 0),
            bootstrap_samples=f["bootstrapSamples"], summary=backtest_summary.headline(e),
            calibration=calibration, model=e,
        )  # fmt: skip


@strawberry.type(description="The blend a topic's analyses use when a job gives none.")
class TopicScoring:
    calibrated: bool = strawberry.field(description="False: the service's default blend.")
    weights: list[ComponentWeight]
    half_life_days: float | None
    calibrated_at: datetime | None
    metric: str | None
    value: float | None
    evaluation_id: strawberry.ID | None

    @classmethod
    def from_model(cls, s: models.TopicScoring | None) -> TopicScoring:
        if s is None or s.weights is None:
            return cls(calibrated=False, weights=_weights(BLEND), half_life_days=None,
                       calibrated_at=None, metric=None, value=None, evaluation_id=None)  # fmt: skip
        return cls(
            calibrated=True, weights=_weights(s.weights), half_life_days=s.half_life_days,
            calibrated_at=s.calibrated_at, metric=s.metric, value=s.value,
            evaluation_id=strawberry.ID(s.evaluation_id) if s.evaluation_id else None,
        )  # fmt: skip


async def topic_scoring(info: Info, topic: str) -> TopicScoring:
    return TopicScoring.from_model(await store.topic_scoring(info.context.db, topic))


async def last_backtest(info: Info, topic: str) -> str:
    """How the topic's last back-test went, or that it never was."""
    found = await store.evaluations_of(info.context.db, topic, 1)
    return backtest_summary.headline(found[0] if found else None)


@strawberry.type
class EvaluationQueries:
    @strawberry.field(
        description="A back-test by id (its job's id); null until it succeeded.",
        metadata=costs(10),
    )
    async def evaluation(self, info: Info, id: strawberry.ID) -> Evaluation | None:
        found = await store.evaluation_by_id(info.context.db, str(id))
        return Evaluation.from_model(found) if found else None

    @strawberry.field(description="A topic's back-tests, newest first.", metadata=costs(10))
    async def evaluations(
        self, info: Info, topic: strawberry.ID, first: int = 10
    ) -> list[Evaluation]:
        if not 1 <= first <= 100:
            raise invalid_argument("`first` must be within 1-100.", "first")
        found = await store.evaluations_of(info.context.db, str(topic), first)
        return [Evaluation.from_model(e) for e in found]


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(
        description="Queue a back-test of a topic's ranking: analyse the window before "
        "`splitAt` without touching the topic's results, and measure every ranking against "
        "what people received in [splitAt, splitAt + horizon). `splitAt`: ISO 8601 (no zone: "
        "UTC) or `+N` (N days after the topic's first interaction); `horizon`: 7d, 36h, 2w. "
        "With `calibrate`, choose the topic's blend on the last quarter of the training window "
        "and store it on the topic. Follow the job; `evaluation(id: job.id)` once it succeeded.",
        metadata=costs(20),
    )
    async def run_evaluation(
        self,
        info: Info,
        topic: str,
        split_at: str,
        horizon: str = "7d",
        k: int = 100,
        target: str = "engagement",
        calibrate: bool = False,
    ) -> Job:
        try:
            job = await enqueue_backtest(
                info.context.db, topic, split_at=split_at, horizon=horizon, k=k, target=target,
                calibrate=calibrate, settings=info.context.settings,
            )  # fmt: skip
        except BacktestInputError as exc:
            raise invalid_argument(str(exc) + ".", exc.argument) from None
        except AnalysisError as exc:
            raise invalid_argument(str(exc) + ".", "topic") from None
        return Job.from_model(job)
