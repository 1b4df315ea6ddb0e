"""What scoring reads from the graph besides the algorithms, per person of a topic graph, in
one query (analytics/person_signals): declared kind and audience, engagement received on the
topic with its sentiment and its timing, and how much of the person's activity is about the
topic."""

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


@dataclass(frozen=True)
class TemporalSignals:
    """Engagement received on the topic in the window, in time: `recency` (weighted and
    halved every half-life of age), `recent` and `earlier` (weighted, in the window's last
    part and before it) and `engagers` (distinct people)."""

    recency: float
    recent: float
    earlier: float
    engagers: int


@dataclass(frozen=True)
class SignalWindow:
    """What the signals of a topic's people are read over: the window (ISO or None), ages
    measured to `as_of`, the recent part from `recent_from` (see `recent_from`), the weights
    and half-life of recency, and the sentiment below which engagement is negative."""

    topic: str
    since: str | None
    until: str | None
    as_of: str
    recent_from: str
    weights: dict[str, float]
    half_life_days: float
    negative_below: float


async def topic_people(db: Database, topic: str, since: str | None, until: str | None) -> list[str]:
    """The people of the topic's graph in the window (a superset of the projection's nodes)."""
    rows = await db.read("analytics/topic_people", topic=topic, since=since, until=until)
    return [str(row["person"]) for row in rows]


async def recent_from(
    db: Database,
    topic: str,
    window: tuple[str | None, str | None],
    as_of: str,
    recent_share: float,
) -> str:
    """Where the window's last `recent_share` starts (ISO): an open start is the topic's first
    interaction in the window, an open end `as_of`."""
    since, until = window
    row = await db.read_one(
        "analytics/recent_from",
        topic=topic,
        since=since,
        until=until,
        asOf=as_of,
        recentShare=recent_share,
    )
    return as_of if row is None else str(row["recentFrom"].iso_format())


async def person_signals(
    db: Database, window: SignalWindow, people: list[str]
) -> tuple[dict[str, Signals], dict[str, TemporalSignals]]:
    """The signals and the temporal signals of `people` (ids) over `window`."""
    w = window
    rows = await db.read(
        "analytics/person_signals",
        topic=w.topic,
        since=w.since,
        until=w.until,
        asOf=w.as_of,
        recentFrom=w.recent_from,
        weights=w.weights,
        halfLifeDays=w.half_life_days,
        negativeBelow=w.negative_below,
        ids=people,
    )
    signals = {
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
    temporal = {
        r["id"]: TemporalSignals(
            recency=float(r["recency"]),
            recent=float(r["recent"]),
            earlier=float(r["earlier"]),
            engagers=int(r["engagers"]),
        )
        for r in rows
    }
    return signals, temporal
