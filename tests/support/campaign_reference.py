"""An independent count of a campaign report, in plain Python over the loaded records: what
the Cypher of cypher/campaigns/ must equal (definitions: docs/campaigns.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from service.ingest.records import InteractionRecord, RepresentsRecord


@dataclass(frozen=True)
class CampaignSpec:
    id: str
    brand: str
    since: datetime
    until: datetime
    topics: tuple[str, ...]
    markers: tuple[str, ...]
    enlisted: tuple[str, ...]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def is_member(i: InteractionRecord, c: CampaignSpec) -> bool:
    tags = {m.lower() for m in c.markers if m.startswith("#")}
    prefixes = [m for m in c.markers if not m.startswith("#")]
    if c.id in (i.campaigns or []):
        return True
    if tags & set(i.tags or []):
        return True
    return i.url is not None and any(i.url.startswith(p) for p in prefixes)


def official_accounts(represents: Iterable[RepresentsRecord], brand: str) -> set[str]:
    return {r.person for r in represents if r.brand == brand and r.role == "official"}


def _engagement(rows: list[InteractionRecord]) -> dict[str, Any]:
    sentiments = [i.sentiment for i in rows if i.sentiment is not None]
    return {
        "mentions": sum(i.count for i in rows if i.type == "mention"),
        "shares": sum(i.count for i in rows if i.type in ("share", "quote")),
        "replies": sum(i.count for i in rows if i.type in ("reply", "comment")),
        "interactions": sum(i.count for i in rows),
        "engaged": len({i.actor for i in rows}),
        "sentiment": sum(sentiments) / len(sentiments) if sentiments else None,
    }


def report(
    interactions: list[InteractionRecord], represents: list[RepresentsRecord], c: CampaignSpec
) -> dict[str, Any]:
    """The figures of both windows, by day and by enlisted person, as plain dicts."""
    accounts = official_accounts(represents, c.brand)
    start = c.since - (c.until - c.since)

    def towards_brand(lo: datetime, hi: datetime) -> list[InteractionRecord]:
        return [i for i in interactions if i.target in accounts and i.actor not in accounts
                and lo <= _utc(i.at) < hi]  # fmt: skip

    def window(lo: datetime, hi: datetime) -> dict[str, Any]:
        figures = _engagement(towards_brand(lo, hi))
        about = [i for i in interactions if set(i.topics) & set(c.topics) and lo <= _utc(i.at) < hi]
        figures["topicInteractions"] = sum(i.count for i in about)
        figures["brandTopicInteractions"] = sum(
            i.count for i in about if i.actor in accounts or i.target in accounts
        )
        total = figures["topicInteractions"]
        figures["shareOfVoice"] = figures["brandTopicInteractions"] / total if total else None
        return figures

    by_day: dict[str, list[InteractionRecord]] = defaultdict(list)
    for i in towards_brand(start, c.until):
        by_day[_utc(i.at).date().isoformat()].append(i)
    days = []
    day = start.date()
    while day <= (c.until - timedelta(microseconds=1)).date():
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        days.append({"day": day.isoformat(), "baseline": midnight < c.since,
                     **_engagement(by_day.get(day.isoformat(), []))})  # fmt: skip
        day += timedelta(days=1)
    return {
        "during": window(c.since, c.until),
        "baseline": window(start, c.since),
        "byDay": days,
        "byInfluencer": [_influencer(p, interactions, accounts, c) for p in sorted(c.enlisted)],
    }


def _influencer(
    person: str, interactions: list[InteractionRecord], accounts: set[str], c: CampaignSpec
) -> dict[str, Any]:
    in_window = [i for i in interactions if c.since <= _utc(i.at) < c.until]
    campaign = [i for i in in_window if is_member(i, c)]
    drawn = [i for i in campaign if i.target == person]
    first: dict[str, datetime] = {}
    for i in drawn:
        first[i.actor] = min(first.get(i.actor, _utc(i.at)), _utc(i.at))
    known_before = {i.actor for i in interactions if i.target == person and _utc(i.at) < c.since}
    to_brand: dict[str, list[datetime]] = defaultdict(list)
    for j in interactions:
        if j.target in accounts and j.actor in first:
            to_brand[j.actor].append(_utc(j.at))
    converted = {e for e, when in first.items() if any(when <= at < c.until for at in to_brand[e])}
    return {
        "personId": person,
        "posts": sum(i.count for i in campaign if i.actor == person),
        "engagement": sum(i.count for i in drawn),
        "engagers": len(first),
        "newPeopleReached": len(set(first) - known_before),
        "wentOnToBrand": len(converted),
    }


def lift(during: float | None, baseline: float | None) -> float | None:
    if during is None or baseline is None or baseline == 0:
        return None
    return during / baseline
