"""Stored campaign reports stay equal to a fresh computation through every write that can
change them: a load in the window, an interaction moved out of it, a new representative,
enlistment and withdrawal, a changed window, an erasure; a read with nothing changed is
answered from the store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.campaigns import report_store
from service.campaigns.campaigns import (
    Campaign,
    CampaignFields,
    create_campaign,
    enlist,
    get_campaign,
    update_campaign,
    withdraw,
)
from service.campaigns.results import Results, campaign_results
from service.db import campaign_reports
from service.db.database import Database
from service.ingest.erase import erase_person
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)

pytestmark = pytest.mark.neo4j
D0 = datetime(2026, 5, 1, 9, tzinfo=UTC)
PEOPLE = ["off", "inf", "p1", "p2", "p3", "p4"]


def day(n: float) -> datetime:
    return D0 + timedelta(days=n)


def act(iid: str, actor: str, target: str, at: datetime, kind: str = "mention",
        **extra: Any) -> InteractionRecord:  # fmt: skip
    return InteractionRecord.model_validate(
        {"id": iid, "type": kind, "actor": actor, "target": target, "topics": ["t"],
         "at": at.isoformat(), "sentiment": 0.5, **extra})  # fmt: skip


def world() -> list[Any]:
    out: list[Any] = [TopicRecord(id="t", name="T"), TopicRecord(id="u", name="U"),
                      BrandRecord(id="acme", name="Acme")]  # fmt: skip
    out += [PersonRecord(id=p, name=p.title()) for p in PEOPLE]
    out.append(RepresentsRecord(person="off", brand="acme", role="official"))
    out += [act("m1", "p1", "off", day(11)), act("m2", "p2", "off", day(5), "share"),
            act("c1", "inf", "p3", day(12), "share", tags=["#go"]),
            act("c2", "p3", "inf", day(13), "reply"), act("x1", "p4", "p2", day(14))]  # fmt: skip
    return out


async def stored_is_current(db: Database, campaign: str) -> bool:
    found = await campaign_reports.read(db, campaign)
    assert found is not None
    return found["report"] is not None and found["reportOf"] == found["version"]


async def test_a_stored_report_follows_every_write_that_changes_it(db: Database) -> None:
    await load_records(db, world())
    fields = CampaignFields("Go", day(10), day(17), ("t",), ("#go",))
    await create_campaign(db, "go", "acme", fields)
    await enlist(db, "go", ["inf"])

    async def campaign() -> Campaign:
        found = await get_campaign(db, "go")
        assert found is not None
        return found

    before = await report_store.results(db, await campaign())
    assert before == await campaign_results(db, await campaign())
    assert await stored_is_current(db, "go")
    assert await report_store.results(db, await campaign()) == before  # from the store

    async def after(change: Callable[[], Awaitable[Any]], previous: Results) -> Results:
        """Apply a change: the stored report is stale, the next read equals a fresh
        computation, differs from before (the change counts), and is stored again."""
        await change()
        assert not await stored_is_current(db, "go")
        now = await report_store.results(db, await campaign())
        assert now == await campaign_results(db, await campaign())
        assert now != previous
        assert await stored_is_current(db, "go")
        return now

    r = await after(lambda: load_records(db, [act("m3", "p4", "off", day(15))]), before)
    assert r.during.mentions == before.during.mentions + 1
    # m1 sent again a month earlier: out of both windows.
    r = await after(lambda: load_records(db, [act("m1", "p1", "off", day(-30))]), r)
    r = await after(lambda: load_records(
        db, [RepresentsRecord(person="p2", brand="acme", role="official")]), r)  # fmt: skip
    r = await after(lambda: enlist(db, "go", ["p3"]), r)
    r = await after(lambda: withdraw(db, "go", ["p3"]), r)
    r = await after(lambda: update_campaign(db, "go", {"since": day(12)}), r)
    r = await after(lambda: erase_person(db, "p4"), r)
    # A load about another topic, outside both windows, facing nobody of the brand: the report
    # is still current.
    await load_records(db, [act("y1", "p1", "p3", day(60), topics=["u"])])
    assert await stored_is_current(db, "go")
