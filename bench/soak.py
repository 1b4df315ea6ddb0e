"""Soak: mixed reads, writes and refused hostile queries against a real API process.

    python -m bench.soak --minutes 10

Starts its own Neo4j (under .state/neo4j-soak, Bolt 7920) and the API (`influence-graph serve`
on 127.0.0.1:7930, production profile, one admin key), loads a small demo graph, then runs
concurrent clients for the given time. Writes go through GraphQL mutations when the schema has
`upsertPeople`, else through the service's db layer (the loader's MERGE batches). Beside them,
analysis jobs run back to back: queued through `runAnalysis`, run by an `influence-graph
worker` process, followed through `job(id)` until they end. Prints the error count, latency
percentiles per kind, how the jobs ended and how long they took, and the API process's memory
(RSS) growth; stops the servers at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.api.security.keys import create_api_key
from service.api.security.scopes import Scope
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import wipe
from service.db.migrate import migrate
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.localdb.server import LocalNeo4j
from service.settings import PROJECT_ROOT, Settings

API_PORT = 7930
TOPIC = "climate"
READS = [
    "{ graphCounts { people topics interactions follows } }",
    "{ topics { id name parent { id name } interactionCount } }",
    "{ serverInfo { neo4jVersion gdsVersion } }",
    '{ influencers(topic: "climate", first: 20) '
    "{ totalCount edges { node { rank score role person { name } } } } }",
    '{ communities(topic: "climate", first: 5) '
    "{ edges { node { id size leaders(first: 3) { name } } } } }",
]
PROFILE = (
    'query($id: ID!) { person(id: $id) { name stats { followerCount } influence(topic: "climate")'
    ' { rank role } } whoInfluences(person: $id, topic: "climate", first: 5) '
    "{ edges { node { weight person { name } } } } }"
)
UPSERT = "mutation($people: [PersonInput!]!) { upsertPeople(people: $people) { __typename } }"
HOSTILE = '{ topic(id: "t") { ' + "parent { " * 30 + "id" + " }" * 30 + " } }"


def soak_settings() -> Settings:
    return Settings(
        local_bolt_port=7920,
        local_http_port=7921,
        state_dir=PROJECT_ROOT / ".state" / "neo4j-soak",
        neo4j_password=SecretStr("soak-pass-1"),
        local_heap="1g",
        local_pagecache="256m",
    )


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def prepare(settings: Settings) -> tuple[str, list[str]]:
    driver = create_async_driver(settings)
    db = Database.for_settings(driver, settings)
    try:
        await migrate(db)
        await wipe(db)
        demo = generate(seed=11, people=400)
        await load_records(db, demo.records())
        job = await enqueue_analysis(db, TOPIC, None, settings)  # the reads need scores
        worker = Worker(db, settings)
        try:
            await worker.run_once(job.id)
        finally:
            await worker.aclose()
        token, _ = await create_api_key(db, "soak", [Scope.ADMIN], rate_limit=100_000.0)
        people = [r.id for r in demo.records() if isinstance(r, PersonRecord)]
        return token, people
    finally:
        await driver.close()


class Tally:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.samples) < 10:
            self.samples.append(f"{kind}: {detail[:200]}")


async def client_loop(
    worker: int, deadline: float, token: str, people: list[str], tally: Tally,
    db: Database, has_upsert: bool,
) -> None:  # fmt: skip
    rng = random.Random(worker)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{API_PORT}", timeout=30) as http:
        batch = 0
        while time.monotonic() < deadline:
            roll = rng.random()
            began = time.perf_counter()
            if roll < 0.75:
                kind = "read"
                query = rng.choice([*READS, PROFILE])
                variables = {"id": rng.choice(people)} if query is PROFILE else {}
                body = {"query": query, "variables": variables}
                ok = await _graphql(http, headers, body, tally, kind)
            elif roll < 0.93:
                kind = "write"
                batch += 1
                ids = [f"soak-{worker}-{batch}-{i}" for i in range(10)]
                if has_upsert:  # one query text, the people as variables, as partner tools do
                    people_in = [{"id": i, "name": i} for i in ids]
                    body = {"query": UPSERT, "variables": {"people": people_in}}
                    ok = await _graphql(http, headers, body, tally, kind)
                else:
                    try:
                        await load_records(db, [PersonRecord(id=i, name=i) for i in ids])
                        ok = True
                    except Exception as exc:  # counted, the soak goes on
                        tally.error(kind, repr(exc))
                        ok = False
            else:
                kind = "hostile"
                response = await http.post("/graphql", json={"query": HOSTILE}, headers=headers)
                code = response.json()["errors"][0]["extensions"]["code"]
                ok = code == "MAX_DEPTH_EXCEEDED"
                if not ok:
                    tally.error(kind, response.text)
            if ok:
                tally.latency[kind].append(time.perf_counter() - began)


async def _graphql(
    http: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any], tally: Tally, kind: str
) -> bool:
    try:
        response = await http.post("/graphql", json=body, headers=headers)
    except httpx.HTTPError as exc:
        tally.error(kind, repr(exc))
        return False
    if response.status_code != 200 or response.json().get("errors"):
        tally.error(kind, f"{response.status_code} {response.text}")
        return False
    return True


async def job_loop(
    deadline: float, token: str, tally: Tally, jobs: dict[str, int], durations: list[float]
) -> None:
    """Analysis jobs back to back, as a scheduler would run them: queue one through
    `runAnalysis`, poll `job(id)` until it ends, count how it ended, queue the next."""
    headers = {"Authorization": f"Bearer {token}"}
    run = {"query": f'mutation {{ runAnalysis(topic: "{TOPIC}") {{ id }} }}'}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{API_PORT}", timeout=30) as http:
        while time.monotonic() < deadline:
            began = time.perf_counter()
            response = await http.post("/graphql", json=run, headers=headers)
            payload = response.json()
            if response.status_code != 200 or payload.get("errors"):
                tally.error("job", f"{response.status_code} {response.text}")
                await asyncio.sleep(1)
                continue
            job_id = payload["data"]["runAnalysis"]["id"]
            poll = {"query": f'{{ job(id: "{job_id}") {{ status error }} }}'}
            status = "queued"
            while status in ("queued", "running"):
                await asyncio.sleep(0.5)
                found = (await http.post("/graphql", json=poll, headers=headers)).json()
                status = found["data"]["job"]["status"]
            jobs[status] = jobs.get(status, 0) + 1
            if status == "succeeded":
                durations.append(time.perf_counter() - began)
            else:
                tally.error("job", f"{status}: {found['data']['job']['error']}")


async def wait_ready(http: httpx.AsyncClient, seconds: float = 60.0) -> None:
    """Poll the served API's /readyz every half second until it answers 200 (or give up)."""
    for _ in range(int(seconds * 2)):
        try:
            if (await http.get("/readyz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(minutes: float, clients: int) -> dict[str, object]:
    settings = soak_settings()
    server = LocalNeo4j(settings)
    server.start(echo=False)
    token, people = await prepare(settings)
    env = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_PASSWORD": "soak-pass-1",
        "PROFILE": "production",
        "LOG_LEVEL": "WARNING",
    }
    api = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(API_PORT)],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "service", "worker"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    driver = create_async_driver(settings)
    db = Database.for_settings(driver, settings)
    jobs: dict[str, int] = {}
    durations: list[float] = []
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{API_PORT}") as http:
            await wait_ready(http)
            fields = await http.post(
                "/graphql",
                json={"query": "{ __typename }"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert fields.status_code == 200, fields.text
        schema_text = (PROJECT_ROOT / "schema" / "schema.graphql").read_text()
        has_upsert = "upsertPeople(" in schema_text
        has_analysis = "runAnalysis(" in schema_text
        tally = Tally()
        warmup = time.monotonic() + 10
        await asyncio.gather(*(
            client_loop(w, warmup, token, people, Tally(), db, has_upsert)
            for w in range(clients)
        ))  # fmt: skip
        rss_start = rss_kib(api.pid)
        began = time.monotonic()
        ends = began + minutes * 60
        rss_samples: list[float] = []

        async def sample_rss() -> None:  # once a minute: growth that stops is not a leak
            while time.monotonic() < ends:
                await asyncio.sleep(min(60.0, max(0.0, ends - time.monotonic())))
                rss_samples.append(round(rss_kib(api.pid) / 1024, 1))

        await asyncio.gather(
            *(client_loop(w, ends, token, people, tally, db, has_upsert)
              for w in range(clients)),
            *([job_loop(ends, token, tally, jobs, durations)] if has_analysis else []),
            sample_rss(),
        )  # fmt: skip
        elapsed = time.monotonic() - began
        rss_end = rss_kib(api.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        api.terminate()
        api.wait(timeout=30)
        await driver.close()
        server.stop(echo=False)
    everything = [x for values in tally.latency.values() for x in values]
    job_summary = {
        **jobs,
        "p50_s": round(percentile(durations, 0.5), 1),
        "max_s": round(max(durations, default=0.0), 1),
    }
    return {
        "minutes": round(elapsed / 60, 2),
        "clients": clients,
        "requests": len(everything) + sum(tally.errors.values()),
        "throughput_per_s": round((len(everything) + sum(tally.errors.values())) / elapsed, 1),
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "error_samples": tally.samples,
        "p50_ms": round(1000 * percentile(everything, 0.50), 1),
        "p99_ms": round(1000 * percentile(everything, 0.99), 1),
        "by_kind": {
            kind: {
                "count": len(values),
                "p50_ms": round(1000 * statistics.median(values), 1),
                "p99_ms": round(1000 * percentile(values, 0.99), 1),
            }
            for kind, values in tally.latency.items()
        },
        "writes_via": "GraphQL upsertPeople" if has_upsert else "db layer (no mutation yet)",
        "jobs": job_summary if has_analysis else "none (no runAnalysis mutation on this branch)",
        "api_rss_start_mib": round(rss_start / 1024, 1),
        "api_rss_end_mib": round(rss_end / 1024, 1),
        "api_rss_growth_mib": round((rss_end - rss_start) / 1024, 1),
        "api_rss_each_minute_mib": rss_samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    result = asyncio.run(run(args.minutes, args.clients))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
