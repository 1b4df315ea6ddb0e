"""A campaign report on the real Neo4j equals an independent count in Python over the loaded
records (tests/support/campaign_reference.py): on a campaign built from timme-purep (the
Democrats' accounts as the brand's official accounts), and the membership rules and loading
of brands checked on the way."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.campaigns.campaigns import CampaignFields, create_campaign, enlist, get_campaign
from service.campaigns.results import Results, campaign_results
from service.db.database import Database
from service.ingest.importers import timme
from service.ingest.loader import InvalidRecords, load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)
from service.ingest.validate import IssueCode
from tests.conftest import DATASETS
from tests.support.campaign_reference import CampaignSpec, is_member, lift, report

pytestmark = pytest.mark.neo4j
START = datetime(2019, 1, 1, tzinfo=UTC)
CAMPAIGN = "dem-jan"
TAG = "#votedem"
PREFIX = "https://dem.example/jan/"


def _bucket(text: str, n: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % n


def timme_campaign_records() -> tuple[list[Any], list[InteractionRecord], list[RepresentsRecord]]:
    """timme-purep as published, except two things it lacks: times (spread over 28 days by a
    hash of each interaction's id) and campaign markers (a quarter of the interactions name
    the campaign, a quarter carry its hashtag, a quarter its URL prefix, a quarter nothing)."""
    records: list[Any] = []
    interactions: list[InteractionRecord] = []
    democrats: list[str] = []
    for record in timme.read_timme(DATASETS / "timme-purep"):
        if isinstance(record, InteractionRecord):
            at = START + timedelta(hours=_bucket(record.id, 28 * 24))
            markers: list[dict[str, Any]] = [
                {"campaigns": [CAMPAIGN]},
                {"tags": [TAG.upper()]},
                {"url": PREFIX + record.id},
                {"url": "https://other.example/" + record.id},
            ]
            extra = markers[_bucket("m" + record.id, 4)]
            record = record.model_copy(update={"at": at, **extra})
            if "tags" in extra:  # the record's own validation lower-cases hashtags
                record = InteractionRecord.model_validate(record.model_dump())
            interactions.append(record)
        elif isinstance(record, PersonRecord) and (record.attributes or {}).get("party") == "D":
            democrats.append(record.id)
        records.append(record)
    represents = [RepresentsRecord(person=p, brand="dem", role="official") for p in democrats]
    represents.append(RepresentsRecord(person=democrats[0], brand="gop", role="employee"))
    brands = [BrandRecord(id="dem", name="Democrats"), BrandRecord(id="gop", name="GOP")]
    return records + brands + represents, interactions, represents


def results_as_dicts(res: Results) -> dict[str, Any]:
    def figures(f: Any) -> dict[str, Any]:
        names = ("mentions", "shares", "replies", "interactions", "engaged", "sentiment")
        out = {k: getattr(f, k) for k in names}
        out["topicInteractions"] = f.topic_interactions
        out["brandTopicInteractions"] = f.brand_topic_interactions
        out["shareOfVoice"] = f.share_of_voice
        return out

    days = [asdict(d) for d in res.days]
    influencers = [
        {"personId": i.person, "posts": i.posts, "engagement": i.engagement,
         "engagers": i.engagers, "newPeopleReached": i.reached, "wentOnToBrand": i.converted}
        for i in res.influencers
    ]  # fmt: skip
    return {"during": figures(res.during), "baseline": figures(res.baseline), "byDay": days,
            "byInfluencer": influencers}  # fmt: skip


def most_engaged(interactions: list[InteractionRecord], among: set[str], k: int) -> list[str]:
    received: dict[str, int] = {}
    for i in interactions:
        if i.target in among:
            received[i.target] = received.get(i.target, 0) + i.count
    return sorted(received, key=lambda p: (-received[p], p))[:k]


async def test_a_timme_campaign_report_equals_an_independent_count(db: Database) -> None:
    records, interactions, represents = timme_campaign_records()
    await load_records(db, records)
    officials = {r.person for r in represents if r.role == "official"}
    people = {i.actor for i in interactions} | {i.target for i in interactions}
    enlisted = tuple(most_engaged(interactions, people - officials, 6))
    since = START + timedelta(days=14)
    fields = CampaignFields("January push", since, since + timedelta(days=14),
                            (timme.TOPIC_ID,), (TAG, PREFIX))  # fmt: skip
    created = await create_campaign(db, CAMPAIGN, "dem", fields)
    spec = CampaignSpec(CAMPAIGN, "dem", fields.since, fields.until, fields.topics,
                        fields.markers, enlisted)  # fmt: skip
    assert created.members == sum(1 for i in interactions if is_member(i, spec))
    await enlist(db, CAMPAIGN, list(enlisted))
    campaign = await get_campaign(db, CAMPAIGN)
    assert campaign is not None
    assert set(campaign.enlisted) == set(enlisted)

    res = await campaign_results(db, campaign)
    expected = report(interactions, represents, spec)
    assert results_as_dicts(res) == expected
    # The counts are not trivially zero, and the baseline is a real one.
    assert expected["during"]["mentions"] > 0
    assert expected["baseline"]["mentions"] > 0
    assert any(row["posts"] and row["engagement"] for row in expected["byInfluencer"])
    for figure in ("mentions", "shares", "replies", "interactions", "engaged"):
        assert res.lift(figure) == lift(expected["during"][figure], expected["baseline"][figure])
    assert res.lift("share_of_voice") == lift(
        expected["during"]["shareOfVoice"], expected["baseline"]["shareOfVoice"]
    )


async def test_membership_follows_loads_after_the_campaign(db: Database) -> None:
    """Interactions loaded after the campaign exists are linked as they are written, and an
    interaction sent again without its marker leaves the campaign."""
    at = "2026-02-02T10:00:00Z"
    base: list[Any] = [TopicRecord(id="t", name="T"), BrandRecord(id="b", name="B")]
    base += [PersonRecord(id="p1", name="P1"), PersonRecord(id="p2", name="P2")]
    await load_records(db, base)
    since = datetime(2026, 2, 1, tzinfo=UTC)
    fields = CampaignFields("C", since, since + timedelta(days=7), ("t",),
                            ("#Go", "https://b.example/"))  # fmt: skip
    await create_campaign(db, "c", "b", fields)

    def one(iid: str, **extra: Any) -> InteractionRecord:
        return InteractionRecord.model_validate(
            {"id": iid, "type": "share", "actor": "p1", "target": "p2", "topics": ["t"],
             "at": at, **extra})  # fmt: skip

    batch = [one("x1", tags=["#GO"]), one("x2", url="https://b.example/a")]
    batch += [one("x3", campaigns=["c"]), one("x4", url="https://c.example/")]
    await load_records(db, batch)
    found = await get_campaign(db, "c")
    assert found is not None
    assert found.members == 3
    await load_records(db, [one("x1")])
    found = await get_campaign(db, "c")
    assert found is not None
    assert found.members == 2


async def test_brand_records_are_checked_across_the_load(db: Database) -> None:
    base: list[Any] = [PersonRecord(id="p1", name="P1"), BrandRecord(id="b", name="B")]
    await load_records(db, base)
    bad = [
        RepresentsRecord(person="p1", brand="nowhere", role="official"),
        RepresentsRecord(person="ghost", brand="b", role="employee"),
    ]
    with pytest.raises(InvalidRecords) as caught:
        await load_records(db, bad)
    codes = [(r.position, i.code) for r in caught.value.rejected for i in r.issues]
    assert codes == [(1, IssueCode.UNKNOWN_BRAND), (2, IssueCode.UNKNOWN_PERSON)]
    brand = await db.read_rows("brand/by_ids", ids=["b"])
    assert brand[0]["representatives"] == []
