"""Ranking pages at size: a 100-row `influencers` page for every `orderBy`, and `totalCount`.

    .venv/bin/python -m bench.rankings [--sizes 100000,1000000] [--runs 30] [--keep-server]

Runs its own local Neo4j (the ports and data folder of bench/analytics, which it shares:
7820/7821, .state/neo4j-bench), loads bench/analytics' generated graph of each size (one topic
tree, one person per ten interactions; kept when `--reuse-data` finds one of that size) and
analyses it once (PageRank, degree, Louvain: the pages read what any analysis writes). Then,
one client, `--runs` times each after two warm-up runs, p50 and p99 of:
- a GraphQL `influencers(topic, first: 100, orderBy: X) { edges { node { rank score person
  { id name } } } }` request through the app (in process), for every orderBy, and with
  `totalCount` alone;
- the Cypher each of those runs (influence/page_by_rank, influence/page_by_<component>,
  influence/count_all), straight through the driver;
- the baseline, in the same run: the page the way it was read before scores stored a rank per
  component (bench/cypher/page_by_value_sort.cypher: a sort of the whole topic) and the count
  counted over the topic (bench/cypher/count_scan.cypher).
Ratios are baseline / new.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.testclient import TestClient

from bench.analytics import TOPIC, bench_settings, load
from bench.server import bench_database
from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.app import create_app
from service.db.database import Database
from service.db.graph import counts as graph_counts
from service.db.influence import COMPONENT_PAGES, ORDER_KEYS
from service.settings import Settings

QUICK = AnalysisOptions(centrality=["pagerank", "degree"], communities=["louvain"])
NO_FILTER: dict[str, Any] = {"role": None, "kind": None, "language": None, "minPercentiles": {}}
PAGE = """query($topic: ID!, $order: InfluencerOrder!) {
  influencers(topic: $topic, first: 100, orderBy: $order) {
    edges { node { rank score person { id name } } } } }"""
COUNT = "query($topic: ID!) { influencers(topic: $topic, first: 1) { totalCount } }"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]


async def atime(fn: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, float]:
    for _ in range(2):
        await fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def time_graphql(client: TestClient, query: str, variables: dict[str, Any], runs: int) -> float:
    def once() -> None:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if response.status_code != 200 or "errors" in body:
            raise RuntimeError(f"request failed: {body}")

    for _ in range(2):
        once()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)[0]


async def analyse(db: Database, settings: Settings) -> float:
    job = await enqueue_analysis(db, TOPIC, QUICK, settings)
    worker = Worker(db, settings)
    start = time.perf_counter()
    try:
        done = await worker.run_once(job.id)
    finally:
        await worker.aclose()
    if done is None or done.status != "succeeded":
        raise RuntimeError(f"the analysis did not succeed: {done}")
    return time.perf_counter() - start


async def cypher_rows(db: Database, runs: int) -> dict[str, tuple[float, float, float]]:
    """Per orderBy (and `count`): p50 and p99 of the new query, p50 of the baseline."""
    out: dict[str, tuple[float, float, float]] = {}
    for key in ORDER_KEYS:
        name = "influence/page_by_rank" if key == "score" else COMPONENT_PAGES[key]

        def page(name: str = name) -> Awaitable[Any]:
            return db.read_one(name, topic=TOPIC, afterRank=0, limit=101, **NO_FILTER)

        def baseline(key: str = key) -> Awaitable[Any]:
            return db.read_one("bench/page_by_value_sort", topic=TOPIC, orderBy=key, limit=101)

        new = await atime(page, runs)
        old = await atime(baseline, runs)
        out[key] = (*new, old[0])
    new = await atime(lambda: db.read_one("influence/count_all", topic=TOPIC), runs)
    old = await atime(lambda: db.read_one("bench/count_scan", topic=TOPIC), runs)
    out["count"] = (*new, old[0])
    return out


def report(size: int, people: int, analysis_s: float, cypher: dict[str, Any],
           api: dict[str, float]) -> None:  # fmt: skip
    print(f"\n{size:,} interactions, {people:,} ranked people (analysis {analysis_s:.1f} s)")
    print(f"{'orderBy':<12} {'API p50':>9} {'Cypher p50':>11} {'p99':>8} {'baseline':>9} "
          f"{'baseline/new':>13}")  # fmt: skip
    for key, (p50, p99, old) in cypher.items():
        print(f"{key:<12} {api[key]:>7.1f}ms {p50:>9.1f}ms {p99:>6.1f}ms {old:>7.1f}ms "
              f"{old / p50:>12.1f}x")  # fmt: skip


async def bench(sizes: list[int], runs: int, keep: bool, reuse: bool, heap: str) -> None:
    settings = bench_settings(heap)
    async with bench_database(settings, keep) as db:
        for size in sizes:
            if not (reuse and (await graph_counts(db)).interactions == size):
                await load(db, size)
            analysis_s = await analyse(db, settings)
            cypher = await cypher_rows(db, runs)
            people = int((await db.read_one("influence/count_all", topic=TOPIC) or {})["total"])
            unlimited = settings.model_copy(
                update={"rate_limit_per_second": 1e9, "rate_limit_burst": 10**9}
            )
            with TestClient(create_app(unlimited)) as client:
                api = {
                    key.lower(): time_graphql(
                        client, PAGE, {"topic": TOPIC, "order": key.upper()}, runs
                    )
                    for key in ORDER_KEYS
                }
                api["count"] = time_graphql(client, COUNT, {"topic": TOPIC}, runs)
            report(size, people, analysis_s, cypher, api)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="interaction counts")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per figure")
    parser.add_argument("--keep-server", action="store_true", help="leave the bench Neo4j up")
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep a loaded graph of the same size"
    )
    parser.add_argument("--heap", default="6g", help="server heap (the analysis runs in it)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    asyncio.run(bench(sizes, args.runs, args.keep_server, args.reuse_data, args.heap))


if __name__ == "__main__":
    main()
