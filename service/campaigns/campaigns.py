"""Campaigns of a brand: checking what a caller sends, writing it, enlisting people.

A campaign's window is [since, until); its status follows from the dates (planned before
since, running until until, ended after). Its markers are URL prefixes (`http://...`,
`https://...`) and hashtags (`#tag`, matched case-insensitively). Membership (IN_CAMPAIGN,
see docs/campaigns.md) is rebuilt whenever the campaign is created or updated, and kept up to
date when interactions are loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from service.db import campaign_reports as reports_db
from service.db import campaigns as campaigns_db
from service.db import ingest as ingest_db
from service.db.database import Database
from service.ingest.records import HASHTAG, URL_PREFIX, Id, Line, Timestamp
from service.models import InputRefused
from service.relationships.refresh import recompute_people
from service.webhooks.events import CAMPAIGN_RESULTS_UPDATED
from service.webhooks.publish import Step, publish_step

STATUSES = ("planned", "running", "ended")
_TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(Timestamp)
_ID: TypeAdapter[str] = TypeAdapter(Id)
_NAME: TypeAdapter[str] = TypeAdapter(Line)
MAX_MARKERS = 100
MAX_TOPICS = 20
MAX_PEOPLE = 1000


class CampaignInputError(InputRefused):
    """A value refused; `argument` names the argument (or input field) at fault."""


@dataclass(frozen=True)
class CampaignFields:
    name: str
    since: datetime
    until: datetime
    topics: tuple[str, ...]
    markers: tuple[str, ...]


@dataclass(frozen=True)
class Campaign:
    id: str
    brand: str
    fields: CampaignFields
    enlisted: tuple[str, ...]
    members: int

    def status(self, now: datetime) -> str:
        if now < self.fields.since:
            return "planned"
        return "running" if now < self.fields.until else "ended"


def parse_time(argument: str, value: str) -> datetime:
    try:
        return _TIMESTAMP.validate_python(value).astimezone(UTC)
    except ValidationError:
        raise CampaignInputError(
            argument, f"{argument} must be an ISO-8601 date-time with a time zone, got {value!r}"
        ) from None


def split_markers(markers: Sequence[str]) -> tuple[list[str], list[str]]:
    """(URL prefixes, lower-case hashtags); anything else is refused."""
    if len(markers) > MAX_MARKERS:
        raise CampaignInputError("markers", f"at most {MAX_MARKERS} markers")
    prefixes: list[str] = []
    hashtags: list[str] = []
    for marker in markers:
        if HASHTAG.fullmatch(marker):
            hashtags.append(marker.lower())
        elif URL_PREFIX.fullmatch(marker):
            prefixes.append(marker)
        else:
            raise CampaignInputError(
                "markers",
                f"marker {marker!r} is neither a URL prefix (http:// or https://...) "
                "nor a hashtag (# then letters, digits or _)",
            )
    return prefixes, hashtags


def _checked(db_topics: set[str], fields: CampaignFields) -> CampaignFields:
    try:
        _NAME.validate_python(fields.name)
    except ValidationError:
        raise CampaignInputError("name", "name must be one line of text") from None
    if not fields.name.strip():
        raise CampaignInputError("name", "name must not be empty")
    if fields.until <= fields.since:
        raise CampaignInputError(
            "until",
            f"until ({fields.until.isoformat()}) must be after since ({fields.since.isoformat()})",
        )
    if len(fields.topics) > MAX_TOPICS:
        raise CampaignInputError("topics", f"at most {MAX_TOPICS} topics")
    unknown = sorted(set(fields.topics) - db_topics)
    if unknown:
        raise CampaignInputError("topics", f"unknown topics: {', '.join(map(repr, unknown))}")
    split_markers(fields.markers)
    return fields


def _normal(fields: CampaignFields) -> CampaignFields:
    """The fields as they are stored (topics without repeats, times in UTC)."""
    return replace(
        fields,
        since=fields.since.astimezone(UTC),
        until=fields.until.astimezone(UTC),
        topics=tuple(dict.fromkeys(fields.topics)),
    )


def _params(campaign_id: str, fields: CampaignFields) -> dict[str, Any]:
    prefixes, hashtags = split_markers(fields.markers)
    return {
        "id": campaign_id,
        "name": fields.name,
        "since": fields.since.isoformat(),
        "until": fields.until.isoformat(),
        "topics": list(dict.fromkeys(fields.topics)),
        "markers": list(fields.markers),
        "urlPrefixes": prefixes,
        "hashtags": hashtags,
    }


async def create_campaign(
    db: Database, campaign_id: str, brand: str, fields: CampaignFields
) -> Campaign:
    """Check everything, then write the campaign and its membership in one transaction."""
    try:
        _ID.validate_python(campaign_id)
    except ValidationError:
        raise CampaignInputError("id", "id must be 1-200 characters, no control ones") from None
    if not await ingest_db.existing_brand_ids(db, [brand]):
        raise CampaignInputError("brand", f"unknown brand {brand!r}")
    _checked(await ingest_db.existing_topic_ids(db, fields.topics), fields)
    existing = await get_campaign(db, campaign_id)
    if existing is not None and existing.brand == brand and existing.fields == _normal(fields):
        return existing  # the same definition sent again: a replay changes nothing
    if existing is not None:
        raise CampaignInputError("id", f"campaign {campaign_id!r} exists already")
    params = {**_params(campaign_id, fields), "brand": brand}
    linked = await campaigns_db.create_campaign(
        db, params, _results_changed(campaign_id, brand, "created")
    )
    if linked is None:
        raise CampaignInputError("id", f"campaign {campaign_id!r} exists already")
    await recompute_people(db, brand, linked)  # their posts are now the campaign's
    return await _read(db, campaign_id)


async def update_campaign(db: Database, campaign_id: str, changes: dict[str, Any]) -> Campaign:
    """Apply the given changes (name, since, until, topics, markers) to the campaign's
    current fields, check the result as a whole, then write it."""
    current = await get_campaign(db, campaign_id)
    if current is None:
        raise CampaignInputError("id", f"unknown campaign {campaign_id!r}")
    fields = replace(current.fields, **changes)
    _checked(await ingest_db.existing_topic_ids(db, fields.topics), fields)
    event = _results_changed(campaign_id, current.brand, "updated")
    relinked = await campaigns_db.update_campaign(db, _params(campaign_id, fields), event)
    await recompute_people(db, current.brand, relinked or [])
    return await _read(db, campaign_id)


async def _people(db: Database, campaign_id: str, people: Sequence[str]) -> list[str]:
    if await get_campaign(db, campaign_id) is None:
        raise CampaignInputError("campaign", f"unknown campaign {campaign_id!r}")
    wanted = list(dict.fromkeys(people))
    if not wanted or len(wanted) > MAX_PEOPLE:
        raise CampaignInputError("people", f"name 1 to {MAX_PEOPLE} people")
    unknown = sorted(set(wanted) - await ingest_db.existing_person_ids(db, wanted))
    if unknown:
        shown = ", ".join(map(repr, unknown[:10]))
        raise CampaignInputError("people", f"unknown people: {shown}")
    return wanted


async def enlist(db: Database, campaign_id: str, people: Sequence[str]) -> Campaign:
    wanted = await _people(db, campaign_id, people)
    await campaigns_db.enlist(
        db, campaign_id, wanted, _results_changed(campaign_id, None, "enlisted", wanted)
    )
    found = await _read(db, campaign_id)
    await recompute_people(db, found.brand, wanted)
    return found


async def withdraw(db: Database, campaign_id: str, people: Sequence[str]) -> Campaign:
    wanted = await _people(db, campaign_id, people)
    event = _results_changed(campaign_id, None, "withdrawn", wanted)
    await campaigns_db.withdraw(db, campaign_id, wanted, event)
    found = await _read(db, campaign_id)
    await recompute_people(db, found.brand, wanted)
    return found


def _results_changed(
    campaign_id: str, brand: str | None, change: str, people: Sequence[str] = ()
) -> list[Step]:
    """What a change to the campaign's results writes in the change's own transaction: its
    stored report marked stale and the campaign.results_updated event queued."""
    payload: dict[str, Any] = {"campaign": campaign_id, "change": change}
    if brand is not None:
        payload["brand"] = brand
    if people:
        payload["people"] = list(people)
    return [reports_db.invalidate_step([campaign_id]),
            publish_step(CAMPAIGN_RESULTS_UPDATED, payload)]  # fmt: skip


async def _read(db: Database, campaign_id: str) -> Campaign:
    found = await get_campaign(db, campaign_id)
    if found is None:  # removed by someone else in between
        raise CampaignInputError("id", f"unknown campaign {campaign_id!r}")
    return found


async def get_campaigns(db: Database, ids: Sequence[str]) -> dict[str, Campaign]:
    rows = await campaigns_db.campaigns_by_ids(db, ids)
    return {key: _campaign(row) for key, row in rows.items()}


async def get_campaign(db: Database, campaign_id: str) -> Campaign | None:
    return (await get_campaigns(db, [campaign_id])).get(campaign_id)


def _campaign(row: dict[str, Any]) -> Campaign:
    fields = CampaignFields(
        name=str(row["name"]),
        since=datetime.fromisoformat(row["since"]),
        until=datetime.fromisoformat(row["until"]),
        topics=tuple(row["topics"] or ()),
        markers=tuple(row["markers"] or ()),
    )
    return Campaign(
        id=str(row["id"]),
        brand=str(row["brand"]),
        fields=fields,
        enlisted=tuple(row["enlisted"]),
        members=int(row["members"]),
    )


async def campaign_ids_page(
    db: Database, brand: str | None, status: str | None, after: str | None, limit: int
) -> list[str]:
    """Campaign ids by id; unknown brand or status refused."""
    if status is not None and status not in STATUSES:
        raise CampaignInputError("status", f"status must be one of {', '.join(STATUSES)}")
    if brand is not None and not await ingest_db.existing_brand_ids(db, [brand]):
        raise CampaignInputError("brand", f"unknown brand {brand!r}")
    now = datetime.now(UTC).isoformat()
    return await campaigns_db.campaign_page(db, brand, status, now, after, limit)


async def count_campaigns(db: Database, brand: str | None, status: str | None) -> int:
    now = datetime.now(UTC).isoformat()
    return await campaigns_db.count_campaigns(db, brand, status, now)
