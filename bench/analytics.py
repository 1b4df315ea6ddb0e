"""Influence analytics, timed per stage, beside a raw GDS Cypher sequence and igraph.

    .venv/bin/python -m bench.analytics [--sizes 100000,1000000] [--keep-server]

Runs its own local Neo4j (ports 7820/7821, data in .state/neo4j-bench). For each size it
generates a graph with that many interactions under one topic tree, loads it with the
service's ingest queries, and times:
- the service: one analysis job with default options (the default algorithm set: what the
  score weighs, see docs/analytics.md; `--full` runs every centrality) stage by stage, as the job
  records them (edges: its influence edges, written beside the algorithms; write: the rest of
  its results staged in batches, then the switch, when the ranking becomes readable; cleanup:
  the worker's background deletion of the topic's previous results, after the job); then a
  second job on the same topic, whose cleanup deletes the first job's results; plus the
  projection alone by the Cypher and by the staged native route;
- (a) the same algorithms as a raw sequence of GDS Cypher calls (project, mutate each,
  write node properties and the influence edges, drop), what a data scientist would type;
- (b) igraph on the same graph exported from Neo4j (export time included).
Ratios are service / raw and service / igraph per stage.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import igraph as ig
from pydantic import SecretStr

from bench.server import bench_database
from service.analytics import projection
from service.analytics.options import CENTRALITIES, AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db import ingest
from service.db.database import Database
from service.db.erasures import id_hash
from service.db.gds import open_gds
from service.db.graph import counts as graph_counts
from service.db.graph import wipe
from service.db.migrate import migrate
from service.db.queries import Queries
from service.settings import PROJECT_ROOT, Settings

T = TypeVar("T")
TOPIC = "bench"
SUBTOPICS = ("bench-a", "bench-b", "bench-c", "bench-d")
TYPES = {
    "like": 0.30,
    "share": 0.20,
    "reply": 0.17,
    "comment": 0.12,
    "mention": 0.12,
    "quote": 0.09,
}
ALGORITHMS = (
    "pagerank", "articlerank", "betweenness", "degree", "eigenvector", "hits", "louvain", "wcc",
)  # fmt: skip
BATCH = 10_000
RAW_GENERATION = -7  # the raw sequence's edges' tag: jobs number theirs from 1


def bench_settings(heap: str = "6g", pagecache: str = "1g") -> Settings:
    return Settings(
        neo4j_uri=None,
        neo4j_password=SecretStr("bench-password-1"),
        local_bolt_port=7820,
        local_http_port=7821,
        state_dir=PROJECT_ROOT / ".state" / "neo4j-bench",
        local_heap=heap,
        local_pagecache=pagecache,
        neo4j_query_timeout=3600,
    )


def generate(
    interactions: int, seed: int = 11
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """People (one per ten interactions) and interactions as ingest rows: actors by a
    log-normal activity, targets by a heavy-tailed appeal, a few types and subtopics."""
    rng = random.Random(seed)
    n = max(100, interactions // 10)
    people = [
        {
            "id": f"b{i:07d}", "idHash": id_hash(f"b{i:07d}"), "createdAt": None,
            "props": {"name": f"Person {i}", "kind": "regular",
                      "followers": int(rng.lognormvariate(5, 2))},
        }
        for i in range(n)
    ]  # fmt: skip
    activity = [rng.lognormvariate(0, 1) for _ in range(n)]
    appeal = [rng.paretovariate(1.5) for _ in range(n)]
    actors = rng.choices(range(n), weights=activity, k=interactions)
    targets = rng.choices(range(n), weights=appeal, k=interactions)
    kinds = rng.choices(list(TYPES), weights=list(TYPES.values()), k=interactions)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for k in range(interactions):
        a, b = actors[k], targets[k]
        if a == b:
            b = (b + 1) % n
        rows.append(
            {
                "id": f"bi{k:08d}", "type": kinds[k], "actor": people[a]["id"],
                "target": people[b]["id"], "topics": [rng.choice(SUBTOPICS)],
                "at": (start + timedelta(seconds=rng.randrange(365 * 86400))).isoformat(),
                "sentiment": round(rng.uniform(-1, 1), 2), "platform": "bench", "url": None,
                "count": 1,
            }
        )  # fmt: skip
    return people, rows


async def load(db: Database, interactions: int) -> float:
    start = time.perf_counter()
    await wipe(db)
    await migrate(db)
    topics = [{"id": TOPIC, "name": "Bench", "parent": None}]
    topics += [{"id": t, "name": t, "parent": TOPIC} for t in SUBTOPICS]
    await ingest.write_topics(db, [{"id": t["id"], "name": t["name"]} for t in topics])
    await ingest.link_topic_parents(db, [{"id": t["id"], "parent": t["parent"]} for t in topics])
    people, rows = generate(interactions)
    for i in range(0, len(people), BATCH):
        await ingest.write_persons(db, people[i : i + BATCH])
    for i in range(0, len(rows), BATCH):
        await ingest.write_interactions(db, rows[i : i + BATCH])
    return time.perf_counter() - start


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


async def atimed(coro: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = await coro
    return out, time.perf_counter() - start


Run = tuple[dict[str, float], str | None, list[str]]


async def service_run(db: Database, settings: Settings, full: bool) -> Run:
    """Stage times of one analysis job, its error if it failed, and the algorithms it ran."""
    options = AnalysisOptions(centrality=list(CENTRALITIES)) if full else AnalysisOptions()
    job = await enqueue_analysis(db, TOPIC, options, settings)
    worker = Worker(db, settings)
    try:
        done, total = await atimed(worker.run_once(job.id))
    finally:
        # The worker deletes the previous results in the background, after the job: timed apart.
        _, cleanup = await atimed(worker.aclose())
    assert done is not None
    # The job's summary is committed with the results, so only the worker knows the write time.
    seconds = dict(worker.last_seconds)
    seconds["total"] = total
    seconds["cleanup"] = cleanup
    ran = [a for a in ALGORITHMS if a in ((done.summary or {}).get("algorithms") or {})]
    return seconds, (None if done.status == "succeeded" else done.error), ran


def projection_only(settings: Settings, queries: Queries, method: str) -> tuple[float, int, int]:
    """Seconds to project the topic by `method`, and the graph's node and edge counts."""
    gds = open_gds(settings)
    options = AnalysisOptions(projection=method).resolved(settings)
    try:
        job_id = f"bench-{method}"
        try:
            proj, seconds = timed(
                lambda: projection.project(gds, queries, job_id, "bench", TOPIC, options)
            )
        finally:
            projection.drop(gds, queries, job_id, "bench")
        return seconds, proj.node_count, proj.relationship_count
    finally:
        gds.close()


PROPERTIES = {
    "pagerank": ["authority"], "articlerank": ["articleRank"], "betweenness": ["betweenness"],
    "degree": ["inDegree", "outDegree"], "eigenvector": ["eigenvector"],
    "hits": ["authScore", "hubScore"], "louvain": ["louvainCommunity"], "wcc": ["wccCommunity"],
}  # fmt: skip


async def raw_sequence(
    db: Database, settings: Settings, nodes: int, algorithms: list[str]
) -> dict[str, float]:
    name = "bench-raw"
    weights = settings.interaction_weights
    sample = (
        nodes if nodes <= settings.betweenness_exact_max_nodes else settings.betweenness_sample_size
    )
    it = {"maxIterations": 100, "tolerance": 1e-7}
    out: dict[str, float] = {}
    start = time.perf_counter()
    try:
        _, a = await atimed(
            db.read(
                "analytics/project_topic", graphName=name, topic=TOPIC, since=None, until=None,
                asOf=datetime.now(UTC).isoformat(), halfLifeDays=None, weights=weights,
                generation=RAW_GENERATION,
            )
        )  # fmt: skip
        _, b = await atimed(db.write("bench/raw_to_undirected", graphName=name))
        out["projection"] = a + b
        steps: list[tuple[str, str, dict[str, Any]]] = [
            ("pagerank", "bench/raw_pagerank", it),
            ("articlerank", "bench/raw_articlerank", it),
            ("betweenness", "bench/raw_betweenness", {"samplingSize": sample, "seed": 42}),
            ("degree", "bench/raw_degree_in", {}),
            ("degree", "bench/raw_degree_out", {}),
            ("eigenvector", "bench/raw_eigenvector", it),
            ("hits", "bench/raw_hits", {"iterations": 100}),
            ("louvain", "bench/raw_louvain", {}),
            ("wcc", "bench/raw_wcc", {}),
        ]
        for label, query, params in steps:
            if label in algorithms:
                _, s = await atimed(db.write(query, graphName=name, **params))
                out[label] = out.get(label, 0.0) + s
        props = [p for a in algorithms for p in PROPERTIES[a]]
        _, nodes_s = await atimed(db.write("bench/raw_write", graphName=name, properties=props))
        # The influence edges, written as the service writes them (tagged with a number).
        _, edges_s = await atimed(
            db.write("analytics/write_influences", graphName=name, concurrency=4)
        )
        out["edges"], out["write"] = edges_s, nodes_s
    finally:
        await db.write("bench/raw_drop", graphName=name)
        delete = {"generation": RAW_GENERATION, "limit": 50_000}
        while (await db.write("bench/raw_delete_influences", **delete))[0]["deleted"]:
            pass
    out["total"] = time.perf_counter() - start
    return out


async def igraph_run(db: Database, settings: Settings, algorithms: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    start = time.perf_counter()
    rows = await db.read("bench/export_edges", topic=TOPIC, weights=settings.interaction_weights)
    index: dict[str, int] = {}
    edges = [
        (index.setdefault(r["engager"], len(index)), index.setdefault(r["influencer"], len(index)))
        for r in rows
    ]
    g = ig.Graph(n=len(index), edges=edges, directed=True)
    g.es["weight"] = [r["weight"] for r in rows]
    out["projection"] = time.perf_counter() - start  # export + build
    n = g.vcount()
    _, out["pagerank"] = timed(lambda: g.pagerank(weights="weight", damping=0.85))
    if "betweenness" not in algorithms:
        pass
    elif n <= settings.betweenness_exact_max_nodes:
        _, out["betweenness"] = timed(lambda: g.betweenness(directed=True))
    else:
        sources = random.Random(42).sample(range(n), settings.betweenness_sample_size)
        _, out["betweenness"] = timed(lambda: g.betweenness(directed=True, sources=sources))
    _, out["degree"] = timed(
        lambda: (g.strength(mode="in", weights="weight"), g.strength(mode="out", weights="weight"))
    )
    if "eigenvector" in algorithms:
        _, out["eigenvector"] = timed(
            lambda: g.eigenvector_centrality(directed=True, weights="weight")
        )
    if "hits" in algorithms:
        _, out["hits"] = timed(lambda: (g.hub_score(), g.authority_score()))

    def undirected_louvain() -> Any:
        u = g.copy()
        u.to_undirected(mode="collapse", combine_edges="sum")
        return u.community_multilevel(weights="weight")

    _, out["louvain"] = timed(undirected_louvain)
    _, out["wcc"] = timed(lambda: g.connected_components(mode="weak"))
    out["total"] = time.perf_counter() - start
    return out


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:6.2f}x" if a is not None and b else "     -"


def report(size: int, load_s: float, first: Run, again: Run, sizes: tuple[int, int],
           native: float, cypher: float, raw: dict[str, float], igr: dict[str, float]
           ) -> None:  # fmt: skip
    """Both service jobs stage by stage: the first runs on a page cache the load left cold,
    the second (like the raw sequence and igraph, which run after it) on a warm one; the
    ratios are the second's."""
    svc, error, ran = first
    second, second_error, _ = again
    print(f"\n== {size:,} interactions: {sizes[0]:,} people, {sizes[1]:,} influence edges "
          f"(load {load_s:.1f} s); algorithms: {', '.join(ran)}")  # fmt: skip
    for label, seconds, failed in (("first", svc, error), ("second", second, second_error)):
        if failed:
            print(f"{label} service job FAILED (stage times up to the failure): {failed}")
        total, cleanup = seconds.get("total", 0.0), seconds.get("cleanup", 0.0)
        print(f"{label} service job: readable {total:.2f} s after its start; then "
              f"{cleanup:.2f} s of background clean-up deleting the previous results")  # fmt: skip
    print(f"projection alone: cypher {cypher:.2f} s, native (staged) {native:.2f} s "
          f"-> {'cypher' if cypher <= native else 'native'} is faster, "
          f"native/cypher {ratio(native, cypher).strip()}")  # fmt: skip
    header = ("stage", "1st job s", "2nd job s", "raw GDS s", "igraph s", "2nd/raw", "2nd/igraph")
    widths = (-14, 11, 11, 11, 10, 9, 11)
    print(
        "".join(f"{h:<{-w}}" if w < 0 else f"{h:>{w}}" for h, w in zip(header, widths, strict=True))
    )
    print("edges, signals: the service runs them beside the stages below (their seconds overlap"
          " theirs); raw: edges after the node properties")  # fmt: skip
    stages = [
        "edges", "signals", "estimate", "projection", *ran, "stream", "scoring", "write",
        "cleanup", "total",
    ]  # fmt: skip
    for stage in stages:
        f, s, r, i = svc.get(stage), second.get(stage), raw.get(stage), igr.get(stage)
        cells = [f"{v:11.2f}" if v is not None else f"{'-':>11}" for v in (f, s, r)]
        cells.append(f"{i:10.2f}" if i is not None else f"{'-':>10}")
        print(f"{stage:<14}{''.join(cells)}{ratio(s, r):>9}{ratio(s, i):>11}")


async def bench(
    sizes: list[int],
    keep: bool,
    warmup: int,
    heap: str,
    reuse: bool,
    full: bool,
    pagecache: str = "1g",
) -> None:
    settings = bench_settings(heap, pagecache)
    async with bench_database(settings, keep) as db:
        if warmup and not reuse:
            # JIT and page cache: the first runs on a fresh server are slower for everyone.
            await load(db, warmup)
            _, _, ran = await service_run(db, settings, full)
            await raw_sequence(db, settings, warmup // 10, ran)
        for size in sizes:
            counts = await graph_counts(db)
            if reuse and counts.interactions == size:
                load_s = 0.0  # the graph of the previous run
            else:
                load_s = await load(db, size)
            first = await service_run(db, settings, full)
            again = await service_run(db, settings, full)
            cypher, nodes, edges = projection_only(settings, db.queries, "cypher")
            native, _, _ = projection_only(settings, db.queries, "native")
            raw = await raw_sequence(db, settings, nodes, first[2])
            igr = await igraph_run(db, settings, first[2])
            report(size, load_s, first, again, (nodes, edges), native, cypher, raw, igr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="interaction counts")
    parser.add_argument("--keep-server", action="store_true", help="leave the bench Neo4j up")
    parser.add_argument("--warmup", type=int, default=20_000, help="interactions, not reported")
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep a loaded graph of the same size"
    )
    parser.add_argument(
        "--heap",
        default="6g",
        help="server heap (the GDS projection and algorithms run in it; results are written "
        "in batches of ANALYSIS_WRITE_BATCH rows, each its own transaction)",
    )
    parser.add_argument(
        "--pagecache", default="1g", help="server page cache (the 1M graph's store is 2.1 GiB)"
    )
    parser.add_argument("--full", action="store_true", help="every centrality, not the default set")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    asyncio.run(
        bench(sizes, args.keep_server, args.warmup, args.heap, args.reuse_data, args.full,
              args.pagecache)
    )  # fmt: skip


if __name__ == "__main__":
    main()
