"""Explanations of a whole page of people at once: the people and interactions behind each
one's influence on a topic, in one query each for the page (analytics/explain_*_batch), and
the mapping of their rows to models (shared with the one-person reads of `scores`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database, Record
from service.db.times import instant, optional_instant
from service.models import Contributor, Evidence


async def contributor_rows(
    db: Database, topic: str, persons: Sequence[str], limit: int
) -> list[Record]:
    """One record per person: `explained` and its `rows`, strongest first."""
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
    """One record per person: `explained` and its `rows`, strongest first."""
    return await db.read(
        "analytics/explain_interactions_batch",
        topic=topic,
        persons=list(persons),
        weights=dict(weights),
        since=window[0],
        until=window[1],
        limit=limit,
    )


def contributor_from_row(r: Mapping[str, Any]) -> Contributor:
    return Contributor(
        person=r["person"],
        name=r["name"],
        weight=float(r["weight"]),
        interactions=int(r["interactions"]),
        contribution=float(r["contribution"] or 0.0),
        last_at=optional_instant(r["lastAt"]),
    )


def evidence_from_row(r: Mapping[str, Any]) -> Evidence:
    return Evidence(
        interaction=r["id"],
        type=r["type"],
        actor=r["actor"],
        at=instant(r["at"]),
        sentiment=r["sentiment"],
        weight=float(r["weight"]),
        url=r["url"],
    )


def contributors_by_person(records: Sequence[Mapping[str, Any]]) -> dict[str, list[Contributor]]:
    """Plain Python over the records: callers may run it off the event loop."""
    return {r["explained"]: [contributor_from_row(row) for row in r["rows"]] for r in records}


def evidence_by_person(records: Sequence[Mapping[str, Any]]) -> dict[str, list[Evidence]]:
    """Plain Python over the records: callers may run it off the event loop."""
    return {r["explained"]: [evidence_from_row(row) for row in r["rows"]] for r in records}
