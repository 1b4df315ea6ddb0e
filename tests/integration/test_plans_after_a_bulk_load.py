"""Queries that run once per representative (or person, or topic) must expand from it, not
scan the Interaction(at) index for each one: a plan built while that index was empty (or
sampled while empty) turned the alert detector's span read into representatives x all
interactions, and a load of timme-purep timed out in its after-write detection."""

from typing import Any

from service.db.database import Database
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


async def test_alert_reads_expand_from_the_representatives_after_a_bulk_load(
    db: Database,
) -> None:
    records, _, represents = timme_campaign_records()
    # timme has no sentiment: every seventh interaction turns negative.
    records = [r.model_copy(update={"sentiment": -0.5}) if isinstance(r, InteractionRecord)
               and n % 7 == 0 else r for n, r in enumerate(records)]  # fmt: skip
    interactions = [r for r in records if isinstance(r, InteractionRecord)]
    people_first = [
        r for r in records if isinstance(r, PersonRecord | BrandRecord | RepresentsRecord)
    ]
    await load_records(db, people_first)
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
