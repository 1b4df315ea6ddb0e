"""Reading brands and who represents them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.db.database import Database


async def brands_by_ids(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Brand id -> {id, name, representatives: [{person, role}]}, for the ids that exist."""
    rows = await db.read_rows("brand/by_ids", ids=list(ids))
    return {str(row["id"]): dict(row) for row in rows}
