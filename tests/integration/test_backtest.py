"""Back-tests against the real server: figures on a graph built so the answer is known by hand,
bad input refused with nothing written, and calibration that never reads past the split."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.analytics.analysis import JobControl
from service.analytics.backtest import BackTest
from service.analytics.backtest_request import BacktestInputError
from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis, enqueue_backtest
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.evaluations import evaluation_by_id, topic_scoring
from service.db.gds import open_gds
from service.db.scores import result_jobs
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.ingest.records import InteractionRecord, PersonRecord, Record, TopicRecord
from service.settings import Settings

pytestmark = pytest.mark.neo4j
START = datetime(2026, 1, 10, tzinfo=UTC)
SPLIT = datetime(2026, 2, 1, tzinfo=UTC)


def _known_graph() -> list[Record]:
    """Before the split p1 gets 5 shares (from 5 people), p2 3, p3 1; in the 10 days after,
    p1 gets 4 and p3 2, p2 nothing. Declared followers: p1 10, p2 500, p3 1000."""
    records: list[Record] = [TopicRecord(id="t", name="T")]
    followers = {"p1": 10, "p2": 500, "p3": 1000}
    records += [PersonRecord(id=p, name=p, followers=n) for p, n in followers.items()]
    records += [PersonRecord(id=f"e{i}", name=f"e{i}") for i in range(1, 7)]
    n = 0

    def share(actor: str, target: str, at: datetime) -> InteractionRecord:
        nonlocal n
        n += 1
        return InteractionRecord(
            id=f"i{n}", type="share", actor=actor, target=target, topics=["t"], at=at
        )

    for target, engagers in (("p1", 5), ("p2", 3), ("p3", 1)):
        records += [
            share(f"e{i}", target, START + timedelta(days=i)) for i in range(1, engagers + 1)
        ]
    records += [share(f"e{i}", "p1", SPLIT + timedelta(days=i)) for i in range(1, 5)]
    records += [share(f"e{i}", "p3", SPLIT + timedelta(days=i)) for i in (5, 6)]
    return records


async def _run(db: Database, settings: Settings, **arguments: Any) -> str:
    job = await enqueue_backtest(db, settings=settings, **arguments)
    worker = Worker(db, settings)
    try:
        done = await worker.run_once(job.id)
    finally:
        await worker.aclose()
    assert done is not None
    assert done.status == "succeeded", done.error
    return job.id


def _row(rows: list[dict[str, Any]], ranking: str, target: str = "engagement") -> dict[str, Any]:
    return next(r for r in rows if r["ranking"] == ranking and r["target"] == target)


async def test_figures_on_a_graph_whose_answer_is_known(db: Database, settings: Settings) -> None:
    await load_records(db, _known_graph())
    job_id = await _run(
        db, settings, topic="t", split_at=SPLIT.isoformat(), horizon="10d", k=2,
        target="engagement", calibrate=False,
    )  # fmt: skip
    evaluation = await evaluation_by_id(db, job_id)
    assert evaluation is not None
    assert evaluation.params == {"splitAt": SPLIT.isoformat(), "horizonDays": 10.0, "k": 2,
                                 "target": "engagement", "calibrate": False}  # fmt: skip
    rows = evaluation.figures["rows"]
    ideal = 4 + 2 / math.log2(3)
    # Engagement received before: p1 5, p2 3, p3 1 -> top 2 {p1, p2}; after: p1 4, p3 2.
    for ranking in ("engagementCount", "distinctEngagers", "resonance"):
        r = _row(rows, ranking)
        assert (r["overlap"], r["relevant"], r["precision"]) == (1, 2, 0.5), ranking
        assert r["ndcg"] == pytest.approx(4 / ideal), ranking
        # Union {p1, p2, p3}: ranks (3, 2, 1) against (3, 1, 2).
        assert r["spearman"] == pytest.approx(0.5), ranking
    # Followers put p3 (1000) then p2 (500) first: p3 is right, worth 2 of the ideal.
    followers = _row(rows, "followers")
    assert followers["overlap"] == 1
    assert followers["ndcg"] == pytest.approx(2 / ideal)
    assert followers["spearman"] == pytest.approx(-0.5)
    shares = _row(rows, "engagementCount", "shares")
    assert (shares["overlap"], shares["ndcg"]) == (1, pytest.approx(4 / ideal))
    assert _row(rows, "engagementCount")["ndcgInterval"] is not None
    assert shares["ndcgInterval"] is None  # intervals for the requested target only
    assert {r["ranking"] for r in rows} >= {
        "authority", "resonance", "reach", "relevance", "betweenness", "articleRank",
        "eigenvector", "hitsAuthority", "hitsHub", "score", "followers",
    }  # fmt: skip
    assert evaluation.figures["horizonPeople"] == 2
    assert evaluation.figures["reachable"] == 2  # p1 and p3 were both active before
    # The topic was never analysed, and still is not: a back-test writes no results.
    stored = await result_jobs(db, "t")
    assert (stored["resultJobId"], stored["scores"], stored["influences"]) == (None, 0, 0)


async def _footprint(db: Database) -> dict[str, int]:
    row = (await db.read("test/backtest_footprint"))[0]
    return {k: int(v) for k, v in row.items()}


@pytest.mark.parametrize(
    ("change", "argument", "words"),
    [
        ({"topic": "nope"}, "topic", "unknown topic 'nope'"),
        ({"split_at": "2030-01-01"}, "splitAt", "outside the data of topic 't'"),
        ({"split_at": "2025-01-01"}, "splitAt", "outside the data of topic 't'"),
        ({"split_at": "soon"}, "splitAt", "not a date"),
        ({"horizon": "0d"}, "horizon", "longer than 0"),
        ({"horizon": "-3"}, "horizon", "longer than 0"),
        ({"horizon": "a week"}, "horizon", "not a duration"),
        ({"k": 0}, "k", "k must be at least 1"),
        ({"k": -5}, "k", "k must be at least 1"),
        ({"target": "likes"}, "target", "target 'likes' is unknown"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_written(
    db: Database, settings: Settings, change: dict[str, Any], argument: str, words: str
) -> None:
    await load_records(db, _known_graph())
    arguments: dict[str, Any] = {"topic": "t", "split_at": SPLIT.isoformat(), "horizon": "7d",
                                 "k": 2, "target": "engagement", "calibrate": True}  # fmt: skip
    with pytest.raises(BacktestInputError) as refused:
        await enqueue_backtest(db, settings=settings, **(arguments | change))
    assert refused.value.argument == argument
    assert words in str(refused.value)
    assert await _footprint(db) == {"jobs": 0, "evaluations": 0, "calibratedTopics": 0}


async def test_calibration_never_reads_past_the_split(db: Database, settings: Settings) -> None:
    """No peeking: the weights a calibrating back-test stores are the weights calibration
    chooses once every interaction at or after the split is deleted."""
    await load_records(db, generate(seed=7, people=300).records())
    split = "2026-09-01T00:00:00+00:00"
    arguments: dict[str, Any] = {"topic": "health", "split_at": split, "horizon": "30d",
                                 "k": 20, "target": "engagement", "calibrate": True}  # fmt: skip
    job_id = await _run(db, settings, **arguments)
    stored = await topic_scoring(db, "health")
    evaluation = await evaluation_by_id(db, job_id)
    assert stored is not None
    assert stored.calibrated
    assert evaluation is not None
    assert stored.evaluation_id == job_id
    assert stored.metric == "ndcg@20 engagement"
    assert stored.weights == evaluation.figures["calibration"]["weights"]
    assert _row(evaluation.figures["rows"], "calibrated")["ndcg"] is not None

    # Later analyses of the topic use the calibrated blend, unless a job gives its own.
    later = await enqueue_analysis(db, "health", None, settings)
    assert later.params["blend"] == stored.weights
    if stored.half_life_days is not None:
        assert later.params["recency_half_life_days"] == stored.half_life_days
    own = await enqueue_analysis(db, "health", AnalysisOptions(blend={"resonance": 1.0}), settings)
    assert own.params["blend"] == {"resonance": 1.0}

    deleted = (await db.write("test/delete_interactions_from", **{"from": split}))[0]["deleted"]
    assert deleted > 0
    # The split is now after the topic's last interaction, so a job on it would be refused:
    # the job is queued on a day before and its calibration run by hand on the first split.
    job = await enqueue_backtest(db, settings=settings, **(arguments | {"split_at": "2026-08-31"}))
    job = replace(job, params=job.params | {"splitAt": split})
    gds = open_gds(settings)
    try:
        again = BackTest(db, gds, settings, job, "lease-nopeek", JobControl())
        calibrated = await again.calibrate()
    finally:
        gds.close()
    validation = evaluation.figures["calibration"]["validationSplit"]
    assert calibrated.validation.isoformat() == validation
    assert calibrated.choice.weights == stored.weights
    assert calibrated.stored_half_life == stored.half_life_days
    assert calibrated.choice.value == pytest.approx(stored.value)
