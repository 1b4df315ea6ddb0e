"""Soak's hostile mix (issue 17): a normal query's latency, alone and while clients loop the
heaviest requests every limit still allows.

    python -m bench.soak_hostile --seconds 60 --hostile 2

Uses the Neo4j the settings name (NEO4J_URI, or the local one under STATE_DIR on
LOCAL_BOLT_PORT, started if needed), loads the demo graph (seed 11, 600 people) and analyses
`climate`, then serves the API in its own process (`influence-graph serve`, one event loop,
on PORT). In the same run, three phases of `--seconds` each: the normal query alone, then
with `--hostile` clients each looping the heaviest allowed request (as many aliases of
`influencers(first: 100) { explanation(people: 50, interactions: 50) ... }` as MAX_COST
admits, arguments varied so that no cache answers them), then alone again. Prints p50/p99 of
the normal query per phase, the hostile requests' count, latency and refusals.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from typing import Any

import httpx

from bench.soak import percentile, wait_ready
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import wipe
from service.db.migrate import migrate
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.localdb.server import LocalNeo4j
from service.settings import PROJECT_ROOT, Settings

TOPIC = "climate"
NORMAL = (
    '{ person(id: "%s") { name stats { followerCount } influence(topic: "climate") { rank } } }'
)


def heaviest(aliases: int, people: int, interactions: int) -> str:
    page = (
        'influencers(topic: "climate", first: 100) { edges { node { rank '
        f"explanation(people: {people}, interactions: {interactions}) {{ "
        "contributors { personId weight contribution } "
        "interactions { id type weight } } } } }"
    )
    return "{ " + " ".join(f"a{n}: {page}" for n in range(aliases)) + " }"


async def prepare(settings: Settings) -> list[str]:
    driver = create_async_driver(settings)
    db = Database.for_settings(driver, settings)
    try:
        await migrate(db)
        await wipe(db)
        demo = generate(seed=11, people=600)
        await load_records(db, demo.records())
        job = await enqueue_analysis(db, TOPIC, None, settings)
        worker = Worker(db, settings)
        try:
            done = await worker.run_once(job.id)
            assert done is not None
            assert done.status == "succeeded", done.error
        finally:
            await worker.aclose()
        rows = await db.read("analytics/rankings", topic=TOPIC, first=50, afterRank=0, role=None)
        return [r["person"] for r in rows]
    finally:
        await driver.close()


async def normal_loop(http: httpx.AsyncClient, people: list[str], until: float) -> list[float]:
    times: list[float] = []
    while time.monotonic() < until:
        start = time.perf_counter()
        r = await http.post("/graphql", json={"query": NORMAL % random.choice(people)})
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.text
        assert "errors" not in r.json(), r.text
        await asyncio.sleep(0.02)
    return times


async def hostile_loop(http: httpx.AsyncClient, aliases: int, until: float) -> dict[str, Any]:
    done, refused, times = 0, 0, []
    while time.monotonic() < until:
        query = heaviest(aliases, random.randint(45, 50), random.randint(45, 50))
        start = time.perf_counter()
        r = await http.post("/graphql", json={"query": query}, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        body = r.json()
        if body.get("errors"):
            refused += 1
        done += 1
    return {"requests": done, "with_errors": refused, "times": times}


async def find_aliases(http: httpx.AsyncClient) -> int:
    """The most aliases of the heavy page that the cost limit admits."""
    aliases = 1
    while aliases < 20:
        r = await http.post("/graphql", json={"query": heaviest(aliases + 1, 50, 50)}, timeout=60)
        errors = r.json().get("errors") or []
        if any(e.get("extensions", {}).get("code") == "MAX_COST_EXCEEDED" for e in errors):
            return aliases
        aliases += 1
    return aliases


async def phase(
    port: int, people: list[str], seconds: float, hostile: int, aliases: int
) -> dict[str, Any]:
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=hostile + 2)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as http:
        results = await asyncio.gather(
            normal_loop(http, people, until),
            *(hostile_loop(http, aliases, until) for _ in range(hostile)),
        )
    normal: list[float] = results[0]
    hostile_runs: list[dict[str, Any]] = list(results[1:])
    hostile_times = [t for h in hostile_runs for t in h["times"]]
    return {
        "normal_n": len(normal),
        "normal_p50_ms": round(percentile(normal, 0.50), 1),
        "normal_p99_ms": round(percentile(normal, 0.99), 1),
        "normal_max_ms": round(max(normal), 1),
        "hostile_requests": sum(h["requests"] for h in hostile_runs),
        "hostile_with_errors": sum(h["with_errors"] for h in hostile_runs),
        "hostile_p50_ms": round(percentile(hostile_times, 0.5), 1) if hostile_times else None,
    }


async def run(seconds: float, hostile: int) -> None:
    settings = Settings()
    if settings.uses_local_neo4j:
        LocalNeo4j(settings).start(echo=False)
    people = await prepare(settings)
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "LOG_LEVEL": "WARNING",
           "RATE_LIMIT_PER_SECOND": "100000", "RATE_LIMIT_BURST": "100000"}  # fmt: skip
    port = int(os.environ.get("PORT", "12300"))
    api = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            await wait_ready(http)
            aliases = await find_aliases(http)
        print(
            f"heaviest allowed request: {aliases} aliases of influencers(first: 100) "
            f"{{ explanation(people: 50, interactions: 50) }} (MAX_COST {settings.max_cost})"
        )
        await phase(port, people, 5, 0, aliases)  # warm-up
        for name, clients in (("alone", 0), ("hostile", hostile), ("alone again", 0)):
            print(name, await phase(port, people, seconds, clients, aliases), flush=True)
    finally:
        api.terminate()
        api.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--hostile", type=int, default=2, help="clients looping the heavy request")
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.hostile))


if __name__ == "__main__":
    main()
