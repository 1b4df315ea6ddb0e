"""Back-tests in the graph: a topic's time span, the engagement people received in a window,
`(:Evaluation)` nodes (kept when a back-test job succeeds) and the blend a calibration stored
on its topic."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.db.database import Database
from service.db.times import instant, optional_instant
from service.models import Evaluation, TopicScoring


@dataclass(frozen=True)
class TopicSpan:
    found: bool
    first: datetime | None
    last: datetime | None
    interactions: int


@dataclass(frozen=True)
class Received:
    """What one person received in a window."""

    weighted: float  # type weight x count
    shares: int
    interactions: int
    engagers: int


async def topic_span(db: Database, topic: str) -> TopicSpan:
    row = await db.read_one("evaluation/topic_span", topic=topic)
    assert row is not None
    return TopicSpan(
        found=bool(row["topicFound"]),
        first=optional_instant(row["first"]),
        last=optional_instant(row["last"]),
        interactions=int(row["interactions"] or 0),
    )


async def engagement(
    db: Database,
    topic: str,
    since: datetime | None,
    until: datetime,
    weights: Mapping[str, float],
) -> dict[str, Received]:
    """What each person received on `topic` in [since, until)."""
    rows = await db.read(
        "evaluation/engagement",
        topic=topic,
        since=since.isoformat() if since else None,
        until=until.isoformat(),
        weights=dict(weights),
    )
    return {
        r["person"]: Received(
            weighted=float(r["weighted"]),
            shares=int(r["shares"]),
            interactions=int(r["interactions"]),
            engagers=int(r["engagers"]),
        )
        for r in rows
    }


async def commit(
    db: Database,
    *,
    job_id: str,
    lease: str,
    topic: str,
    params: Mapping[str, Any],
    figures: Mapping[str, Any],
    summary: Mapping[str, Any],
    scoring: Mapping[str, Any] | None,
    also: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> Evaluation | None:
    """Keep the back-test and mark its job succeeded (and store a calibrated blend on the
    topic), then run the `also` writes (webhook events), in one transaction; None when the
    job is no longer this worker's (then `also` is not run)."""
    values = {
        "jobId": job_id,
        "lease": lease,
        "topic": topic,
        "params": json.dumps(params),
        "figures": json.dumps(figures),
        "summary": json.dumps(summary),
        "scoring": dict(scoring) if scoring is not None else None,
    }
    out = await db.write_then("evaluation/commit", values, lambda r: list(also) if r else [])
    rows = out[0]
    return evaluation_from_row(rows[0]) if rows else None


def evaluation_from_row(row: Mapping[str, Any]) -> Evaluation:
    e = row["evaluation"]
    return Evaluation(
        id=e["id"],
        topic=e["topic"],
        job_id=e["jobId"],
        params=json.loads(e["params"]),
        figures=json.loads(e["figures"]),
        created_at=instant(e["createdAt"]),
        started_at=optional_instant(e.get("startedAt")),
        finished_at=instant(e["finishedAt"]),
    )


async def evaluation_by_id(db: Database, evaluation_id: str) -> Evaluation | None:
    row = await db.read_one("evaluation/by_id", id=evaluation_id)
    return evaluation_from_row(row) if row else None


async def evaluations_of(db: Database, topic: str, limit: int = 20) -> list[Evaluation]:
    rows = await db.read("evaluation/by_topic", topic=topic, limit=limit)
    return [evaluation_from_row(r) for r in rows]


async def topic_scoring(db: Database, topic: str) -> TopicScoring | None:
    """The calibrated blend of `topic`; None for an unknown topic, an uncalibrated
    TopicScoring (weights None) for a topic that uses the defaults."""
    row = await db.read_one("evaluation/topic_scoring", topic=topic)
    if row is None or not row["topicFound"]:
        return None
    weights = json.loads(row["weights"]) if row["weights"] else None
    return TopicScoring(
        weights=weights,
        half_life_days=row["halfLifeDays"],
        metric=row["metric"],
        value=row["value"],
        evaluation_id=row["evaluationId"],
        calibrated_at=optional_instant(row["calibratedAt"]),
    )
