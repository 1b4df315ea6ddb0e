"""Back-tests: the time of an evaluation beside a plain analysis of the same topic, and the
acceptance table on the real timed data sets.

    .venv/bin/python -m bench.backtest timing [--interactions 100000]
    .venv/bin/python -m bench.backtest table

Both run on a local Neo4j of their own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7830/7831,
data in BENCH_STATE_DIR, default .state/neo4j-backtest), which they wipe.

timing: bench/analytics.py's generator (one topic tree, a year of interactions) at the given
size; one warm-up analysis (not reported), then a plain analysis job and an evaluation job
(split at day 300, 30-day horizon, k = 50, no calibration), each timed from queueing to its
end; the ratio evaluation / analysis.

table: imports CollegeMsg and the email-Eu-core-temporal prefix (../shared/datasets/temporal)
and back-tests each with calibration (CollegeMsg: split at day 60, 30-day horizon;
email-Eu-core: day 100, 50 days; k = 50), then prints overlap@50, NDCG@50 and Spearman of
every ranking: the components, the default score, the calibrated score, the baselines.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from bench import analytics as harness
from bench.queries import queries_with_bench
from bench.server import bench_server
from service.analytics import backtest_rankings as ranked
from service.analytics import backtest_summary
from service.analytics.analysis import Analysis, JobControl
from service.analytics.calibration import blend, shares_of_max
from service.analytics.metrics import figures
from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis, enqueue_backtest
from service.analytics.scoring import BLEND
from service.analytics.worker import Worker
from service.db import jobs as job_store
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.evaluations import engagement, evaluation_by_id
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.migrate import migrate
from service.localdb.server import LocalNeo4j
from service.models import Evaluation
from service.settings import PROJECT_ROOT, Settings

# CollegeMsg (day 60, 30 days) and the email-Eu-core prefix (day 100, 50 days), k = 50.
ACCEPTANCE = (("collegemsg", "+60", "30d"), ("email-eu-temporal", "+100", "50d"))
K = 50


def settings() -> Settings:
    return bench_server(7830, ".state/neo4j-backtest", "3g")


@asynccontextmanager
async def database(s: Settings) -> AsyncIterator[Database]:
    LocalNeo4j(s).start(echo=False)
    driver = create_async_driver(s)
    try:
        db = Database(driver, queries_with_bench(s), s.neo4j_database, 3600)
        await migrate(db)
        yield db
    finally:
        await driver.close()


async def run(db: Database, s: Settings, job_id: str) -> float:
    worker = Worker(db, s)
    start = time.perf_counter()
    try:
        done = await worker.run_once(job_id)
    finally:
        await worker.aclose()
    assert done is not None
    assert done.status == "succeeded", done.error
    return time.perf_counter() - start


async def backtest(db: Database, s: Settings, topic: str, split: str, horizon: str,
                   calibrate: bool) -> tuple[Evaluation, float]:  # fmt: skip
    job = await enqueue_backtest(db, topic, split_at=split, horizon=horizon, k=K,
                                 target="engagement", calibrate=calibrate, settings=s)  # fmt: skip
    seconds = await run(db, s, job.id)
    found = await evaluation_by_id(db, job.id)
    assert found is not None
    return found, seconds


async def timing(interactions: int) -> None:
    s = settings()
    async with database(s) as db:
        await harness.load(db, 20_000)
        await run(db, s, (await enqueue_analysis(db, harness.TOPIC, None, s)).id)  # warm-up
        load_s = await harness.load(db, interactions)
        job = await enqueue_analysis(db, harness.TOPIC, AnalysisOptions(), s)
        analysis_s = await run(db, s, job.id)
        evaluation, evaluation_s = await backtest(db, s, harness.TOPIC, "+300", "30d", False)
        stages = await job_store.get(db, evaluation.job_id)
        calibrated, calibrated_s = await backtest(db, s, harness.TOPIC, "+300", "30d", True)
    seconds = (stages.summary or {}).get("seconds", {}) if stages else {}
    print(f"{interactions} interactions (loaded in {load_s:.1f} s), topic {harness.TOPIC}")
    print(f"  analysis:   {analysis_s:7.1f} s")
    print(f"  evaluation: {evaluation_s:7.1f} s  (split day 300, horizon 30 days, k {K}, "
          f"{evaluation.figures['universe']} people, "
          f"{len(evaluation.figures['rows'])} rows)")  # fmt: skip
    print(f"    its stages: {seconds}")
    print(f"  ratio evaluation / analysis: {evaluation_s / analysis_s:.2f}")
    print(f"  evaluation with --calibrate: {calibrated_s:7.1f} s "
          f"(ratio {calibrated_s / analysis_s:.2f}; weights "
          f"{calibrated.figures['calibration']['weights']})")  # fmt: skip


# Candidate default blends, measured on both data sets by `table` (the default is chosen
# among them; docs/analytics.md#back-tests).
CANDIDATES: dict[str, dict[str, float]] = {
    "current": dict(BLEND),  # "res-recency" since 2026-12-03
    "previous": {"authority": 0.35, "resonance": 0.30, "relevance": 0.15, "betweenness": 0.10,
                 "reach": 0.10},  # the default before 2026-12-03
    "resonance-led": {"authority": 0.20, "resonance": 0.50, "relevance": 0.10,
                      "betweenness": 0.05, "reach": 0.05, "engagers": 0.10},
    "resonance-heavy": {"authority": 0.15, "resonance": 0.65, "relevance": 0.10,
                        "reach": 0.05, "engagers": 0.05},
    "with-recency": {"authority": 0.20, "resonance": 0.40, "relevance": 0.10,
                     "reach": 0.05, "engagers": 0.10, "recency": 0.15},
    "res-recency-2": {"authority": 0.20, "resonance": 0.40, "relevance": 0.10,
                      "betweenness": 0.05, "reach": 0.05, "recency": 0.20},
    "res-recency-3": {"authority": 0.25, "resonance": 0.35, "relevance": 0.10,
                      "betweenness": 0.05, "reach": 0.05, "recency": 0.20},
}  # fmt: skip


async def candidates(db: Database, s: Settings, evaluation: Evaluation) -> None:
    """NDCG@K and overlap@K of each candidate blend on the evaluation's split: one analysis of
    the window before the split (in memory), the blends recomputed from its components."""
    split = datetime.fromisoformat(evaluation.params["splitAt"])
    end = split + timedelta(days=float(evaluation.params["horizonDays"]))
    options = AnalysisOptions(until=split).resolved(s)
    gds = open_gds(s)
    try:
        analysis = Analysis(db, gds, s, "bench-blends", "bench", evaluation.topic, options,
                            JobControl())  # fmt: skip
        people = (await analysis.compute()).people
    finally:
        gds.close()
    after = await engagement(db, evaluation.topic, split, end, s.interaction_weights)
    ids = ranked.universe(people, after)
    shares = shares_of_max(ranked.blendable(people, ids))
    actual = ranked.target(after, ids, "engagement")
    print("  candidate default blends (NDCG@50, overlap@50):")
    for name, weights in CANDIDATES.items():
        f = figures(blend(shares, weights), actual, K)
        print(f"    {name:16} {f.ndcg or 0:.3f}  {f.overlap:2d}  {weights}")


async def table() -> None:
    from service.ingest.importers.temporal import TIMED_DATASETS, read_timed
    from service.ingest.loader import load_records

    s = settings()
    shared = PROJECT_ROOT.parent / "shared" / "datasets" / "temporal"
    async with database(s) as db:
        for topic, split, horizon in ACCEPTANCE:
            await wipe(db)
            await migrate(db)
            dataset = TIMED_DATASETS[topic]
            await load_records(db, read_timed(dataset, shared / dataset.filename))
            evaluation, seconds = await backtest(db, s, topic, split, horizon, True)
            print(f"\n{topic}: split {split} days, horizon {horizon}, k {K} ({seconds:.0f} s)")
            print(backtest_summary.headline(evaluation))
            for line in backtest_summary.table(evaluation, "engagement"):
                print("  " + line)
            calibration = evaluation.figures["calibration"]
            print(f"  calibrated weights: {calibration['weights']}, recency half-life "
                  f"{calibration['halfLifeDays']}")  # fmt: skip
            await candidates(db, s, evaluation)


def main() -> None:
    # The driver warns about every query naming a relationship type a data set lacks.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["timing", "table"])
    parser.add_argument("--interactions", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(timing(args.interactions) if args.what == "timing" else table())


if __name__ == "__main__":
    main()
