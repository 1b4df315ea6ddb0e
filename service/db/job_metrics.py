"""The analysis jobs as the metrics endpoint counts them. Both reads are probes: they fail at
once, without retries, so a scrape is answered even when Neo4j is not."""

from __future__ import annotations

from dataclasses import dataclass

from service.db.database import Database


@dataclass(frozen=True)
class StatusCount:
    status: str
    jobs: int


@dataclass(frozen=True)
class FinishedJobs:
    """Finished jobs of one kind and final status: how many, and their total run time."""

    kind: str
    status: str
    jobs: int
    seconds: float


async def count_by_status(db: Database) -> list[StatusCount]:
    rows = await db.probe("jobs/count_by_status")
    return [StatusCount(str(r["status"]), int(r["jobs"])) for r in rows]


async def finished_durations(db: Database) -> list[FinishedJobs]:
    rows = await db.probe("jobs/duration_stats")
    return [
        FinishedJobs(str(r["kind"]), str(r["status"]), int(r["jobs"]), float(r["seconds"]))
        for r in rows
    ]
