"""Analysis results: writing a topic's results as a new generation, and reading rankings.

A job's results are a *generation*: its INFLUENCE_ON scores and Community nodes (with
MEMBER_OF), tagged with its job id (`jobId`) and one time (`computedAt`), and its INFLUENCES
edges, which GDS writes from the projection and which carry the run's generation number
(`generation`) instead. The topic points at its current generation (`Topic.resultJobId`,
`Topic.resultGeneration`) and every reader filters on it. Writing a generation
(`begin_generation`, the edges, then `write_batches`) takes many small transactions, each
batch checking that the worker still holds the job; the rows are invisible until
`switch_generation` marks the job succeeded and points the topic at it, in ONE small
transaction. Stale generations (the previous one after a switch, staged rows of a failed,
cancelled or dead run) are deleted in batches by `delete_stale_results`, never the current one
nor a running job's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.db.database import Database, QueryMemoryLimitExceeded
from service.db.explanations import contributor_from_row, evidence_from_row
from service.db.times import instant
from service.models import Contributor, Evidence, InfluenceScore, ScoreSummary

log = logging.getLogger("influence_graph.results")

BATCH = 5_000
WRITE_LANES = 2  # results batches committed side by side (analytics/begin_results)
MIN_DELETE_BATCH = 100  # delete_generation's smallest batch, when a bigger one is over memory
# What a caller wraps each batch of a deletion in, to take turns with its reads.
Pace = Callable[[], AbstractAsyncContextManager[None]]

# Component names stored on INFLUENCE_ON; each also has a `<name>Pct` percentile.
COMPONENTS = (
    "authority", "resonance", "reach", "relevance", "betweenness", "community",
    "recency", "momentum", "engagers",
)  # fmt: skip
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

# Called after each batch is committed: (kind of rows, batches done, batches in all).
BatchObserver = Callable[[str, int, int], Awaitable[None]]


@dataclass(frozen=True)
class Batch:
    query: str
    kind: str  # influences (when GDS cannot write them), scores, communities, memberships
    params: dict[str, Any]


def _chunks(rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def influence_batches(
    *, job_id: str, lease: str, edge_params: Mapping[str, Any], engagers: Sequence[str], batch: int
) -> list[Batch]:
    """The write transactions of a generation's INFLUENCES edges when GDS cannot write them,
    aggregated on the server from the interactions of `batch` engagers at a time."""
    common = {"jobId": job_id, "lease": lease, **edge_params}
    return [
        Batch("analytics/write_influence_batch", "influences", {**common, "engagers": c})
        for c in _chunks(engagers, batch)
    ]


def score_batches(
    *,
    topic: str,
    job_id: str,
    lease: str,
    scores: Sequence[Mapping[str, Any]],
    communities: Sequence[Mapping[str, Any]],
    batch: int = BATCH,
) -> list[Batch]:
    """The write transactions of a generation's other rows, in order: INFLUENCE_ON scores,
    Community nodes, then MEMBER_OF edges (`batch` rows each)."""
    common = {"topic": topic, "jobId": job_id, "lease": lease}
    out = [
        Batch("analytics/write_scores", "scores", {**common, "rows": c})
        for c in _chunks(scores, batch)
    ]
    nodes = [{k: v for k, v in c.items() if k != "members"} for c in communities]
    out += [
        Batch("analytics/write_communities", "communities", {**common, "rows": c})
        for c in _chunks(nodes, batch)
    ]
    members = [
        {"person": person, "community": c["id"]}
        for c in communities
        for person in c.get("members") or []
    ]
    owner = {"jobId": job_id, "lease": lease}
    out += [
        Batch("analytics/write_memberships", "memberships", {**owner, "rows": c})
        for c in _chunks(members, batch)
    ]
    return out


async def delete_run_edges(db: Database, job_id: str, lease: str, batch: int) -> None:
    """Delete the INFLUENCES edges the job's current run wrote, while this worker holds it."""
    params = {"jobId": job_id, "lease": lease, "limit": batch}
    while (rows := await db.write("analytics/delete_run_edges", **params)) and rows[0]["deleted"]:
        pass


async def begin_generation(
    db: Database, *, job_id: str, lease: str, lanes: int = WRITE_LANES
) -> int | None:
    """Fix the time every row of the run's generation is tagged with, number it and make its
    `lanes` write lanes, if this worker still holds the job: the number (its INFLUENCES edges
    carry it), or None when the worker does not hold the job."""
    begun = await db.write("analytics/begin_results", jobId=job_id, lease=lease, lanes=lanes)
    return int(begun[0]["generation"]) if begun else None


async def write_batches(
    db: Database,
    batches: Sequence[Batch],
    after_batch: BatchObserver | None = None,
    lanes: int = 1,
) -> bool:
    """Write staged rows of a job's generation, one transaction per batch, each only while
    this worker holds the job, on `lanes` lanes at once (batch i on lane i % lanes; each lane
    takes its own write lock, see analytics/begin_results). The batches must not depend on
    one another. Readers do not see them until `switch_generation`.

    Returns False when the job stopped being this worker's (cancelled or taken over): then
    the batches written so far stay behind, invisible, for `delete_stale_results`.
    """
    done = 0

    async def lane(n: int) -> bool:
        nonlocal done
        for b in batches[n::lanes]:
            rows = await db.write(b.query, **b.params, lane=n)
            if not rows or not rows[0]["held"]:
                return False
            done += 1
            if after_batch is not None:
                await after_batch(b.kind, done, len(batches))
        return True

    tasks = [asyncio.create_task(lane(n)) for n in range(min(lanes, len(batches)))]
    try:
        return all(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def switch_generation(
    db: Database,
    *,
    topic: str,
    job_id: str,
    lease: str,
    summary: Mapping[str, Any],
    ranked: int,
    also: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> datetime | None:
    """The switch, in ONE small transaction: mark the job succeeded and point the topic at its
    generation (and store `ranked`, its number of scores), if this worker still holds the job,
    and then run the `also` writes (webhook events) in the same transaction. Returns the job's
    finish time, or None when the job was no longer this worker's (nothing switched, the
    previous results stand, `also` not run)."""
    params = {
        "jobId": job_id,
        "lease": lease,
        "topic": topic,
        "summary": json.dumps(summary),
        "ranked": ranked,
    }
    out = await db.write_then(
        "analytics/commit_job", params, lambda rows: list(also) if rows else []
    )
    rows = out[0]
    if not rows:
        return None
    finished: datetime = rows[0]["finishedAt"].to_native()
    return finished


async def delete_stale_results(
    db: Database,
    topic: str,
    lease: str | None = None,
    batch: int = BATCH,
    *,
    keep_succeeded: bool = False,
    pace: Pace | None = None,
) -> int:
    """Delete, in batches, every generation of the topic's results that is neither the current
    one nor a running job's (a running job's own, when `lease` is its lease: a worker clearing
    what an earlier run of its job left). With `keep_succeeded`, generations of jobs that
    succeeded (previous results, which the background clean-up of the worker that replaced
    them deletes) are left alone. Each batch runs inside `pace()` when given. Returns the
    number of elements deleted."""
    deleted = 0
    for generation in await db.read("analytics/result_generations", topic=topic):
        if keep_succeeded and generation["status"] == "succeeded":
            continue
        deleted += await delete_generation(db, topic, generation["jobId"], lease, batch, pace=pace)
    return deleted


async def delete_generation(
    db: Database,
    topic: str,
    job_id: str,
    lease: str | None = None,
    batch: int = BATCH,
    query: str = "analytics/delete_generation",
    pace: Pace | None = None,
) -> int:
    """Delete one stale generation of the topic's results, `batch` elements of each kind per
    transaction, until none is left or `query` refuses it (the current generation, or staged
    rows of a job still running). A batch over the server's transaction memory is tried again
    in quarters. Each batch runs inside `pace()` when given. Returns the number of elements
    deleted."""
    deleted = 0
    while True:
        try:
            async with pace() if pace is not None else contextlib.nullcontext():
                rows = await db.write(query, topic=topic, jobId=job_id, lease=lease, limit=batch)
        except QueryMemoryLimitExceeded:
            if batch <= MIN_DELETE_BATCH:
                raise
            batch = max(MIN_DELETE_BATCH, batch // 4)
            log.info("deleting generation %s in batches of %d: over memory", job_id, batch)
            continue
        if not rows:
            break
        counts = rows[0]  # not held: the current generation, or a running job's rows, whose
        # scores and communities stay; the edges of the job's other runs still go
        n = sum(counts[k] for k in ("influences", "scores", "memberships", "communities"))
        deleted += n
        if n == 0:
            break
    log.debug("deleted stale generation %s of topic %s", job_id, topic)
    return deleted


def _summary_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    r = row["scores"]
    return {
        "person": row["person"],
        "topic": r["topic"],
        "score": float(r["score"]),
        "rank": int(r["rank"]),
        "role": r["role"],
        "roles": list(r.get("roles") or []),
        "community": r.get("community"),
        "job_id": r["jobId"],
        "computed_at": instant(r["computedAt"]),
    }


def summary_from_row(row: Mapping[str, Any]) -> ScoreSummary:
    """`scores` holds at least topic, score, rank, role, roles, community, jobId, computedAt."""
    return ScoreSummary(**_summary_fields(row))


def score_from_row(row: Mapping[str, Any]) -> InfluenceScore:
    """`scores` holds every property of the INFLUENCE_ON edge (computedAt as a string)."""
    r = row["scores"]
    return InfluenceScore(
        **_summary_fields(row),
        components={
            name: float(r[name])
            for name in (*COMPONENTS, *SIGNALS)
            if name != "community" and r.get(name) is not None
        }
        | {"community": float(r.get("communityStanding") or 0.0)},
        # A component the job did not compute (betweenness outside the default set) has none.
        percentiles={
            name: float(r[f"{name}Pct"]) for name in COMPONENTS if r.get(f"{name}Pct") is not None
        },
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
    return [contributor_from_row(r) for r in rows]


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
    return [evidence_from_row(r) for r in rows]


async def memberships(db: Database, topic: str, algorithm: str) -> dict[str, str]:
    """Person id -> community id, for one community algorithm of the topic's current results."""
    rows = await db.read("analytics/memberships", topic=topic, algorithm=algorithm)
    return {r["person"]: r["community"] for r in rows}


async def result_jobs(db: Database, topic: str) -> dict[str, Any]:
    """Counts of a topic's stored results, every generation included, the job ids they come
    from, and the topic's current generation (resultJobId)."""
    row = await db.read_one("analytics/result_jobs", topic=topic)
    assert row is not None
    out = dict(row)
    out["influenceJobs"] = sorted(out["influenceJobs"])
    return out
