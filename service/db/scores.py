"""Analysis results: writing a topic's results in one transaction, and reading rankings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from service.db.database import Database
from service.models import Contributor, Evidence, InfluenceScore

BATCH = 10_000

# Component names stored on INFLUENCE_ON; each also has a `<name>Pct` percentile.
COMPONENTS = ("authority", "resonance", "reach", "relevance", "betweenness", "community")
# Further algorithm outputs stored beside the components (no percentile).
SIGNALS = (
    "articleRank",
    "eigenvector",
    "hubScore",
    "authScore",
    "inDegree",
    "outDegree",
    "audience",
    "received",
    "negativeShare",
    "sentiment",
)


def _batches(rows: Sequence[Any]) -> list[Sequence[Any]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)] or [[]]


async def replace_topic_results(
    db: Database,
    *,
    topic: str,
    job_id: str,
    lease: str,
    summary: Mapping[str, Any],
    edge_params: Mapping[str, Any],
    scores: Sequence[Mapping[str, Any]],
    communities: Sequence[Mapping[str, Any]],
) -> datetime | None:
    """Mark the job succeeded and replace the topic's results, all in ONE write transaction.

    The INFLUENCES edges are aggregated on the server from `edge_params` (the projection's
    parameters: window, decay, weights); scores and communities are written from the rows.

    Returns the job's finish time, or None when the job was no longer this worker's (cancelled
    or taken over): then nothing was written and the previous results stand.
    """
    common = {"topic": topic, "jobId": job_id, "lease": lease}
    steps: list[tuple[str, Mapping[str, Any]]] = [
        ("analytics/commit_job", {"jobId": job_id, "lease": lease, "summary": json.dumps(summary)}),
        ("analytics/delete_topic_results", common),
    ]
    steps.append(("analytics/write_influences", {**common, **edge_params}))
    steps += [("analytics/write_scores", {**common, "rows": b}) for b in _batches(scores)]
    steps += [("analytics/write_communities", {**common, "rows": b}) for b in _batches(communities)]
    results = await db.write_many(steps)
    if not results[0]:
        return None
    finished: datetime = results[0][0]["finishedAt"].to_native()
    return finished


def instant(value: Any) -> datetime:
    """A stored time as an aware datetime: an ISO-8601 string (what the ranking queries return,
    cheap to decode) or a driver temporal value."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    native: datetime = value.to_native()
    return native


def score_from_row(row: Mapping[str, Any]) -> InfluenceScore:
    r = row["scores"]
    return InfluenceScore(
        person=row["person"],
        topic=r["topic"],
        score=float(r["score"]),
        rank=int(r["rank"]),
        role=r["role"],
        roles=list(r.get("roles") or []),
        components={
            name: float(r[name])
            for name in (*COMPONENTS, *SIGNALS)
            if name != "community" and r.get(name) is not None
        }
        | {"community": float(r.get("communityStanding") or 0.0)},
        percentiles={name: float(r.get(f"{name}Pct") or 0.0) for name in COMPONENTS},
        community=r.get("community"),
        job_id=r["jobId"],
        computed_at=instant(r["computedAt"]),
    )


async def rankings(
    db: Database, topic: str, first: int = 50, after_rank: int = 0, role: str | None = None
) -> list[InfluenceScore]:
    rows = await db.read(
        "analytics/rankings", topic=topic, first=first, afterRank=after_rank, role=role
    )
    return [score_from_row(r) for r in rows]


async def ranking_count(db: Database, topic: str, role: str | None = None) -> int:
    row = await db.read_one("analytics/ranking_count", topic=topic, role=role)
    return int(row["total"]) if row else 0


async def score_of(db: Database, topic: str, person: str) -> InfluenceScore | None:
    row = await db.read_one("analytics/score_of", topic=topic, person=person)
    return score_from_row(row) if row else None


async def contributors(db: Database, topic: str, person: str, limit: int) -> list[Contributor]:
    rows = await db.read("analytics/explain_people", topic=topic, person=person, limit=limit)
    return [
        Contributor(
            person=r["person"],
            name=r["name"],
            weight=float(r["weight"]),
            interactions=int(r["interactions"]),
            contribution=float(r["contribution"] or 0.0),
            last_at=r["lastAt"].to_native() if r["lastAt"] is not None else None,
        )
        for r in rows
    ]


async def evidence(
    db: Database,
    topic: str,
    person: str,
    weights: Mapping[str, float],
    since: str | None,
    until: str | None,
    limit: int,
) -> list[Evidence]:
    rows = await db.read(
        "analytics/explain_interactions",
        topic=topic,
        person=person,
        weights=dict(weights),
        since=since,
        until=until,
        limit=limit,
    )
    return [
        Evidence(
            interaction=r["id"],
            type=r["type"],
            actor=r["actor"],
            at=r["at"].to_native(),
            sentiment=r["sentiment"],
            weight=float(r["weight"]),
            url=r["url"],
        )
        for r in rows
    ]


async def memberships(db: Database, topic: str, algorithm: str) -> dict[str, str]:
    """Person id -> community id, for one community algorithm of the topic's latest analysis."""
    rows = await db.read("analytics/memberships", topic=topic, algorithm=algorithm)
    return {r["person"]: r["community"] for r in rows}


async def result_jobs(db: Database, topic: str) -> dict[str, Any]:
    """Counts of a topic's stored results and the job ids they come from."""
    row = await db.read_one("analytics/result_jobs", topic=topic)
    assert row is not None
    return row
