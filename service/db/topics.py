"""Reading topics."""

from __future__ import annotations

from collections.abc import Sequence

from service.db.database import Database
from service.models import Topic


async def all_topics(db: Database) -> list[Topic]:
    return [Topic(**row) for row in await db.read("topic/all")]


async def topics_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Topic]:
    rows = await db.read_rows("topic/by_ids", ids=list(ids))
    return {row["id"]: Topic(**row) for row in rows}


async def children_by_ids(db: Database, ids: Sequence[str]) -> dict[str, list[Topic]]:
    rows = await db.read("topic/children_by_ids", ids=list(ids))
    children: dict[str, list[Topic]] = {i: [] for i in ids}
    for row in rows:
        children[row["parent"]].append(
            Topic(
                id=row["id"],
                name=row["name"],
                parent=row["parent"],
                interactions=row["interactions"],
            )
        )
    return children
