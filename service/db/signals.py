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
