"""A campaign report over a campaign with 100k interactions: the time to compute the whole
report (`campaign_results`: both windows, share of voice, by day, by influencer) and to serve
it as the API does (`report_store.results`: computed once after a change, then read from the
store), beside a plain indexed count of the campaign window's interactions in the same run.

    BENCH_BOLT_PORT=... BENCH_HTTP_PORT=... .venv/bin/python -m bench.campaign_report \
        [--interactions 100000] [--runs 20]

Runs on a local Neo4j of its own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7840/7841, data
in BENCH_STATE_DIR, default .state/neo4j-campaign), which it wipes. The data: 3,000 people, a
brand with 5 official accounts, 20 enlisted people; `--interactions` interactions in the
14-day campaign window, every one of them in the campaign (a hashtag, a URL or the campaign's
name), half of them targeting the brand's accounts or the enlisted people; as many again in the
14-day baseline before it, on the same topic.
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
from service.campaigns import report_store
from service.campaigns.campaigns import (
    Campaign,
    CampaignFields,
    create_campaign,
    enlist,
    get_campaign,
    update_campaign,
)
from service.campaigns.results import campaign_results
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
from service.localdb.server import LocalNeo4j
from service.settings import Settings

SINCE = datetime(2026, 5, 1, tzinfo=UTC)
DAYS = 14
PEOPLE = 3000
TYPES = ("share", "quote", "reply", "comment", "mention", "like")


def settings() -> Settings:
    return bench_server(7840, ".state/neo4j-campaign")


def records(n: int) -> list[Any]:
    rng = random.Random(18)
    people = [f"b{k:05d}" for k in range(PEOPLE)]
    officials, enlisted = people[:5], people[5:25]
    out: list[Any] = [TopicRecord(id="gear", name="Gear"), BrandRecord(id="acme", name="Acme")]
    out += [PersonRecord(id=p, name=f"Person {p}") for p in people]
    out += [RepresentsRecord(person=p, brand="acme", role="official") for p in officials]
    markers: list[dict[str, Any]] = [{"tags": ["#acme"]}, {"campaigns": ["spring"]}]
    for k in range(2 * n):
        during = k < n
        start = SINCE if during else SINCE - timedelta(days=DAYS)
        at = start + timedelta(seconds=rng.randrange(DAYS * 86400))
        actor = rng.choice(people)
        target = rng.choice(officials + enlisted) if rng.random() < 0.5 else rng.choice(people)
        if actor == target:
            target = people[-1] if actor != people[-1] else people[-2]
        extra = rng.choice(markers) if during else {}
        if during and rng.random() < 0.3:
            extra = {"url": f"https://acme.example/spring/{k}"}
        out.append(InteractionRecord.model_validate(
            {"id": f"i{k}", "type": rng.choice(TYPES), "actor": actor, "target": target,
             "topics": ["gear"], "at": at.isoformat(), "sentiment": rng.uniform(-1, 1),
             **extra}))  # fmt: skip
    return out


async def measure(n: int, runs: int) -> None:
    s = settings()
    LocalNeo4j(s).start(echo=False)
    driver = create_async_driver(s)
    try:
        db = Database(driver, queries_with_bench(s), s.neo4j_database, 3600)
        await migrate(db)
        await wipe(db)
        started = time.perf_counter()
        await load_records(db, records(n))
        print(f"loaded {2 * n:,} interactions in {time.perf_counter() - started:.1f} s")
        fields = CampaignFields("Spring", SINCE, SINCE + timedelta(days=DAYS), ("gear",),
                                ("#acme", "https://acme.example/spring/"))  # fmt: skip
        started = time.perf_counter()
        await create_campaign(db, "spring", "acme", fields)
        print(f"createCampaign (membership scan) {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        await update_campaign(db, "spring", {"markers": fields.markers})
        print(f"updateCampaign (membership rebuilt) {time.perf_counter() - started:.2f} s")
        await enlist(db, "spring", [f"b{k:05d}" for k in range(5, 25)])
        campaign = await get_campaign(db, "spring")
        assert campaign is not None
        print(f"campaign members: {campaign.members:,}")
        window = {"from": SINCE.isoformat(), "to": (SINCE + timedelta(days=DAYS)).isoformat()}
        reports, floors = [], []
        for _ in range(runs + 1):  # the first of each is a warm-up
            t = time.perf_counter()
            await campaign_results(db, campaign)
            reports.append(time.perf_counter() - t)
            t = time.perf_counter()
            await db.read("bench/campaign_window_count", **window)
            floors.append(time.perf_counter() - t)
        report, floor = statistics.median(reports[1:]), statistics.median(floors[1:])
        p90 = statistics.quantiles(reports[1:], n=10)[-1]
        print(f"report computed: p50 {report * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms ({runs} runs)")
        print(f"window count p50 {floor * 1000:.0f} ms; report / count {report / floor:.1f}x")
        await served(db, campaign, runs, floor)
    finally:
        await driver.close()


async def served(db: Database, campaign: Campaign, runs: int, floor: float) -> None:
    """The report as the API and the CLI serve it (report_store): the first read after a
    write that changes it computes and stores it; the reads after it come from the store."""
    t = time.perf_counter()
    await report_store.results(db, campaign)
    print(f"report served, first read after a change: {(time.perf_counter() - t) * 1000:.0f} ms")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        await report_store.results(db, campaign)
        times.append(time.perf_counter() - t)
    p50, p90 = statistics.median(times), statistics.quantiles(times, n=10)[-1]
    print(f"report served, unchanged since: p50 {p50 * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms "
          f"({runs} runs); served / window count {p50 / floor:.2f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(measure(args.interactions, args.runs))


if __name__ == "__main__":
    main()
