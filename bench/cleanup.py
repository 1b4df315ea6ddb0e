"""Deleting a stale generation of a topic's results, by several ways, against the current one.

    .venv/bin/python -m bench.cleanup [--sizes 100000] [--ways 0,2] [--keep-server] [--reuse-data]

Runs its own local Neo4j (bolt 20840, HTTP 20841, data in /tmp/neo4j-bench-cleanup; the
BENCH_* variables of bench/server.py override them). For each size it loads a graph with that
many interactions (bench/analytics.py's generator and loader), then, for each way, writes a
new generation of the topic's results with an analysis (which makes the previous one stale)
and times deleting the stale one, checking none of it is left. Ways: the service's
analytics/delete_generation (every match seeks its index) in the worker's client loop at 5k
(the current way), 20k, 50k and 100k elements per transaction. Prints seconds, elements per
second and the ratio to the current way. (Until the INFLUENCES edges carried a generation
number, this bench also timed the query before its index hints and a CALL { ... } IN
TRANSACTIONS variant; docs/benchmarks.md keeps those figures. Both keyed the edges on their
topic and job id, which the edges no longer carry.)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.analytics import TOPIC, load
from bench.server import bench_database, bench_server
from service.analytics.analysis import Analysis, JobControl
from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.db.gds import open_gds
from service.db.graph import counts as graph_counts
from service.settings import Settings

# Every person scored and every engager's INFLUENCES edges written, as by a full analysis;
# fewer algorithms only make each generation quicker to write.
OPTIONS = AnalysisOptions(centrality=["pagerank", "degree"], communities=["louvain"])
AFTER = "analytics/delete_generation"
Delete = Callable[[Database, str], Awaitable[int]]


def client_loop(query: str, batch: int) -> Delete:
    """The worker's way: one transaction per batch, from the client, until none is left."""

    async def delete(db: Database, job_id: str) -> int:
        return await score_store.delete_generation(db, TOPIC, job_id, None, batch, query)

    return delete


WAYS: tuple[tuple[str, Delete], ...] = (
    ("client loop, 5k (current)", client_loop(AFTER, 5_000)),
    ("client loop, 20k", client_loop(AFTER, 20_000)),
    ("client loop, 50k", client_loop(AFTER, 50_000)),
    ("client loop, 100k", client_loop(AFTER, 100_000)),
)


def settings_of(heap: str) -> Settings:
    state = str(Path(tempfile.gettempdir()) / "neo4j-bench-cleanup")
    return bench_server(20840, state, heap, job_lease_seconds=600, analysis_write_batch=20_000)


async def cancel_active(db: Database) -> None:
    """Cancel the jobs an interrupted run of the bench left running (or queued) on the topic:
    a topic runs one analysis at a time."""
    for status in ("running", "queued"):
        for job in await job_store.list_jobs(db, TOPIC, status):
            await job_store.cancel(db, job.id)


async def new_generation(db: Database, settings: Settings) -> str:
    """Run one analysis on the topic without a worker (so nothing cleans up after it): its
    generation becomes the topic's results, the previous one is stale. Returns its job id."""
    job = await enqueue_analysis(db, TOPIC, OPTIONS, settings)
    lease = uuid.uuid4().hex
    claimed = await job_store.claim(db, "bench-cleanup", lease, 3600, job.id)
    assert claimed is not None
    gds = open_gds(settings)
    try:
        analysis = Analysis(db, gds, settings, job.id, lease, TOPIC, OPTIONS, JobControl())
        await analysis.run()
    finally:
        gds.close()
    return job.id


async def stale_left(db: Database, job_id: str) -> list[str]:
    stored = await score_store.result_jobs(db, TOPIC)
    kinds = ("influenceJobs", "scoreJobs", "communityJobs")
    return [k for k in kinds if job_id in stored[k]]


async def measure(
    db: Database, settings: Settings, ways: list[int]
) -> list[tuple[str, int, float]]:
    """(way, elements deleted, seconds) for each of `ways` (indexes into WAYS)."""
    out = []
    await cancel_active(db)
    previous = await new_generation(db, settings)
    for name, delete in (WAYS[i] for i in ways):
        current = await new_generation(db, settings)
        start = time.perf_counter()
        deleted = await delete(db, previous)
        seconds = time.perf_counter() - start
        left = await stale_left(db, previous)
        assert not left, f"{name}: {left} of {previous} left"
        print(f"  {name}: {deleted} elements in {seconds:.2f} s", flush=True)
        out.append((name, deleted, seconds))
        previous = current
    return out


def report(size: int, rows: list[tuple[str, int, float]]) -> None:
    base = rows[0][2]
    print(f"\n{size} interactions: deleting one stale generation")
    print("| way | elements | seconds | elements/s | vs current |\n|---|---:|---:|---:|---:|")
    for name, deleted, seconds in rows:
        rate = deleted / seconds if seconds else 0.0
        print(f"| {name} | {deleted} | {seconds:.2f} | {rate:,.0f} | {base / seconds:.2f}x |")


async def bench(sizes: list[int], ways: list[int], keep: bool, heap: str, reuse: bool) -> None:
    settings = settings_of(heap)
    async with bench_database(settings, keep) as db:
        for size in sizes:
            counts = await graph_counts(db)
            if not (reuse and counts.interactions == size):
                print(f"loading {size} interactions", flush=True)
                await load(db, size)
            report(size, await measure(db, settings, ways))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="interaction counts")
    parser.add_argument("--keep-server", action="store_true", help="leave the bench Neo4j up")
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep a loaded graph of the same size"
    )
    parser.add_argument("--heap", default="4g", help="server heap")
    parser.add_argument(
        "--ways",
        default=",".join(str(i) for i in range(len(WAYS))),
        help="which ways to time, by number (0 is the current way, the ratios' base): "
        + "; ".join(f"{i} {name}" for i, (name, _) in enumerate(WAYS)),
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ways = [int(i) for i in args.ways.split(",")]
    asyncio.run(bench(sizes, ways, args.keep_server, args.heap, args.reuse_data))


if __name__ == "__main__":
    main()
