"""Campaign shortlists on a large topic: SPREAD and BALANCED (CELF over the eligible people)
beside SCORE (top k by score, its spread measured on the same samples), all with k = 20; then
the same SPREAD brief run as a shortlist job (queued, run by a worker, its answer kept and read
back), beside the inline SPREAD. Prints the topic's influence edges, what the size rule of
docs/shortlist.md ("Inline or job") counts.

    .venv/bin/python -m bench.shortlist [--interactions 100000] [--repeats 3] [--reuse]

Runs on a local Neo4j of its own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7840/7841, data
in BENCH_STATE_DIR, default .state/neo4j-shortlist), which it wipes; loads bench/analytics.py's
generator at the given size (one topic and its subtopics), analyses it with a worker, then
times each strategy (best and median of --repeats runs, after one warm-up run).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from bench import analytics as harness
from bench.backtest import database, run
from bench.server import bench_server
from service.analytics.queue import enqueue_analysis
from service.campaigns.brief import Brief, Strategy
from service.campaigns.shortlist import Shortlist, search_size, shortlist
from service.campaigns.shortlist_job import enqueue_shortlist, stored_shortlist
from service.db.database import Database
from service.settings import Settings

K = 20


def settings() -> Settings:
    return bench_server(7840, ".state/neo4j-shortlist")


async def timed(db: Database, strategy: Strategy, repeats: int) -> tuple[list[float], Shortlist]:
    brief = Brief(topics=[harness.TOPIC], k=K, strategy=strategy)
    await shortlist(db, brief)  # warm-up
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        found = await shortlist(db, brief)
        seconds.append(time.perf_counter() - start)
    return seconds, found


async def as_job(db: Database, s: Settings, repeats: int) -> tuple[list[float], Shortlist]:
    """The SPREAD brief as a job, end to end: checked and queued, run by a worker, kept, read
    back. Each run is a new job (the previous one succeeded, so no de-duplication)."""
    brief = Brief(topics=[harness.TOPIC], k=K, strategy=Strategy.SPREAD)
    seconds, found = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        job = await enqueue_shortlist(db, brief, s)
        await run(db, s, job.id)
        found = await stored_shortlist(db, job.id)
        seconds.append(time.perf_counter() - start)
    assert found is not None
    return seconds, found


async def bench(interactions: int, repeats: int, reuse: bool) -> None:
    s = settings()
    async with database(s) as db:
        load_s = analysis_s = 0.0
        if not reuse:
            load_s = await harness.load(db, interactions)
            analysis_s = await run(db, s, (await enqueue_analysis(db, harness.TOPIC, None, s)).id)
        results = {st.name: await timed(db, st, repeats) for st in Strategy}
        results["SPREAD job"] = await as_job(db, s, repeats)
        edges = await search_size(db, Brief(topics=[harness.TOPIC], k=K))
    print(f"{interactions} interactions (loaded in {load_s:.1f} s, analysed in "
          f"{analysis_s:.1f} s), topic {harness.TOPIC} ({edges} influence edges), k = {K}, "
          f"{repeats} runs each")  # fmt: skip
    base = statistics.median(results["SCORE"][0])
    for name, (seconds, found) in results.items():
        median = statistics.median(seconds)
        print(f"  {name:10} median {median:6.2f} s  best {min(seconds):6.2f} s  "
              f"x{median / base:5.2f} of SCORE  spread {found.expected_spread:8.1f} "
              f"(SCORE set {found.score_expected_spread:8.1f})  eligible {found.eligible}, "
              f"searched {found.considered}, {found.samples} samples")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the graph an earlier run loaded and analysed")  # fmt: skip
    args = parser.parse_args()
    asyncio.run(bench(args.interactions, args.repeats, args.reuse))


if __name__ == "__main__":
    main()
