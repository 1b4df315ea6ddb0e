"""Job counts and run times for the metrics endpoint (read once, without retries)."""

from __future__ import annotations

from dataclasses import dataclass

from service.db.database import Database


@dataclass(frozen=True)
class JobDurations:
    kind: str
    status: str
    jobs: int
    seconds: float


async def count_by_status(db: Database) -> dict[str, int]:
    rows = await db.probe("job/count_by_status")
    return {row["status"]: int(row["jobs"]) for row in rows}


async def duration_stats(db: Database) -> list[JobDurations]:
    rows = await db.probe("job/duration_stats")
    return [JobDurations(r["kind"], r["status"], int(r["jobs"]), float(r["seconds"])) for r in rows]
