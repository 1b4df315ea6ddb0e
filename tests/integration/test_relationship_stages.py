"""Stored relationship stages equal an independent computation in plain Python over the
loaded records (tests/support/relationship_reference.py): on a synthetic brand built to reach
every stage, kept current through further loads, enlistment and a new representative, and on
timme-purep with the Democrats' most engaged accounts as the brand."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.campaigns.campaigns import CampaignFields, create_campaign, enlist
from service.db import ingest as ingest_db
from service.db import relationships as rel_db
from service.db.database import Database
from service.ingest.importers import timme
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)
from service.ingest.rows import record_row
from service.relationships.refresh import Touched, refresh
from tests.conftest import DATASETS
from tests.support.campaign_reference import CampaignSpec, is_member
from tests.support.relationship_reference import reference, stored_as_reference

pytestmark = pytest.mark.neo4j
D0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def day(n: float) -> datetime:
    return D0 + timedelta(days=n)


def act(iid: str, actor: str, target: str, at: datetime, kind: str = "reply",
        **extra: Any) -> InteractionRecord:  # fmt: skip
    return InteractionRecord.model_validate(
        {"id": iid, "type": kind, "actor": actor, "target": target, "topics": ["t"],
         "at": at.isoformat(), **extra})  # fmt: skip


async def stored(db: Database, brand: str) -> dict[str, dict[str, Any]]:
    rows = await rel_db.page(db, brand, None, None, None, 1_000_000)
    return {str(r["person"]): stored_as_reference(r) for r in rows}


async def joined_times(
    db: Database, brand: str, interactions: list[InteractionRecord], spec: CampaignSpec | None
) -> dict[str, list[datetime]]:
    out: dict[str, list[datetime]] = {}
    for row in await db.read("test/enlisted_at", brand=brand):
        out.setdefault(str(row["person"]), []).append(datetime.fromisoformat(row["at"]))
    for i in interactions:
        if spec is not None and is_member(i, spec):
            out.setdefault(i.actor, []).append(i.at)
    return out


def synthetic() -> tuple[list[Any], list[InteractionRecord], list[RepresentsRecord]]:
    people = ["off1", "emp1", "noticed", "engaged", "collab", "adv", "prompted", "negative",
              "camp", "other"]  # fmt: skip
    reps = [RepresentsRecord(person="off1", brand="acme", role="official"),
            RepresentsRecord(person="emp1", brand="acme", role="employee")]  # fmt: skip
    acts = [
        act("a1", "off1", "noticed", day(1), "mention"),
        act("a2", "emp1", "engaged", day(1)),
        act("a3", "engaged", "emp1", day(2), sentiment=0.1),
        act("a4", "off1", "engaged", day(3), count=3),
        act("a5", "off1", "collab", day(1), "mention"),
        act("a6", "adv", "off1", day(1), "share"),
        act("a7", "adv", "off1", day(5), "share"),
        act("a8", "adv", "emp1", day(10), "comment", sentiment=0.9),
        act("a9", "off1", "adv", day(20), "mention"),
        act("a10", "adv", "off1", day(21), "like"),
        act("a11", "camp", "other", day(4), "mention", tags=["#acme"]),
        act("a12", "other", "negative", day(4), "mention"),
    ]
    for n in (1, 5, 9):
        acts.append(act(f"p{n}", "off1", "prompted", day(n), "mention"))
        acts.append(act(f"q{n}", "prompted", "off1", day(n) + timedelta(hours=2), "share"))
    for n in (2, 3, 4):
        acts.append(act(f"n{n}", "negative", "off1", day(n), sentiment=-0.8))
    base: list[Any] = [TopicRecord(id="t", name="T"), BrandRecord(id="acme", name="Acme")]
    base += [PersonRecord(id=p, name=p.title()) for p in people]
    return base + reps + acts, acts, reps


async def test_synthetic_stages_equal_the_reference_through_later_writes(db: Database) -> None:
    records, acts, reps = synthetic()
    await load_records(db, records)
    since = day(0)
    fields = CampaignFields("Launch", since, day(30), ("t",), ("#acme",))
    await create_campaign(db, "launch", "acme", fields)
    spec = CampaignSpec("launch", "acme", since, day(30), ("t",), ("#acme",), ())
    await enlist(db, "launch", ["collab"])

    got = await stored(db, "acme")
    assert got == reference(acts, reps, "acme", await joined_times(db, "acme", acts, spec))
    stages = {p: r["stage"] for p, r in got.items()}
    assert stages == {"noticed": "noticed", "engaged": "engaged", "collab": "collaborating",
                      "adv": "advocate", "prompted": "engaged", "negative": "unaware",
                      "camp": "collaborating"}  # fmt: skip
    assert got["adv"]["advocate"] == day(10)
    assert got["engaged"]["owner"] == "emp1"
    assert got["prompted"]["owner"] == "off1"
    assert got["negative"]["owner"] is None

    # Later writes: the brand answers the detractor, the noticed person answers back.
    more = [act("b1", "off1", "negative", day(30)), act("b2", "noticed", "off1", day(31))]
    await load_records(db, more)
    acts += more
    got = await stored(db, "acme")
    assert got == reference(acts, reps, "acme", await joined_times(db, "acme", acts, spec))
    assert got["noticed"]["stage"] == "engaged"
    assert got["negative"]["stage"] == "engaged"

    # A new representative: every relationship of the brand is recomputed.
    new_rep = RepresentsRecord(person="other", brand="acme", role="customer_advocate")
    await load_records(db, [new_rep])
    reps.append(new_rep)
    got = await stored(db, "acme")
    assert got == reference(acts, reps, "acme", await joined_times(db, "acme", acts, spec))
    assert "other" not in got
    assert got["camp"]["owner"] is None
    assert got["camp"]["noticed"] is None
    assert got["camp"]["stage"] == "collaborating"


def _bucket(text: str, n: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % n


async def test_timme_stages_equal_the_reference(db: Database) -> None:
    """timme-purep has no times: they are spread over 60 days by a hash of each id; a tenth
    of the interactions carry the brand campaign's hashtag."""
    records: list[Any] = []
    acts: list[InteractionRecord] = []
    democrats: set[str] = set()
    for record in timme.read_timme(DATASETS / "timme-purep"):
        if isinstance(record, InteractionRecord):
            extra: dict[str, Any] = {"at": D0 + timedelta(hours=_bucket(record.id, 60 * 24))}
            if _bucket("t" + record.id, 10) == 0:
                extra["tags"] = ["#dem"]
            record = record.model_copy(update=extra)
            acts.append(record)
        elif isinstance(record, PersonRecord) and (record.attributes or {}).get("party") == "D":
            democrats.add(record.id)
        records.append(record)
    received: dict[str, int] = {}
    for i in acts:
        if i.target in democrats:
            received[i.target] = received.get(i.target, 0) + i.count
    leaders = sorted(received, key=lambda p: (-received[p], p))[:12]
    roles = ["official", "executive", "employee", "customer_advocate"]
    reps = [RepresentsRecord(person=p, brand="dem", role=roles[n % 4])
            for n, p in enumerate(leaders)]  # fmt: skip
    await load_records(db, [*records, BrandRecord(id="dem", name="Democrats"), *reps])
    fields = CampaignFields("Push", day(0), day(60), (timme.TOPIC_ID,), ("#dem",))
    await create_campaign(db, "push", "dem", fields)
    spec = CampaignSpec("push", "dem", day(0), day(60), (timme.TOPIC_ID,), ("#dem",), ())
    outsiders = sorted({i.actor for i in acts if i.target in leaders} - set(leaders))
    await enlist(db, "push", outsiders[:5])

    got = await stored(db, "dem")
    expected = reference(acts, reps, "dem", await joined_times(db, "dem", acts, spec))
    assert got == expected
    stages = {r["stage"] for r in got.values()}
    assert {"noticed", "engaged", "collaborating", "advocate"} <= stages, stages


async def _refreshed(db: Database, acts: list[InteractionRecord]) -> list[str]:
    """Write interactions the way a load does, then refresh what they touched; returns the
    brands the refresh recomputed relationships of."""
    rows = [record_row(a) for a in acts]
    touched = Touched()
    touched.add_written(await ingest_db.write_interactions(db, rows))
    touched.add_rows("interaction", rows)
    return await refresh(db, touched)


async def test_a_refresh_recomputes_only_what_the_write_can_have_changed(db: Database) -> None:
    """Interactions with a url or hashtags no campaign claims touch no brand; one a campaign
    claims touches that campaign's brand only; an interaction that stops being claimed, or is
    moved to another actor, gives its former actor the stages the records give them."""
    records, acts, reps = synthetic()
    records += [BrandRecord(id="zeta", name="Zeta"), PersonRecord(id="zoff", name="Zoff"),
                RepresentsRecord(person="zoff", brand="zeta", role="official")]  # fmt: skip
    reps.append(records[-1])
    await load_records(db, records)
    fields = CampaignFields("Launch", day(0), day(30), ("t",), ("#acme", "https://acme.example/"))
    await create_campaign(db, "launch", "acme", fields)
    spec = CampaignSpec("launch", "acme", day(0), day(30), ("t",), fields.markers, ())

    unclaimed = [act("u1", "other", "camp", day(6), "share", url="https://elsewhere.example/x",
                     tags=["#weather"])]  # fmt: skip
    assert await _refreshed(db, unclaimed) == []
    claimed = [act("c1", "other", "camp", day(7), "share", url="https://acme.example/post")]
    assert await _refreshed(db, claimed) == ["acme"]
    acts += unclaimed + claimed

    async def check() -> dict[str, dict[str, Any]]:
        got = await stored(db, "acme")
        assert got == reference(acts, reps, "acme", await joined_times(db, "acme", acts, spec))
        return got

    assert (await check())["other"]["stage"] == "collaborating"
    # The same interaction again, its url no longer the campaign's: "other" is back to unaware.
    unlinked = act("c1", "other", "camp", day(7), "share", url="https://elsewhere.example/y")
    assert await _refreshed(db, [unlinked]) == ["acme"]
    acts[-1] = unlinked
    assert "other" not in await check()
    # An interaction facing a representative moved to another actor: the former actor's
    # relationship follows (here it is gone), the new actor's appears.
    moved = act("a3", "adv", "emp1", day(2), sentiment=0.1)
    assert sorted(await _refreshed(db, [moved])) == ["acme", "zeta"]
    acts = [moved if a.id == "a3" else a for a in acts]
    got = await check()
    assert got["engaged"]["stage"] == "noticed"
