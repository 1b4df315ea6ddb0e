"""Relationship recomputation after a 10k-interaction load, and crisis-watch detection over 90
days of one topic, beside baselines measured in the same run.

    BENCH_BOLT_PORT=... BENCH_HTTP_PORT=... .venv/bin/python -m bench.watch \
        [--base 100000] [--extra 10000] [--people 3000] [--runs 10] [--reuse]

Runs on a local Neo4j of its own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7850/7851, data in
BENCH_STATE_DIR, default .state/neo4j-watch, heap BENCH_HEAP), which it wipes. The data:
`--people` people, a brand with 10 representatives (5 official, 3 employees, 2 customer
advocates) and one campaign claiming the url prefix https://nw.example/, `--base`
interactions on one topic over 90 days (a fifth of them targeting a representative, a tenth
performed by one; sentiment uniform in -1..1; half carry a url, one in fifty of those under
the campaign's prefix), then `--extra` more over the same days. The base is written with the
loader's batch writers and its relationships computed once (setup, timed but not the
figure); the extra goes through the loader end to end.

Figures: the extra load end to end (validation, writes, relationship refresh, detection); the
refresh of what it touched, run again alone; the same refresh with every url-bearing actor
marked (the rule before 2026-12-04: any url or hashtag might be a campaign's); the whole brand
recomputed (the baseline the incremental refresh avoids); detection over the topic (p50 of
`--runs`) beside one plain count of the topic's interactions over the same days.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.queries import queries_with_bench
from bench.server import bench_server
from service.alerts.watch import detect
from service.campaigns.campaigns import CampaignFields, create_campaign
from service.db import ingest as ingest_db
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
REPS = 10
ROLES = ["official"] * 5 + ["employee"] * 3 + ["customer_advocate"] * 2
TYPES = ("share", "quote", "reply", "comment", "mention", "like")
PREFIX = "https://nw.example/"
BATCH = 5_000


def settings(base: int) -> Settings:
    heap, pagecache = ("4g", "2g") if base > 200_000 else ("2g", "1g")
    return bench_server(7850, ".state/neo4j-watch", heap, local_pagecache=pagecache)


def person(k: int) -> str:
    return f"w{k:06d}"


def rows(rng: random.Random, prefix: str, n: int, people: int) -> Iterator[dict[str, Any]]:
    for k in range(n):
        roll = rng.random()
        actor = rng.randrange(REPS) if roll < 0.1 else rng.randrange(REPS, people)
        target = rng.randrange(REPS) if 0.1 <= roll < 0.3 else rng.randrange(REPS, people)
        if actor == target:
            target = people - 1 if actor != people - 1 else people - 2
        url = None
        if rng.random() < 0.5:
            url = (PREFIX if rng.random() < 0.02 else "https://elsewhere.example/") + str(k)
        at = START + timedelta(seconds=rng.randrange(DAYS * 86400))
        yield {"id": f"{prefix}{k}", "type": rng.choice(TYPES), "actor": person(actor),
               "target": person(target), "topics": ["energy"], "at": at.isoformat(),
               "sentiment": round(rng.uniform(-1, 1), 3), "platform": "bench", "url": url,
               "count": 1}  # fmt: skip


async def write_base(db: Database, n: int, people: int) -> None:
    await ingest_db.write_topics(db, [record_row(TopicRecord(id="energy", name="Energy"))])
    await ingest_db.write_brands(db, [record_row(BrandRecord(id="nw", name="NW"))])
    for start in range(0, people, BATCH):
        ids = range(start, min(people, start + BATCH))
        await ingest_db.write_persons(
            db, [record_row(PersonRecord(id=person(k), name=f"Person {k}")) for k in ids]
        )
    reps = [RepresentsRecord(person=person(k), brand="nw", role=ROLES[k]) for k in range(REPS)]
    await ingest_db.write_represents(db, [record_row(r) for r in reps])
    fields = CampaignFields("Switch", START, START + timedelta(days=DAYS), ("energy",), (PREFIX,))
    await create_campaign(db, "switch", "nw", fields)
    batch: list[dict[str, Any]] = []
    for row in rows(random.Random(19), "i", n, people):
        batch.append(row)
        if len(batch) == BATCH:
            await ingest_db.write_interactions(db, batch)
            batch = []
    if batch:
        await ingest_db.write_interactions(db, batch)


async def timed(work: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = await work
    return time.perf_counter() - t, out


async def refreshes(db: Database, extra: list[dict[str, Any]], s: Settings) -> float:
    """The refresh of what the extra load touched (its rows written again, which changes
    nothing, to get what the writer reports), alone; then with the former rule."""
    touched = Touched()
    touched.add_rows("interaction", extra)
    for start in range(0, len(extra), BATCH):
        touched.add_written(await ingest_db.write_interactions(db, extra[start : start + BATCH]))
    took, brands = await timed(refresh(db, touched, s))
    print(f"refresh of what it touched, alone: {took:.2f} s (brands {brands}; "
          f"{len(touched.people('nw', set(map(person, range(REPS))))):,} people)")  # fmt: skip
    former = Touched(pairs=touched.pairs, brands=touched.brands)
    former.campaign = {(str(r["actor"]), "nw") for r in extra if r["url"]}
    was, _ = await timed(refresh(db, former, s))
    print(f"same refresh with every url-bearing actor marked (former rule): {was:.2f} s "
          f"({len(former.people('nw', set(map(person, range(REPS))))):,} people); "
          f"now / former {took / was:.2f}")  # fmt: skip
    return took


async def setup(db: Database, n: int, people: int, reuse: bool, s: Settings) -> str:
    """Write the base unless `reuse` and the graph holds it already (from an earlier run of
    the same size); returns the id prefix of this run's extra interactions (new ones)."""
    if reuse:
        (row,) = await db.read("bench/interaction_count")
        if int(row["interactions"]) >= n:
            print(f"base reused: {int(row['interactions']):,} interactions in the graph")
            return f"x{int(time.time())}-"
    await wipe(db)
    took, _ = await timed(write_base(db, n, people))
    print(f"base: {n:,} interactions among {people:,} people written in {took:.1f} s")
    took, count = await timed(recompute_brand(db, "nw", s))
    print(f"base relationships computed: {count:,} in {took:.1f} s")
    return "x"


async def measure(n: int, extra_n: int, people: int, runs: int, reuse: bool) -> None:
    s = settings(n)
    LocalNeo4j(s).start(echo=False)
    driver = create_async_driver(s)
    try:
        db = Database(driver, queries_with_bench(s), s.neo4j_database, 3600)
        await migrate(db)
        prefix = await setup(db, n, people, reuse, s)
        extra = list(rows(random.Random(20), prefix, extra_n, people))
        records = [InteractionRecord.model_validate(r) for r in extra]
        took, _ = await timed(load_records(db, records))
        print(f"load of {extra_n:,} more, end to end (with refresh and detection): {took:.2f} s")
        alone = await refreshes(db, [record_row(r) for r in records], s)
        full, count = await timed(recompute_brand(db, "nw", s))
        print(f"whole brand recomputed: {full:.2f} s ({count:,} relationships); "
              f"refresh / whole {alone / full:.2f}")  # fmt: skip
        await detection(db, n + extra_n, runs, s)
    finally:
        await driver.close()


async def detection(db: Database, total: int, runs: int, s: Settings) -> None:
    since = START.isoformat()
    detections, scans = [], []
    for _ in range(runs + 1):  # the first of each is a warm-up
        detections.append((await timed(detect(db, "nw", s)))[0])
        scans.append((await timed(db.read("bench/topic_interaction_count", topic="energy",
                                          since=since)))[0])  # fmt: skip
    d, c = statistics.median(detections[1:]), statistics.median(scans[1:])
    print(
        f"detection over {DAYS} days of {total:,} topic interactions: p50 "
        f"{d * 1000:.0f} ms; plain count p50 {c * 1000:.0f} ms; ratio {d / c:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--extra", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=10)
    keep = "keep the base an earlier run of the same size left in the graph"
    parser.add_argument("--reuse", action="store_true", help=keep)
    args = parser.parse_args()
    asyncio.run(measure(args.base, args.extra, args.people, args.runs, args.reuse))


if __name__ == "__main__":
    main()
