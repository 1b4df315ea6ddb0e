"""Reading topics."""

from __future__ import annotations

from collections.abc import Sequence

from service.db.database import Database
from service.models import Topic


async def all_topics(db: Database) -> list[Topic]:
    return [Topic(**row) for row in await db.read("topic/all")]


async def topics_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Topic]:
    rows = await db.read("topic/by_ids", ids=list(ids))
    return {row["id"]: Topic(**row) for row in rows}
