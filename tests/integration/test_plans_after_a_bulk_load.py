"""Queries that run once per representative (or person, or topic) must expand from it, not
scan the Interaction(at) index for each one: a plan built while that index was empty (or
sampled while empty) turned the alert detector's span read into representatives x all
interactions, and a load of timme-purep timed out in its after-write detection."""

from datetime import UTC, datetime
from typing import Any

from service.db.database import Database
from service.ingest.importers import timme
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
)
from tests.integration.test_campaign_results import timme_campaign_records

EPOCH = "0001-01-01T00:00:00Z"
INDEX_READS = ("NodeIndexSeekByRange", "NodeIndexScan", "NodeByLabelScan", "AllNodesScan")


def operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    op = (str(plan["operatorType"]).split("@")[0], str(plan.get("args", {}).get("Details", "")))
    return [op] + [o for child in plan.get("children", []) for o in operators(child)]


def interaction_scans(plan: dict[str, Any]) -> list[tuple[str, str]]:
    return [(o, d) for o, d in operators(plan) if o in INDEX_READS and "Interaction" in d]


def without_interactions(records: list[Any]) -> list[Any]:
    """People, brands and who represents them: a graph whose Interaction(at) index is empty."""
    return [r for r in records if isinstance(r, PersonRecord | BrandRecord | RepresentsRecord)]


async def test_alert_reads_expand_from_the_representatives_after_a_bulk_load(
    db: Database,
) -> None:
    records, _, represents = timme_campaign_records()
    # timme has no sentiment: every seventh interaction turns negative.
    records = [r.model_copy(update={"sentiment": -0.5}) if isinstance(r, InteractionRecord)
               and n % 7 == 0 else r for n, r in enumerate(records)]  # fmt: skip
    interactions = [r for r in records if isinstance(r, InteractionRecord)]
    await load_records(db, without_interactions(records))
    for name in ("alerts/span", "alerts/negative_acts"):  # plans cached on an empty graph
        await db.profile(name, brand="dem", since=EPOCH, negative=-0.1)

    await load_records(db, records)  # its after-write detection runs both reads

    reps = {r.person for r in represents if r.brand == "dem"}
    aimed = sorted(i.at for i in interactions if i.target in reps and i.at is not None)
    rows, plan = await db.profile("alerts/span", brand="dem", since=EPOCH)
    assert rows == [{"first": aimed[0].date().isoformat(), "last": aimed[-1].date().isoformat()}]
    assert interaction_scans(plan) == []
    rows, plan = await db.profile("alerts/negative_acts", brand="dem", since=EPOCH, negative=-0.1)
    negative = [i for i in interactions if i.target in reps and i.actor not in reps
                and i.sentiment is not None and i.sentiment <= -0.1]  # fmt: skip
    assert len(negative) > 100
    assert sorted(r["interaction"] for r in rows) == sorted(i.id for i in negative)
    assert interaction_scans(plan) == []


async def test_campaign_reads_expand_from_the_accounts_after_a_bulk_load(db: Database) -> None:
    """A CI run timed out (30 s) on campaigns/share_of_voice over timme-purep: its plan, cached
    while no interaction existed, scanned the Interaction(at) index once per account."""
    records, interactions, represents = timme_campaign_records()
    await load_records(db, without_interactions(records))
    window: dict[str, Any] = {
        "brand": "dem",
        "from": "2019-01-08T00:00:00Z",
        "to": "2019-01-22T00:00:00Z",
    }
    topics: dict[str, Any] = {"topics": [timme.TOPIC_ID]}
    reads: dict[str, dict[str, Any]] = {
        "campaigns/window_figures": window,
        "campaigns/by_day": window,
        "campaigns/share_of_voice": window | topics,
    }
    for name, params in reads.items():  # plans cached on a graph without interactions
        await db.profile(name, **params)

    await load_records(db, records)

    officials = {r.person for r in represents if r.brand == "dem" and r.role == "official"}
    start, end = datetime(2019, 1, 8, tzinfo=UTC), datetime(2019, 1, 22, tzinfo=UTC)
    during = [i for i in interactions if i.at is not None and start <= i.at < end]
    received = sum(i.count for i in during if i.target in officials and i.actor not in officials)
    voiced = sum(i.count for i in during if i.target in officials or i.actor in officials)
    assert received > 1000

    rows, plan = await db.profile("campaigns/window_figures", **window)
    assert rows[0]["interactions"] == received
    assert interaction_scans(plan) == []
    rows, plan = await db.profile("campaigns/by_day", **window)
    assert sum(day["interactions"] for day in rows[0]["rows"]) == received
    assert interaction_scans(plan) == []
    rows, plan = await db.profile("campaigns/share_of_voice", **window, **topics)
    assert rows == [{"topicInteractions": sum(i.count for i in during),
                     "brandInteractions": voiced}]  # fmt: skip
    assert interaction_scans(plan) == []
