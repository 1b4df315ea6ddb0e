"""Reading stored relationships, with the checks that refuse unknown arguments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.db import ingest as ingest_db
from service.db import relationships as rel_db
from service.db.database import Database
from service.db.times import optional_instant
from service.models import InputRefused
from service.relationships.stages import STAGES


class RelationshipInputError(InputRefused):
    """A value refused; `argument` names the argument at fault."""


@dataclass(frozen=True)
class StoredRelationship:
    brand: str
    person: str
    stage: str
    history: tuple[tuple[str, datetime], ...]
    last_contact: datetime | None
    owner: str | None
    owner_role: str | None
    owner_strength: int
    score: float | None

    @classmethod
    def of(cls, brand: str, row: Mapping[str, Any]) -> StoredRelationship:
        reached = [(s, optional_instant(row.get(f"{s}At"))) for s in STAGES[1:]]
        history = tuple(sorted(((s, at) for s, at in reached if at is not None),
                               key=lambda x: (x[1], STAGES.index(x[0]))))  # fmt: skip
        score = row.get("score")
        return cls(
            brand=brand,
            person=str(row["person"]),
            stage=str(row["stage"]),
            history=history,
            last_contact=optional_instant(row.get("lastContactAt")),
            owner=row.get("owner"),
            owner_role=row.get("ownerRole"),
            owner_strength=int(row.get("ownerStrength") or 0),
            score=None if score is None or score < 0 else float(score),
        )


async def check(db: Database, brand: str, person: str | None, topic: str | None) -> None:
    found = await rel_db.existing(db, brand, person)
    if not found["brand"]:
        raise RelationshipInputError("brand", f"unknown brand {brand!r}")
    if person is not None and not found["person"]:
        raise RelationshipInputError("person", f"unknown person {person!r}")
    if topic is not None and not await ingest_db.existing_topic_ids(db, [topic]):
        raise RelationshipInputError("topic", f"unknown topic {topic!r}")


async def one(db: Database, brand: str, person: str) -> StoredRelationship:
    """The relationship; stage unaware with an empty history when there is no contact."""
    await check(db, brand, person, None)
    row = await rel_db.one(db, brand, person)
    if row is None:
        return StoredRelationship(brand, person, "unaware", (), None, None, None, 0, None)
    return StoredRelationship.of(brand, row)


async def page(
    db: Database,
    brand: str,
    stage: str | None,
    topic: str | None,
    after: tuple[float, str] | None,
    limit: int,
) -> list[StoredRelationship]:
    await check(db, brand, None, topic)
    rows = await rel_db.page(db, brand, stage, topic, after, limit)
    return [StoredRelationship.of(brand, r) for r in rows]


async def count(db: Database, brand: str, stage: str | None) -> int:
    return await rel_db.count(db, brand, stage)
