"""Approximate betweenness and bounded HITS: their error against exact or converged values.

    BENCH_BOLT_PORT=19840 BENCH_HTTP_PORT=19841 BENCH_STATE_DIR=/tmp/bench-approx \\
        .venv/bin/python -m bench.approximation [--interactions 100000] [--datasets collegemsg]

Runs its own local Neo4j (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7860/7861, data in
BENCH_STATE_DIR, default .state/neo4j-approx, heap BENCH_HEAP, default 4g), which it wipes.
For each graph (bench/analytics.py's synthetic graph at each --interactions size, loaded with
the service's ingest queries; then each real data set of --datasets, loaded with its importer)
it projects the topic as the service does (service.analytics.projection, default options)
and, on that projection, with the service's GDS calls (service.db.gds_algorithms):
- betweenness exact, then sampled from each --samples source count under each --seeds seed;
- HITS at --hits-reference iterations (the reference, "converged"), then at each --hits bound,
  by the service's call (stream mode: GDS 2.13's hits.mutate writes the authority score into
  both properties, as the "mutate check" line shows).
Betweenness runs mutate their own properties, streamed back once all are timed. Compared
with the reference per run: Spearman rank correlation over all nodes; the share of the
reference's top 100, top 1% and top 2% (the bridge role's 98th percentile) that the run's own
top k holds; the median and 90th-percentile relative error, among the reference's top 100, of
the value as a share of the graph's highest (what the service's blend uses: value / max, so
the scale of a sampled betweenness does not matter); wall seconds of the GDS call and its
ratio to the reference run's (HITS: to the run at the service's bound, 20 iterations).
Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from bench import analytics as harness
from bench.queries import queries_with_bench
from bench.server import bench_server
from service.analytics import projection
from service.analytics.centrality import ENGAGES, HITS_MAX_ITERATIONS
from service.analytics.options import AnalysisOptions
from service.db import gds_algorithms
from service.db import projections as projection_db
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.migrate import migrate
from service.db.queries import Queries
from service.ingest.importers import timme
from service.ingest.importers.temporal import TIMED_DATASETS, read_timed
from service.ingest.loader import load_records
from service.localdb.server import LocalNeo4j
from service.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from graphdatascience import Graph, GraphDataScience

Vector = npt.NDArray[np.float64]
DATASETS = PROJECT_ROOT.parent / "shared" / "datasets"
SERVICE_HITS_ITERATIONS = HITS_MAX_ITERATIONS  # centrality.run_hits: min(maxIterations, 20)
TOP = 100


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    properties: tuple[str, ...]  # the properties it mutated, in the order compared


@dataclass(frozen=True)
class Error:
    spearman: float
    top: float  # share of the reference's top 100 in the run's top 100
    top1: float  # the same for the top 1%
    top2: float  # the same for the top 2%
    median: float  # relative error of value / max, among the reference's top 100
    p90: float


@dataclass(frozen=True)
class Subject:
    """A graph measured: its name, topic, size and how long loading and projecting took."""

    name: str
    topic: str
    people: int
    edges: int
    load_seconds: float
    projection_seconds: float


def ranks(x: Vector) -> Vector:
    """1-based ranks, ties sharing their average rank."""
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    average = ends - (counts - 1) / 2.0
    return np.asarray(average[inverse], dtype=np.float64)


def top(x: Vector, k: int) -> set[int]:
    """Indices of the k highest values (ties by position)."""
    return {int(i) for i in np.argsort(-x, kind="stable")[:k]}


def compare(reference: Vector, approx: Vector) -> Error:
    n = len(reference)
    rho = float(np.corrcoef(ranks(reference), ranks(approx))[0, 1])

    def overlap(k: int) -> float:
        k = max(1, min(k, n))
        return len(top(reference, k) & top(approx, k)) / k

    head = np.array(sorted(top(reference, TOP)))
    ref_share = reference[head] / reference.max()
    approx_share = approx[head] / approx.max() if approx.max() > 0 else np.zeros(len(head))
    relative = np.abs(approx_share - ref_share) / ref_share
    return Error(
        rho,
        overlap(TOP),
        overlap(round(n * 0.01)),
        overlap(round(n * 0.02)),
        float(np.median(relative)),
        float(np.percentile(relative, 90)),
    )


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def betweenness_runs(
    gds: GraphDataScience, graph: Graph, scope: gds_algorithms.Scope, nodes: int,
    samples: list[int], seeds: list[int],
) -> tuple[Run, list[Run]]:  # fmt: skip
    """Exact betweenness, then one sampled run per (sample size, seed) below the node count."""

    def call(prop: str, size: int | None, seed: int | None) -> float:
        return timed(
            lambda: gds_algorithms.betweenness(
                gds, graph, prop, scope, sampling_size=size, sampling_seed=seed
            )
        )

    exact = Run("exact", call("bwExact", None, None), ("bwExact",))
    runs = []
    for size in samples:
        if size >= nodes:
            print(f"  (sample {size} skipped: not below the {nodes:,} nodes)")
            continue
        for seed in seeds:
            prop = f"bwSample{size}Seed{seed}"
            runs.append(Run(f"{size} seed {seed}", call(prop, size, seed), (prop,)))
    return exact, runs


@dataclass(frozen=True)
class Hits:
    """A HITS run: the service's mutate call, timed, and the scores of the same run in
    stream mode (auth, hub; by node id), which the comparison uses."""

    run: Run
    auth: Vector
    hub: Vector


def hits_run(
    gds: GraphDataScience, graph: Graph, scope: gds_algorithms.Scope, iterations: int
) -> Hits:
    """The service's HITS call (stream mode), timed, and its scores in node id order."""
    found: dict[int, tuple[float, float]] = {}

    def call() -> None:
        found.update(gds_algorithms.hits(gds, graph, scope, hits_iterations=iterations))

    seconds = timed(call)
    ordered = [found[node] for node in sorted(found)]
    return Hits(
        Run(f"{iterations} it", seconds, ()),
        np.array([a for a, _ in ordered], dtype=np.float64),
        np.array([h for _, h in ordered], dtype=np.float64),
    )


def mutated_hits_are_copies(
    gds: GraphDataScience, queries: Queries, graph: Graph, graph_name: str, iterations: int
) -> bool:
    """Whether GDS's hits.mutate writes the authority score into the hub property too (why the
    service streams HITS)."""
    gds.hits.mutate(
        graph, mutate_property="Check", hits_iterations=iterations, auth_property="auth",
        hub_property="hub", relationship_types=ENGAGES,
    )  # fmt: skip
    nodes = projection_db.node_values(gds, queries, graph_name, ["authCheck", "hubCheck"])
    return all(dict(n.values)["authCheck"] == dict(n.values)["hubCheck"] for n in nodes)


def _auth(h: Hits) -> Vector:
    return h.auth


def _hub(h: Hits) -> Vector:
    return h.hub


def ratio(a: float, b: float) -> str:
    return f"{a / b:6.2f}x" if b else "     -"


def print_table(title: str, base: Run, time_base: float, rows: list[tuple[Run, Error]]) -> None:
    print(title)
    print(f"  {'run':<16}{'seconds':>9}{'ratio':>9}{'spearman':>10}{'top100':>8}{'top1%':>7}"
          f"{'top2%':>7}{'med.rel':>9}{'p90.rel':>9}")  # fmt: skip
    print(f"  {base.label:<16}{base.seconds:9.2f}{ratio(base.seconds, time_base):>9}")
    for run, e in rows:
        print(f"  {run.label:<16}{run.seconds:9.2f}{ratio(run.seconds, time_base):>9}"
              f"{e.spearman:10.4f}{e.top:8.2f}{e.top1:7.2f}{e.top2:7.2f}"
              f"{e.median:9.4f}{e.p90:9.4f}")  # fmt: skip


def measure(
    settings: Settings, db: Database, graph: Subject, args: argparse.Namespace, warm: bool
) -> None:
    gds = open_gds(settings)
    options = AnalysisOptions().resolved(settings)
    job_id, lease = "bench-approx", "approx00"
    try:
        start = time.perf_counter()
        proj = projection.project(gds, db.queries, job_id, lease, graph.topic, options)
        graph = Subject(graph.name, graph.topic, proj.node_count, proj.relationship_count,
                      graph.load_seconds, time.perf_counter() - start)  # fmt: skip
        scope = gds_algorithms.Scope(ENGAGES, options.concurrency, job_id)
        print(f"\n== {graph.name}: {graph.people:,} people, {graph.edges:,} influence edges "
              f"(load {graph.load_seconds:.1f} s, projection {graph.projection_seconds:.1f} s, "
              f"concurrency {options.concurrency}, load average "
              f"{'/'.join(f'{x:.1f}' for x in os.getloadavg())})")  # fmt: skip
        if warm:
            # JIT: the first runs on a fresh server are slower; not reported.
            hits_run(gds, proj.graph, scope, 3)
            warm_sample = min(50, graph.people)
            gds_algorithms.betweenness(
                gds, proj.graph, "bwWarm", scope, sampling_size=warm_sample, sampling_seed=1
            )
        exact, sampled = betweenness_runs(
            gds, proj.graph, scope, graph.people, args.samples, args.seeds
        )
        reference = hits_run(gds, proj.graph, scope, args.hits_reference)
        bounded = [hits_run(gds, proj.graph, scope, i) for i in args.hits]
        props = [p for r in (exact, *sampled) for p in r.properties]
        streamed = projection_db.node_values(gds, db.queries, proj.graph_name, props)
        values = {p: np.zeros(len(streamed), dtype=np.float64) for p in props}
        for i, node in enumerate(streamed):
            for p, v in node.values:
                values[str(p)][i] = float(v)
        if values["bwExact"].max() <= 0:
            raise RuntimeError(f"{graph.name}: exact betweenness is zero everywhere")
        print_table(
            f"betweenness: exact vs sampled (label: source nodes, samplingSeed); ratio = "
            f"seconds / exact's; errors of the share of the max among the exact top {TOP}",
            exact, exact.seconds,
            [(r, compare(values["bwExact"], values[r.properties[0]])) for r in sampled],
        )  # fmt: skip
        label = f"{SERVICE_HITS_ITERATIONS} it"
        service = next((h.run for h in bounded if h.run.label == label), reference.run)
        for name, pick in (("authScore", _auth), ("hubScore", _hub)):
            print_table(
                f"HITS {name} (stream mode): hitsIterations vs {args.hits_reference} "
                f"(reference); ratio = seconds of the service's call / {service.label}'s",
                reference.run, service.seconds,
                [(h.run, compare(pick(reference), pick(h))) for h in bounded],
            )  # fmt: skip
        copies = mutated_hits_are_copies(
            gds, db.queries, proj.graph, proj.graph_name, args.hits_reference
        )
        print(
            f"HITS mutate check ({args.hits_reference} it): GDS hits.mutate's hub == its auth "
            f"on every node: {copies}; "
            f"stream's hub == stream's auth: "
            f"{bool(np.array_equal(reference.auth, reference.hub))}; Spearman of stream's "
            f"hub with its auth {compare(reference.auth, reference.hub).spearman:.4f}"
        )
    finally:
        projection.drop(gds, db.queries, job_id, lease)
        gds.close()


async def load_dataset(db: Database, name: str) -> tuple[str, float]:
    """Wipe, then load the named real data set; its topic and the seconds taken."""
    start = time.perf_counter()
    await wipe(db)
    await migrate(db)
    if name == "timme":
        await load_records(db, timme.read_timme(DATASETS / "timme-purep"))
        return timme.TOPIC_ID, time.perf_counter() - start
    dataset = TIMED_DATASETS[name]
    await load_records(db, read_timed(dataset, DATASETS / "temporal" / dataset.filename))
    return dataset.topic, time.perf_counter() - start


async def bench(args: argparse.Namespace) -> None:
    settings = bench_server(7860, ".state/neo4j-approx", "4g")
    server = LocalNeo4j(settings)
    server.start(echo=False)
    driver = create_async_driver(settings)
    db = Database(driver, queries_with_bench(settings), settings.neo4j_database, 3600)
    print(f"approximation bench: {os.cpu_count()} cores, heap {settings.local_heap}, "
          f"samples {args.samples}, seeds {args.seeds}, HITS {args.hits} vs "
          f"{args.hits_reference}")  # fmt: skip
    warm = True
    try:
        for size in args.interactions:
            load_s = await harness.load(db, size)
            graph = Subject(f"synthetic, {size:,} interactions", harness.TOPIC, 0, 0, load_s, 0.0)
            measure(settings, db, graph, args, warm)
            warm = False
        for name in args.datasets:
            topic, load_s = await load_dataset(db, name)
            measure(settings, db, Subject(name, topic, 0, 0, load_s, 0.0), args, warm)
            warm = False
    finally:
        await driver.close()
        if not args.keep_server:
            server.stop(echo=False)


def ints(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s]


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--interactions", type=ints, default=[100_000],
                        help="synthetic graph sizes, comma-separated (none: '')")  # fmt: skip
    parser.add_argument("--datasets", default="collegemsg",
                        help="real data sets: collegemsg, email-eu-temporal, timme")  # fmt: skip
    parser.add_argument("--samples", type=ints, default=[100, 250, 500, 1000, 2000])
    parser.add_argument("--seeds", type=ints, default=[42, 7])
    parser.add_argument("--hits", type=ints, default=[5, 10, 20, 50, 100])
    parser.add_argument("--hits-reference", type=int, default=200)
    parser.add_argument("--keep-server", action="store_true", help="leave the Neo4j up")
    args = parser.parse_args()
    args.datasets = [d for d in args.datasets.split(",") if d]
    unknown = [d for d in args.datasets if d != "timme" and d not in TIMED_DATASETS]
    if unknown:
        parser.error(f"unknown data sets: {unknown}")
    try:
        asyncio.run(bench(args))
    except Exception as exc:
        logging.exception("approximation bench failed")
        print(f"FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
