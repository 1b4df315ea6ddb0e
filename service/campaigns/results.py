"""What a campaign changed: its window against an equal baseline window just before it.

The figures and their definitions are in docs/campaigns.md; each one's Cypher is in
cypher/campaigns/. Lift is during / baseline, None when the baseline is 0 (or unknown).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from service.campaigns.campaigns import Campaign
from service.db import campaigns as campaigns_db
from service.db.database import Database

COUNTS = ("mentions", "shares", "replies", "interactions", "engaged")


@dataclass(frozen=True)
class Figures:
    mentions: int
    shares: int
    replies: int
    interactions: int
    engaged: int
    sentiment: float | None
    topic_interactions: int
    brand_topic_interactions: int

    @property
    def share_of_voice(self) -> float | None:
        if not self.topic_interactions:
            return None
        return self.brand_topic_interactions / self.topic_interactions


@dataclass(frozen=True)
class Day:
    day: str  # YYYY-MM-DD (UTC)
    baseline: bool
    mentions: int
    shares: int
    replies: int
    interactions: int
    engaged: int
    sentiment: float | None


@dataclass(frozen=True)
class InfluencerResult:
    person: str
    name: str | None
    posts: int
    engagement: int
    engagers: int
    reached: int
    converted: int


@dataclass(frozen=True)
class Results:
    since: datetime
    until: datetime
    baseline_since: datetime
    during: Figures
    baseline: Figures
    days: list[Day]
    influencers: list[InfluencerResult]

    def lift(self, figure: str) -> float | None:
        """during / baseline of a count or of the share of voice; None when the baseline
        is 0 or unknown."""
        now, before = getattr(self.during, figure), getattr(self.baseline, figure)
        if before is None or now is None or before == 0:
            return None
        return float(now) / float(before)

    @property
    def sentiment_change(self) -> float | None:
        """Mean sentiment during minus baseline (a ratio of signed means means nothing)."""
        if self.during.sentiment is None or self.baseline.sentiment is None:
            return None
        return self.during.sentiment - self.baseline.sentiment


async def campaign_results(db: Database, campaign: Campaign) -> Results:
    since, until = campaign.fields.since, campaign.fields.until
    start = since - (until - since)
    # Independent reads, each in a session of its own: run side by side.
    during, baseline, rows, influencers = await asyncio.gather(
        _figures(db, campaign, since, until),
        _figures(db, campaign, start, since),
        campaigns_db.figures_by_day(db, campaign.brand, _iso(start), _iso(until)),
        campaigns_db.by_influencer(db, campaign.id, _iso(since), _iso(until)),
    )
    return Results(
        since=since,
        until=until,
        baseline_since=start,
        during=during,
        baseline=baseline,
        days=_days(rows, start, since, until),
        influencers=[_influencer(row) for row in influencers],
    )


async def _figures(db: Database, campaign: Campaign, start: datetime, end: datetime) -> Figures:
    row, voice = await asyncio.gather(
        campaigns_db.window_figures(db, campaign.brand, _iso(start), _iso(end)),
        campaigns_db.share_of_voice(
            db, campaign.brand, campaign.fields.topics, _iso(start), _iso(end)
        ),
    )
    sentiment = row.get("sentiment")
    return Figures(
        **{name: int(row.get(name) or 0) for name in COUNTS},
        sentiment=float(sentiment) if sentiment is not None else None,
        topic_interactions=int(voice.get("topicInteractions") or 0),
        brand_topic_interactions=int(voice.get("brandInteractions") or 0),
    )


def _days(
    rows: list[dict[str, Any]], start: datetime, since: datetime, until: datetime
) -> list[Day]:
    """One entry per UTC day from the baseline's first to the campaign's last, days without
    any interaction included (zeros, no sentiment). A day is baseline when it starts before
    the campaign does."""
    found = {str(row["day"]): row for row in rows}
    days = []
    day = start.date()
    last = (until - timedelta(microseconds=1)).date()
    while day <= last:
        row = found.get(day.isoformat(), {})
        sentiment = row.get("sentiment")
        days.append(
            Day(
                day=day.isoformat(),
                baseline=_midnight(day, since) < since,
                **{name: int(row.get(name) or 0) for name in COUNTS},
                sentiment=float(sentiment) if sentiment is not None else None,
            )
        )
        day += timedelta(days=1)
    return days


def _midnight(day: date, like: datetime) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=like.tzinfo)


def _influencer(row: dict[str, Any]) -> InfluencerResult:
    return InfluencerResult(
        person=str(row["person"]),
        name=row.get("name"),
        **{k: int(row[k]) for k in ("posts", "engagement", "engagers", "reached", "converted")},
    )


def _iso(moment: datetime) -> str:
    return moment.isoformat()
