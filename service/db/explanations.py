"""Explanations of a whole page of people at once: the people and interactions behind each
one's influence on a topic, in one query each for the page (analytics/explain_*_batch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database, Record
from service.db.times import instant, optional_instant
from service.models import Contributor, Evidence


async def contributor_rows(
    db: Database, topic: str, persons: Sequence[str], limit: int
) -> list[Record]:
    return await db.read(
        "analytics/explain_people_batch", topic=topic, persons=list(persons), limit=limit
    )


async def evidence_rows(
    db: Database,
    topic: str,
    persons: Sequence[str],
    weights: Mapping[str, float],
    window: tuple[str | None, str | None],
    limit: int,
) -> list[Record]:
    return await db.read(
        "analytics/explain_interactions_batch",
        topic=topic,
        persons=list(persons),
        weights=dict(weights),
        since=window[0],
        until=window[1],
        limit=limit,
    )


def contributors_by_person(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Contributor]]:
    """Plain Python over the rows: callers may run it off the event loop."""
    out: dict[str, list[Contributor]] = {}
    for r in rows:
        out.setdefault(r["explained"], []).append(
            Contributor(
                person=r["person"],
                name=r["name"],
                weight=float(r["weight"]),
                interactions=int(r["interactions"]),
                contribution=float(r["contribution"] or 0.0),
                last_at=optional_instant(r["lastAt"]),
            )
        )
    return out


def evidence_by_person(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Evidence]]:
    """Plain Python over the rows: callers may run it off the event loop."""
    out: dict[str, list[Evidence]] = {}
    for r in rows:
        out.setdefault(r["explained"], []).append(
            Evidence(
                interaction=r["id"],
                type=r["type"],
                actor=r["actor"],
                at=instant(r["at"]),
                sentiment=r["sentiment"],
                weight=float(r["weight"]),
                url=r["url"],
            )
        )
    return out
