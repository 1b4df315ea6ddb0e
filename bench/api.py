"""bench/api: latency and throughput of the GraphQL API beside the same Cypher run directly.

    .venv/bin/python -m bench.api [--seconds 10] [--concurrency 1,8,32]

Starts its own Neo4j (ports 7610/7611, data under .state/bench-api), loads and analyses the
demo data once (kept between runs), serves the API in a separate process and drives it over
loopback with a small Go load generator (bench/loadgen, built on first use into the cache; a
Python client would take much of the 2 shared cores from the service it measures). For each of
three representative queries and each concurrency it prints p50/p99 latency and requests/s,
beside the Cypher those requests run, sent straight through the async driver from this
process in the same run: the ratio is what the API layer costs. Then p99 of the influencers
page at a fixed 50 requests/s (open loop), and its throughput from a second API process with
the response cache on (RESPONSE_CACHE_SECONDS=2), where repeated requests are served without
touching Neo4j; the uncached influencers page on one and on two API processes (helm's default
is two replicas; requests take turns), with the CPU each request costs the API and Neo4j;
and one 10,000-object response. Last, the floor under the overhead: the
influencers page served by uvicorn and graphql-core alone (bench/graphql_floor.py: no
strawberry, no security layer), measured beside the API and the Cypher in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from bench.procfs import process_cpu
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.api.loaders import LEADERS_PER_COMMUNITY
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import counts, wipe
from service.db.influence import (
    communities_page,
    influencers_by_rank,
    leaders_by_ids,
    links,
    scores_by_keys,
)
from service.db.migrate import migrate
from service.db.people import people_by_ids, people_page, stats_by_ids
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.localdb.server import LocalNeo4j
from service.models import PersonFilter
from service.settings import PROJECT_ROOT, Settings
from tests.support.served import free_port, served, served_process

TOPIC = "climate"
NO_FILTER: dict[str, Any] = {"role": None, "kind": None, "language": None, "minPercentiles": {}}

QUERIES = {
    "influencers page": (
        """query { influencers(topic: "climate", first: 20) {
             edges { node { rank score role person { id name handle followers } } } } }"""
    ),
    "profile + neighbours": (
        """query($id: ID!) { person(id: $id) {
             name handle kind followers
             stats { followerCount followingCount performed received }
             influence(topic: "climate") { rank score role } }
           whoInfluences(person: $id, topic: "climate", first: 10) {
             edges { node { weight interactions person { id name } } } } }"""
    ),
    "communities": (
        """query { communities(topic: "climate", first: 10) {
             edges { node { id size algorithm leaders(first: 3) { id name } } } } }"""
    ),
}


def bench_settings() -> Settings:
    return Settings(
        neo4j_password=SecretStr("bench-password-1"),
        local_bolt_port=7610,
        local_http_port=7611,
        state_dir=PROJECT_ROOT / ".state" / "bench-api",
        local_heap="2g",
        local_pagecache="1g",
    )


async def prepare(settings: Settings) -> str:
    """Load the demo data unless already there, analyse it; return the opinion leader's id."""
    driver = create_async_driver(settings)
    db = Database.for_settings(driver, settings)
    data = generate(seed=7, people=10_000)
    try:
        await migrate(db)
        if (await counts(db)).people != len(data.persons):
            print("loading the demo data (10,000 people) ...", flush=True)
            await wipe(db)
            await load_records(db, data.records())
        # Analysed on every run: the results are those the current code writes.
        print(f"analysing {TOPIC} ...", flush=True)
        worker = Worker(db, settings)
        try:
            job = await enqueue_analysis(db, TOPIC, None, settings)
            await worker.run_once(job.id)
        finally:
            await worker.aclose()
    finally:
        await driver.close()
    return data.planted.opinion_leaders[TOPIC]


def cypher_baselines(db: Database, person: str) -> dict[str, Callable[[], Awaitable[Any]]]:
    """The same Cypher each GraphQL query runs, in the same order, straight through the driver."""

    async def influencers() -> Any:
        return await influencers_by_rank(db, TOPIC, NO_FILTER, 0, 21)  # reads the people too

    async def profile() -> Any:
        await asyncio.gather(
            people_by_ids(db, [person]),
            links(db, person, TOPIC, "in", None, 11),
        )
        await asyncio.gather(stats_by_ids(db, [person]), scores_by_keys(db, [(person, TOPIC)]))
        found = await links(db, person, TOPIC, "in", None, 11)
        return await people_by_ids(db, [f.person for f in found[:10]])

    async def communities() -> Any:
        found = await communities_page(db, TOPIC, None, None, 11)
        ids = [c.id for c in found[:10]]
        leaders = await leaders_by_ids(db, ids, LEADERS_PER_COMMUNITY)
        return await people_by_ids(db, list({p for people in leaders.values() for p in people}))

    return {"influencers page": influencers, "profile + neighbours": profile,
            "communities": communities}  # fmt: skip


async def closed_loop(
    call: Callable[[], Awaitable[Any]], concurrency: int, seconds: float
) -> tuple[list[float], float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def user() -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    return latencies, time.perf_counter() - began


def build_loadgen(cache_dir: Path) -> Path:
    """The Go load generator (bench/loadgen), built into the cache outside the work tree."""
    source = Path(__file__).parent / "loadgen"
    cache = cache_dir / "bin"
    binary = cache / "loadgen"
    newest = max(f.stat().st_mtime for f in source.iterdir())
    if not binary.exists() or binary.stat().st_mtime < newest:
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["go", "build", "-o", str(binary), "."], cwd=source, check=True)
    return binary


def loadgen(
    binary: Path, url: str | list[str], body: dict[str, Any], seconds: float, *,
    clients: int = 0, rate: float = 0.0,
) -> tuple[list[float], float]:  # fmt: skip
    """Latencies (seconds) and elapsed time of requests sent by the Go load generator (to
    several URLs in turn, when given several)."""
    urls = [url] if isinstance(url, str) else url
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(body, f)
        f.flush()
        mode = ["-rate", str(rate)] if rate else ["-c", str(clients)]
        out = subprocess.run(
            [str(binary), "-url", ",".join(f"{u}/graphql" for u in urls), "-body", f.name,
             "-d", str(seconds), *mode],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    report = json.loads(out.stdout)
    if report["errors"]:
        raise RuntimeError(f"{report['errors']} failed requests: {report.get('first_error')}")
    return [ms / 1000 for ms in report["latencies_ms"]], float(report["seconds"])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def run(
    instances: list[tuple[str, int]], cached_url: str, neo4j_pid: int, settings: Settings,
    person: str, seconds: float, levels: list[int],
) -> None:  # fmt: skip
    """`instances`: (URL, pid) of the uncached API processes; the first serves the tables."""
    url = instances[0][0]
    driver = create_async_driver(settings)
    db = Database.for_settings(driver, settings)
    baselines = cypher_baselines(db, person)
    binary = build_loadgen(settings.cache_dir)

    def body(query: str) -> dict[str, Any]:
        return {"query": query, "variables": {"id": person} if "$id" in query else {}}

    print(f"\n{'query':<22}{'conc':>5} | {'API p50':>8}{'p99':>8}{'req/s':>8} | "
          f"{'Cypher p50':>10}{'p99':>8}{'req/s':>8} | {'p50 ratio':>9}")  # fmt: skip
    page_p50: dict[int, tuple[float, float]] = {}  # influencers page: API, Cypher
    for name, query in QUERIES.items():
        loadgen(binary, url, body(query), 1.0, clients=1)  # warm up both paths
        await baselines[name]()
        for c in levels:
            api, api_time = loadgen(binary, url, body(query), seconds, clients=c)
            raw, raw_time = await closed_loop(baselines[name], c, seconds)
            if name == "influencers page":
                page_p50[c] = (pct(api, 0.5), pct(raw, 0.5))
            print(
                f"{name:<22}{c:>5} | {pct(api, 0.5):>7.1f}ms{pct(api, 0.99):>6.1f}ms"
                f"{len(api) / api_time:>8.0f} | {pct(raw, 0.5):>9.1f}ms{pct(raw, 0.99):>6.1f}ms"
                f"{len(raw) / raw_time:>8.0f} | {pct(api, 0.5) / pct(raw, 0.5):>8.2f}x",
                flush=True,
            )
    page = body(QUERIES["influencers page"])
    print()
    for label, target in (("no cache", url), ("response cache 2 s", cached_url)):
        fixed, _ = loadgen(binary, target, page, seconds, rate=50)
        print(f"influencers page at a fixed 50 req/s for {seconds:g}s, {label}: "
              f"p50 {pct(fixed, .5):.1f} ms, p99 {pct(fixed, .99):.1f} ms "
              f"(target p99 <= 150 ms)")  # fmt: skip
    print("\ninfluencers page with the response cache (RESPONSE_CACHE_SECONDS=2):")
    for c in levels:
        hits, hits_time = loadgen(binary, cached_url, page, seconds, clients=c)
        print(f"  conc {c:>3}: p50 {pct(hits, .5):.1f} ms, p99 {pct(hits, .99):.1f} ms, "
              f"{len(hits) / hits_time:.0f} req/s (target >= 500 req/s)")  # fmt: skip

    print("\ninfluencers page, no cache, on 1 and on 2 API instances (helm runs 2 by default;"
          " requests take turns, as behind its Service), CPU per request from /proc:")  # fmt: skip
    for n in (1, len(instances)) if len(instances) > 1 else (1,):
        urls, pids = [u for u, _ in instances[:n]], [p for _, p in instances[:n]]
        loadgen(binary, urls, page, 1.0, clients=8)
        for c in levels[1:] or levels:
            api_cpu = sum(process_cpu(p) for p in pids)
            db_cpu = process_cpu(neo4j_pid)
            hits, hits_time = loadgen(binary, urls, page, seconds, clients=c)
            api_ms = (sum(process_cpu(p) for p in pids) - api_cpu) / len(hits) * 1000
            db_ms = (process_cpu(neo4j_pid) - db_cpu) / len(hits) * 1000
            print(f"  {n} instance{'s' if n > 1 else ' '} conc {c:>3}: "
                  f"{len(hits) / hits_time:.0f} req/s (target >= 500), p50 {pct(hits, .5):.1f} ms,"
                  f" p99 {pct(hits, .99):.1f} ms; CPU per request: API {api_ms:.2f} ms, "
                  f"Neo4j {db_ms:.2f} ms")  # fmt: skip

    big = """query { people(first: 10000) {
               edges { node { id name handle kind followers } } } }"""
    limits = httpx.Limits(max_connections=4)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        times = []
        for _ in range(3):
            began = time.perf_counter()
            response = await http.post("/graphql", json={"query": big})
            times.append(time.perf_counter() - began)
            nodes = len(response.json()["data"]["people"]["edges"])
    raw_times = []
    for _ in range(3):
        began = time.perf_counter()
        await people_page(db, PersonFilter(), None, 10_001)
        raw_times.append(time.perf_counter() - began)
    print(f"{nodes:,}-object response: {statistics.median(times) * 1000:.0f} ms over HTTP "
          f"(median of 3; Cypher alone {statistics.median(raw_times) * 1000:.0f} ms; "
          f"target <= 500 ms)")  # fmt: skip
    await driver.close()

    print("\ninfluencers page, floor: uvicorn + graphql-core only (no strawberry, no security "
          "layer), same Cypher; p50 each, measured one after the other:")  # fmt: skip
    with floor_served(settings, QUERIES["influencers page"]) as floor_url:
        loadgen(binary, floor_url, page, 1.0, clients=1)
        for c in levels:
            floor, floor_time = loadgen(binary, floor_url, page, seconds, clients=c)
            api_p50, raw_p50 = page_p50[c]
            floor_p50 = pct(floor, 0.5)
            print(f"  conc {c:>3}: floor {floor_p50:.1f} ms ({len(floor) / floor_time:.0f} req/s), "
                  f"API {api_p50:.1f} ms, Cypher {raw_p50:.1f} ms: floor/Cypher "
                  f"{floor_p50 / raw_p50:.2f}x, API/floor {api_p50 / floor_p50:.2f}x")  # fmt: skip


@contextlib.contextmanager
def floor_served(settings: Settings, document: str) -> Iterator[str]:
    """bench/graphql_floor.py in its own process; yields its URL once it answers."""
    port = free_port()
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value()}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.graphql_floor", str(port), document],
        cwd=Path(__file__).parent.parent, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.post(f"{url}/graphql", json={}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--keep-neo4j", action="store_true")
    args = parser.parse_args()
    settings = bench_settings()
    server = LocalNeo4j(settings)
    status = server.start()
    assert status.pid is not None
    try:
        person = asyncio.run(prepare(settings))
        env = {
            "RATE_LIMIT_PER_SECOND": "1000000",
            "RATE_LIMIT_BURST": "1000000",
            "MAX_PAGE_SIZE": "10000",
            "MAX_COST": "100000000",
            "LOCAL_BOLT_PORT": "7610",
        }
        cached = {**env, "RESPONSE_CACHE_SECONDS": "2"}
        with (
            served_process(settings, None, **env) as (url, proc),
            served_process(settings, None, **env) as (second_url, second_proc),
            served(settings, **cached) as cached_url,
        ):
            levels = [int(c) for c in args.concurrency.split(",")]
            instances = [(url, proc.pid), (second_url, second_proc.pid)]
            asyncio.run(
                run(instances, cached_url, status.pid, settings, person, args.seconds, levels)
            )
    finally:
        if not args.keep_neo4j:
            server.stop()


if __name__ == "__main__":
    main()
