"""Reading the events behind relationship stages, and storing and reading the stages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database
from service.db.ingest import _available

Row = dict[str, Any]


async def representatives(db: Database) -> dict[str, set[str]]:
    """Brand id -> the ids of the people representing it (any role)."""
    rows = await db.read("relationships/representatives")
    return {str(r["brand"]): {str(p) for p in r["people"]} for r in rows}


async def events(db: Database, brand: str, people: Sequence[str] | None) -> list[Row]:
    """The brand's events with the given people, or with everyone when `people` is None."""
    if people is None:
        rows = await db.read("relationships/events_of_brand", brand=brand)
    else:
        rows = await db.read("relationships/events_of_people", brand=brand, people=list(people))
    return [dict(r) for r in rows]


async def store(
    db: Database, brand: str, rows: Sequence[Mapping[str, Any]], cleared: Sequence[str] | None
) -> int:
    """Write the rows in one transaction: first delete the relationships of `cleared` (all
    of the brand's when None)."""
    steps: list[tuple[str, Mapping[str, Any]]] = []
    if cleared is None:
        steps.append(("relationships/clear_brand", {"brand": brand}))
    written = {"brand": brand, "cleared": list(cleared or []), "rows": list(rows)}
    steps.append(("relationships/write", written))
    out = await _available(lambda: db.write_many(steps))
    return int(out[-1][0]["written"]) if out and out[-1] else 0


async def page(
    db: Database,
    brand: str,
    stage: str | None,
    topic: str | None,
    after: tuple[float, str] | None,
    limit: int,
) -> list[Row]:
    rows = await db.read(
        "relationships/page",
        brand=brand,
        stage=stage,
        topic=topic,
        afterScore=after[0] if after else None,
        afterId=after[1] if after else None,
        limit=limit,
    )
    return [dict(r) for r in rows]


async def count(db: Database, brand: str, stage: str | None) -> int:
    row = await db.read_one("relationships/count", brand=brand, stage=stage)
    return int(row["count"]) if row else 0


async def one(db: Database, brand: str, person: str) -> Row | None:
    row = await db.read_one("relationships/one", brand=brand, person=person)
    return dict(row) if row else None


async def existing(db: Database, brand: str, person: str | None) -> Row:
    """Whether the brand (and the person, when given) exist: {brand, person} booleans."""
    row = await db.read_one("relationships/existing", brand=brand, person=person)
    return dict(row) if row else {"brand": False, "person": False}


async def warm_introductions(
    db: Database, brand: str, person: str, topic: str, limit: int
) -> list[Row]:
    rows = await db.read(
        "relationships/warm_introductions", brand=brand, person=person, topic=topic, limit=limit
    )
    return [dict(r) for r in rows]
