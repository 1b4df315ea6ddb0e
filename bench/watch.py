"""Relationship recomputation after a 10k-interaction load, and crisis-watch detection over 90
days of one topic, beside baselines measured in the same run.

    BENCH_BOLT_PORT=... BENCH_HTTP_PORT=... .venv/bin/python -m bench.watch \
        [--base 100000] [--extra 10000] [--runs 10]

Runs on a local Neo4j of its own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7850/7851, data in
BENCH_STATE_DIR, default .state/neo4j-watch), which it wipes. The data: 3,000 people, a brand
with 10 representatives (5 official, 3 employees, 2 customer advocates), `--base`
interactions on one topic over 90 days (a fifth of them targeting a representative, a tenth
performed by one; sentiment uniform in -1..1), then `--extra` more over the same days.

Figures: the extra load end to end (validation, writes, relationship refresh, detection); the
refresh of what it touched, run again alone; the whole brand recomputed (the baseline the
incremental refresh avoids); detection over the topic (p50 of `--runs`) beside one plain count
of the topic's interactions over the same days.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.queries import queries_with_bench
from bench.server import bench_server
from service.alerts.watch import detect
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import wipe
from service.db.migrate import migrate
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)
from service.ingest.rows import record_row
from service.localdb.server import LocalNeo4j
from service.relationships.refresh import Touched, recompute_brand, refresh
from service.settings import Settings

START = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 90
PEOPLE = [f"w{k:05d}" for k in range(3000)]
REPS = PEOPLE[:10]
ROLES = ["official"] * 5 + ["employee"] * 3 + ["customer_advocate"] * 2
TYPES = ("share", "quote", "reply", "comment", "mention", "like")


def settings() -> Settings:
    return bench_server(7850, ".state/neo4j-watch")


def interactions(rng: random.Random, prefix: str, n: int) -> list[InteractionRecord]:
    out = []
    for k in range(n):
        roll = rng.random()
        actor = rng.choice(REPS) if roll < 0.1 else rng.choice(PEOPLE[10:])
        target = rng.choice(REPS) if 0.1 <= roll < 0.3 else rng.choice(PEOPLE[10:])
        if actor == target:
            target = PEOPLE[-1] if actor != PEOPLE[-1] else PEOPLE[-2]
        at = START + timedelta(seconds=rng.randrange(DAYS * 86400))
        out.append(InteractionRecord.model_validate(
            {"id": f"{prefix}{k}", "type": rng.choice(TYPES), "actor": actor, "target": target,
             "topics": ["energy"], "at": at.isoformat(),
             "sentiment": round(rng.uniform(-1, 1), 3)}))  # fmt: skip
    return out


def base(n: int) -> list[Any]:
    out: list[Any] = [TopicRecord(id="energy", name="Energy"), BrandRecord(id="nw", name="NW")]
    out += [PersonRecord(id=p, name=f"Person {p}") for p in PEOPLE]
    roles = zip(REPS, ROLES, strict=True)
    out += [RepresentsRecord(person=p, brand="nw", role=r) for p, r in roles]
    return out + interactions(random.Random(19), "i", n)


async def timed(work: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = await work
    return time.perf_counter() - t, out


async def measure(n: int, extra: int, runs: int) -> None:
    s = settings()
    LocalNeo4j(s).start(echo=False)
    driver = create_async_driver(s)
    try:
        db = Database(driver, queries_with_bench(s), s.neo4j_database, 3600)
        await migrate(db)
        await wipe(db)
        took, _ = await timed(load_records(db, base(n)))
        print(f"loaded {n:,} interactions in {took:.1f} s")
        more = interactions(random.Random(20), "x", extra)
        took, _ = await timed(load_records(db, more))
        print(f"load of {extra:,} more, end to end (with refresh and detection): {took:.2f} s")
        touched = Touched()
        touched.add_rows("interaction", [record_row(r) for r in more])
        took, brands = await timed(refresh(db, touched, s))
        print(f"refresh of what it touched, alone: {took:.2f} s (brands {brands})")
        full, count = await timed(recompute_brand(db, "nw", s))
        print(f"whole brand recomputed: {full:.2f} s ({count:,} relationships); "
              f"refresh / whole {took / full:.2f}")  # fmt: skip
        since = START.isoformat()
        detections, scans = [], []
        for _ in range(runs + 1):  # the first of each is a warm-up
            detections.append((await timed(detect(db, "nw", s)))[0])
            scans.append((await timed(db.read("bench/topic_interaction_count", topic="energy",
                                              since=since)))[0])  # fmt: skip
        d, c = statistics.median(detections[1:]), statistics.median(scans[1:])
        print(
            f"detection over {DAYS} days of {n + extra:,} topic interactions: p50 "
            f"{d * 1000:.0f} ms; plain count p50 {c * 1000:.0f} ms; ratio {d / c:.1f}x"
        )
    finally:
        await driver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--extra", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(measure(args.base, args.extra, args.runs))


if __name__ == "__main__":
    main()
