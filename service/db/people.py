"""Reading people."""

from __future__ import annotations

from collections.abc import Sequence

from service.db.database import Database
from service.models import Person


async def people_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Person]:
    rows = await db.read("person/by_ids", ids=list(ids))
    return {row["id"]: Person(**row) for row in rows}
