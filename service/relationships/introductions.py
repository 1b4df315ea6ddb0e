"""Warm introductions: the strongest short influence chains from a brand's representatives
to a person on a topic (docs/relationships-and-alerts.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.db import relationships as rel_db
from service.db.database import Database
from service.relationships.reading import check

MAX_INTRODUCTIONS = 20


@dataclass(frozen=True)
class Introduction:
    representative: str
    role: str
    hops: int
    people: tuple[str, ...]
    links: tuple[dict[str, Any], ...]
    weakest: float
    total: float


async def warm_introductions(
    db: Database, brand: str, person: str, topic: str, limit: int = MAX_INTRODUCTIONS
) -> list[Introduction]:
    """One chain per representative who has one, best first; unknown brand, person or topic
    is a RelationshipInputError."""
    await check(db, brand, person, topic)
    rows = await rel_db.warm_introductions(db, brand, person, topic, min(limit, MAX_INTRODUCTIONS))
    return [
        Introduction(
            representative=str(r["representative"]),
            role=str(r["role"]),
            hops=int(r["hops"]),
            people=tuple(str(p) for p in r["people"]),
            links=tuple(dict(link) for link in r["links"]),
            weakest=float(r["weakest"]),
            total=float(r["total"]),
        )
        for r in rows
    ]
