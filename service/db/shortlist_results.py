"""Shortlist jobs' answers in the graph: `(:ShortlistResult {id})` (the job's id) with one
`PICKED` relationship per pick to the person (cypher/shortlist/commit, result)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.db.database import Database


@dataclass(frozen=True)
class StoredShortlist:
    """The stored figures (`result`, overlap decoded) and the picks still stored, by
    position; `stored` is how many picks were kept (more than `picks` when a picked person
    has been erased since)."""

    result: dict[str, Any]
    overlap: list[list[int]]
    picks: list[dict[str, Any]]
    stored: int


async def commit(
    db: Database,
    *,
    job_id: str,
    lease: str,
    result: Mapping[str, Any],
    overlap: Sequence[Sequence[int]],
    picks: Sequence[Mapping[str, Any]],
    summary: Mapping[str, Any],
    also: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> int | None:
    """Keep the answer and mark the job succeeded, then run the `also` writes (webhook
    events), in one transaction: the picks kept, or None when the job is no longer this
    worker's (then `also` is not run)."""
    values = {
        "jobId": job_id,
        "lease": lease,
        "result": {**result, "overlap": json.dumps([list(row) for row in overlap])},
        "picks": [dict(p) for p in picks],
        "summary": json.dumps(summary),
    }
    out = await db.write_then("shortlist/commit", values, lambda r: list(also) if r else [])
    rows = out[0]
    return int(rows[0]["picked"]) if rows else None


async def stored(db: Database, job_id: str) -> StoredShortlist | None:
    row = await db.read_one("shortlist/result", id=job_id)
    if row is None:
        return None
    result = dict(row["result"])
    overlap = json.loads(result.pop("overlap"))
    picks = sorted((dict(p) for p in row["picks"]), key=lambda p: int(p["position"]))
    return StoredShortlist(result, overlap, picks, int(result.pop("picks")))
