"""What scoring reads from the graph besides the algorithms, per person of a topic graph:
declared kind and audience, engagement received on the topic and its sentiment, and how much
of the person's activity is about the topic (analytics/person_signals)."""

from __future__ import annotations

from dataclasses import dataclass

from service.db.database import Database


@dataclass(frozen=True)
class Signals:
    kind: str | None
    followers: int
    followed_by: int
    received: int
    with_sentiment: int
    negative: int
    sentiment: float | None
    on_topic: int
    all_activity: int


async def person_signals(
    db: Database,
    topic: str,
    since: str | None,
    until: str | None,
    people: list[str],
    negative_below: float,
) -> dict[str, Signals]:
    """The signals of `people` (ids) for `topic` in the window; an interaction's sentiment
    below `negative_below` counts as negative."""
    rows = await db.read(
        "analytics/person_signals",
        topic=topic,
        since=since,
        until=until,
        ids=people,
        negativeBelow=negative_below,
    )
    return {
        r["id"]: Signals(
            kind=r["kind"],
            followers=int(r["followers"]),
            followed_by=int(r["followedBy"]),
            received=int(r["received"]),
            with_sentiment=int(r["withSentiment"]),
            negative=int(r["negative"]),
            sentiment=r["sentiment"],
            on_topic=int(r["onTopic"]),
            all_activity=int(r["allActivity"]),
        )
        for r in rows
    }


@dataclass(frozen=True)
class TemporalSignals:
    """Engagement received on the topic in the window, in time: `recency` (weighted and
    halved every half-life of age), `recent` and `earlier` (weighted, in the window's last
    part and before it) and `engagers` (distinct people)."""

    recency: float
    recent: float
    earlier: float
    engagers: int


async def temporal_signals(
    db: Database,
    topic: str,
    window: tuple[str | None, str | None],
    as_of: str,
    weights: dict[str, float],
    half_life_days: float,
    recent_share: float,
    people: list[str],
) -> dict[str, TemporalSignals]:
    """The temporal signals of `people` (ids) for `topic` in `window` (since, until; ISO or
    None; an open start is the topic's first interaction, an open end `as_of`): ages are
    measured to `as_of`, and the recent part is the window's last `recent_share`."""
    since, until = window
    rows = await db.read(
        "analytics/temporal_signals",
        topic=topic,
        since=since,
        until=until,
        asOf=as_of,
        weights=weights,
        halfLifeDays=half_life_days,
        recentShare=recent_share,
        ids=people,
    )
    return {
        r["id"]: TemporalSignals(
            recency=float(r["recency"]),
            recent=float(r["recent"]),
            earlier=float(r["earlier"]),
            engagers=int(r["engagers"]),
        )
        for r in rows
    }
