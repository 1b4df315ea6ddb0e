"""A back-test job: analyse a topic's window before a split exactly as an analysis does, keep
the scored people in memory (nothing of the topic's results is written), and measure each
ranking against what people received in [split, split + horizon). With `calibrate`, first
choose the blend weights on a validation split made inside the training window (its last
part: the test horizon's length, within VALIDATION_SHARE and MAX_VALIDATION_SHARE of it),
never on the test horizon. The figures are kept as an `(:Evaluation)`
node in the transaction that marks the job succeeded (and stores a calibrated blend on the
topic)."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from service.analytics import backtest_rankings as ranked
from service.analytics.analysis import Analysis, JobControl, JobLost
from service.analytics.backtest_request import TARGETS, BacktestRequest
from service.analytics.calibration import MIN_GAIN, Choice, blend, choose_weights, shares_of_max
from service.analytics.metrics import Measured, measure, top_k
from service.analytics.options import AnalysisOptions
from service.analytics.people_reads import PeopleReads
from service.analytics.scoring import BLEND, Scored
from service.db import evaluations as store
from service.db.database import Database
from service.models import Evaluation, Job
from service.settings import Settings
from service.webhooks.events import EVALUATION_FINISHED
from service.webhooks.publish import publish_step

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

VALIDATION_SHARE = 0.25  # the validation horizon is at least this last part of training
MAX_VALIDATION_SHARE = 0.5  # and at most this
HALF_LIVES = (3.0, 7.0, 14.0, 30.0)  # recency half-lives (days) calibration tries
BOOTSTRAP_SAMPLES = 200


@dataclass(frozen=True)
class Calibrated:
    validation: datetime  # where the validation horizon starts
    choice: Choice
    half_life_days: float  # the recency half-life the choice was made with

    @property
    def uses_recency(self) -> bool:
        return self.choice.weights.get("recency", 0.0) > 0

    @property
    def stored_half_life(self) -> float | None:
        """The half-life to store on the topic: only when the blend weighs recency."""
        return self.half_life_days if self.uses_recency else None


class BackTest:
    def __init__(
        self,
        db: Database,
        gds: GraphDataScience,
        settings: Settings,
        job: Job,
        lease: str,
        control: JobControl,
        people_reads: PeopleReads | None = None,
    ) -> None:
        self.db, self.gds, self.settings = db, gds, settings
        self.job, self.lease, self.control = job, lease, control
        self.people_reads = people_reads or PeopleReads()
        self.request = BacktestRequest.from_params(job.params)
        self.options = AnalysisOptions.model_validate(job.params["analysis"])
        self.seconds: dict[str, float] = {}

    @property
    def weights(self) -> dict[str, float]:
        return {str(k): v for k, v in (self.options.weights or {}).items()}

    async def run(self) -> Evaluation:
        r, topic = self.request, self.job.topic
        cal = await self.calibrate() if r.calibrate else None
        self._phase(0.45 if r.calibrate else 0.0, 0.45 if r.calibrate else 0.85)
        people = await self._analyse(r.split_at)
        cal_people = people
        if cal is not None and cal.uses_recency and cal.half_life_days != self._half_life:
            cal_people = await self._analyse(r.split_at, cal.half_life_days)
        start = time.perf_counter()
        since = self.options.since
        before = await store.engagement(self.db, topic, since, r.split_at, self.weights)
        after = await store.engagement(self.db, topic, r.split_at, r.horizon_end, self.weights)
        self._phase(0.0, 1.0)
        self.control.report("measure", 0.92)
        ids = ranked.universe(people, before, after)
        rankings = ranked.rankings(people, before, ids)
        if cal is not None:
            shares = shares_of_max(ranked.blendable(cal_people, ids))
            calibrated = blend(shares, cal.choice.weights)
            rankings.insert(-3, ranked.Ranking("calibrated", "calibrated", calibrated))
        rows = self._rows(rankings, after, ids)
        self.seconds["measure"] = time.perf_counter() - start
        figures = {
            "k": r.k, "target": r.target, "universe": len(ids), "trainingPeople": len(people),
            "horizonPeople": sum(1 for x in after.values() if x.weighted > 0),
            "reachable": _reachable(people, after, ids, r),
            "bootstrapSamples": BOOTSTRAP_SAMPLES, "seed": self.options.seed, "rows": rows,
            "calibration": _calibration(cal, r),
        }  # fmt: skip
        return await self._commit(figures, cal)

    @property
    def _half_life(self) -> float:
        return self.options.recency_half_life_days or self.settings.analysis_recency_half_life_days

    async def _commit(self, figures: dict[str, Any], cal: Calibrated | None) -> Evaluation:
        scoring = None
        if cal is not None:
            scoring = {
                "weights": _json(cal.choice.weights),
                "halfLifeDays": cal.stored_half_life,
                "metric": figures["calibration"]["metric"],
                "value": cal.choice.value,
            }
        summary = {"evaluation": self.job.id, "k": self.request.k, "target": self.request.target,
                   "people": figures["trainingPeople"],
                   "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}  # fmt: skip
        done = await store.commit(
            self.db, job_id=self.job.id, lease=self.lease, topic=self.job.topic,
            params={k: v for k, v in self.job.params.items() if k != "analysis"},
            figures=figures, summary=summary, scoring=scoring,
            also=[publish_step(EVALUATION_FINISHED, {
                "evaluation": self.job.id, "job": self.job.id, "topic": self.job.topic})],
        )  # fmt: skip
        if done is None:
            self.control.check()
            raise JobLost("the job was no longer this worker's when its figures were kept")
        return done

    def _phase(self, offset: float, span: float) -> None:
        self.control.offset, self.control.span = offset, span

    async def _analyse(self, until: datetime, half_life: float | None = None) -> list[Scored]:
        """Everything an analysis does up to scoring, on the window ending at `until` (with
        another recency half-life when given)."""
        update: dict[str, Any] = {"until": until, "as_of": None}
        if half_life is not None:
            update["recency_half_life_days"] = half_life
        options = self.options.model_copy(update=update)
        analysis = Analysis(
            self.db, self.gds, self.settings, self.job.id, self.lease, self.job.topic,
            options, self.control, self.people_reads,
        )  # fmt: skip
        result = await analysis.compute()
        for stage, seconds in analysis.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        return result.people

    async def _validation_split(self) -> datetime:
        """Where the validation horizon starts, inside the training window: the test horizon's
        length before the split, at least its last VALIDATION_SHARE and at most its half (so
        the validation mirrors the test as far as the training window allows)."""
        start = self.options.since
        if start is None:
            span = await store.topic_span(self.db, self.job.topic)
            assert span.first is not None
            start = span.first
        training = self.request.split_at - start
        horizon = self.request.horizon_end - self.request.split_at
        validation = min(max(horizon, training * VALIDATION_SHARE), training * MAX_VALIDATION_SHARE)
        return self.request.split_at - validation

    async def calibrate(self) -> Calibrated:
        """The validation split, and the blend weights and recency half-life that best foretell
        the validation horizon [validation split, split) from the window before it: nothing at
        or after the split is read. Each half-life of HALF_LIVES (the one in use first) costs
        one analysis of that window; another must beat the best so far by MIN_GAIN. The search
        starts from the service's default blend and half-life."""
        r = self.request
        validation = await self._validation_split()
        after = await store.engagement(self.db, self.job.topic, validation, r.split_at,
                                       self.weights)  # fmt: skip
        current = (
            self.options.recency_half_life_days or self.settings.analysis_recency_half_life_days
        )
        lives = [current, *(h for h in HALF_LIVES if h != current)]
        best: Calibrated | None = None
        for i, half_life in enumerate(lives):
            self._phase(0.4 * i / len(lives), 0.4 / len(lives))
            people = await self._analyse(validation, half_life)
            ids = ranked.universe(people, after)
            shares = shares_of_max(ranked.blendable(people, ids))
            actual = ranked.target(after, ids, r.target)
            choice = choose_weights(shares, actual, r.k, BLEND)
            if best is None or choice.value >= best.choice.value + MIN_GAIN:
                best = Calibrated(validation, choice, half_life)
        assert best is not None
        return best

    def _rows(
        self,
        rankings: Sequence[ranked.Ranking],
        after: Mapping[str, store.Received],
        ids: Sequence[str],
    ) -> list[dict[str, Any]]:
        """One row per ranking and target; bootstrap intervals for the requested target."""
        rows = []
        for name in TARGETS:
            samples = BOOTSTRAP_SAMPLES if name == self.request.target else 0
            actual = ranked.target(after, ids, name)
            measured = measure(
                {r.name: r.values for r in rankings}, actual, self.request.k, samples,
                self.options.seed,
            )  # fmt: skip
            rows += [_row(r, name, measured[r.name]) for r in rankings]
        return rows


def _reachable(
    people: Sequence[Scored],
    after: Mapping[str, store.Received],
    ids: Sequence[str],
    r: BacktestRequest,
) -> int:
    """Of the horizon's top k (by the requested target), how many were scored before the
    split: no ranking can catch more."""
    truth = top_k(np.where(ranked.target(after, ids, r.target) > 0,
                           ranked.target(after, ids, r.target), np.nan), r.k)  # fmt: skip
    scored = {p.person for p in people}
    return sum(1 for i in truth if ids[i] in scored)


def _row(ranking: ranked.Ranking, target: str, m: Measured) -> dict[str, Any]:
    f = m.figures
    row: dict[str, Any] = {
        "ranking": ranking.name, "kind": ranking.kind, "target": target, "k": f.k,
        "overlap": f.overlap, "relevant": f.relevant, "precision": f.precision,
        "ndcg": f.ndcg, "spearman": f.spearman,
    }  # fmt: skip
    for metric in ("precision", "ndcg", "spearman"):
        interval = getattr(m, metric)
        row[f"{metric}Interval"] = [interval.low, interval.high] if interval else None
    return row


def _calibration(cal: Calibrated | None, r: BacktestRequest) -> dict[str, Any] | None:
    if cal is None:
        return None
    return {
        "weights": cal.choice.weights,
        "halfLifeDays": cal.stored_half_life,
        "metric": f"ndcg@{r.k} {r.target}",
        "value": cal.choice.value,
        "defaultValue": cal.choice.start_value,
        "validationSplit": cal.validation.isoformat(),
    }


def _json(weights: Mapping[str, float]) -> str:
    return json.dumps(dict(weights), sort_keys=True)
