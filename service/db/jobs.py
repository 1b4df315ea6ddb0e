"""The analysis job queue in the graph: `(:Job)` nodes, claimed with leases."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.db.database import Database
from service.models import Job


def _dt(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def job_from_row(row: dict[str, Any]) -> Job:
    j = row["job"]
    created = _dt(j["createdAt"])
    assert created is not None
    return Job(
        id=j["id"],
        kind=j["kind"],
        topic=j["topic"],
        params=json.loads(j.get("params") or "{}"),
        status=j["status"],
        progress=float(j.get("progress") or 0.0),
        stage=j.get("stage"),
        error=j.get("error"),
        attempts=int(j.get("attempts") or 0),
        recoveries=int(j.get("recoveries") or 0),
        worker=j.get("worker"),
        lease=j.get("lease"),
        created_at=created,
        started_at=_dt(j.get("startedAt")),
        finished_at=_dt(j.get("finishedAt")),
        summary=json.loads(j["summary"]) if j.get("summary") else None,
    )


@dataclass(frozen=True)
class Enqueued:
    """What `enqueue` did: the job (new, or the same analysis already queued or running; None
    when the owner's cap refused it), whether it was created, and the owner's active jobs."""

    job: Job | None
    created: bool
    active: int


async def enqueue(
    db: Database,
    job_id: str,
    kind: str,
    topic: str,
    params: dict[str, Any],
    owner: str | None = None,
    max_active: int = 0,
) -> Enqueued:
    """Queue a job unless the same one (kind, topic, params) is queued or running, and unless
    `owner` already has `max_active` jobs queued or running; both decided in one transaction
    (jobs/enqueue), so concurrent calls cannot both pass. `owner` None: never capped.
    No row when the topic does not exist."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"))
    dedup = hashlib.sha256(f"{kind}\n{topic}\n{canonical}".encode()).hexdigest()
    rows = await db.write(
        "jobs/enqueue",
        id=job_id,
        kind=kind,
        topic=topic,
        params=json.dumps(params),
        dedupKey=dedup,
        owner=owner,
        maxActive=max_active,
    )
    if not rows:
        return Enqueued(None, False, 0)
    row = rows[0]
    job = job_from_row(row) if row["job"] is not None else None
    return Enqueued(job, bool(row["created"]), int(row["active"]))


async def get(db: Database, job_id: str) -> Job | None:
    row = await db.read_one("jobs/get", id=job_id)
    return job_from_row(row) if row else None


async def list_jobs(
    db: Database, topic: str | None = None, status: str | None = None, limit: int = 50
) -> list[Job]:
    rows = await db.read("jobs/list", topic=topic, status=status, limit=limit)
    return [job_from_row(r) for r in rows]


async def claim(
    db: Database, worker: str, lease: str, lease_seconds: float, job_id: str | None = None
) -> Job | None:
    rows = await db.write(
        "jobs/claim", id=job_id, worker=worker, lease=lease, leaseSeconds=lease_seconds
    )
    return job_from_row(rows[0]) if rows else None


async def heartbeat(
    db: Database, job_id: str, lease: str, lease_seconds: float, progress: float, stage: str
) -> tuple[str, bool]:
    """Renew the lease and record progress; returns (status, still held by this lease)."""
    rows = await db.write(
        "jobs/heartbeat",
        id=job_id,
        lease=lease,
        leaseSeconds=lease_seconds,
        progress=progress,
        stage=stage,
    )
    if not rows:
        return ("missing", False)
    return (str(rows[0]["status"]), bool(rows[0]["held"]))


async def fail(db: Database, job_id: str, lease: str, error: str) -> str | None:
    rows = await db.write("jobs/fail", id=job_id, lease=lease, error=error)
    return str(rows[0]["status"]) if rows else None


async def cancel(db: Database, job_id: str) -> Job | None:
    rows = await db.write("jobs/cancel", id=job_id)
    return job_from_row(rows[0]) if rows else None


async def recover_expired(db: Database, max_attempts: int) -> list[tuple[str, str, str]]:
    """Take back jobs whose lease expired: [(job id, new status, topic)]."""
    rows = await db.write("jobs/recover", maxAttempts=max_attempts)
    return [(r["id"], r["status"], r["topic"]) for r in rows]
