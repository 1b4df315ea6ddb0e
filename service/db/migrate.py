"""Graph model migrations: the idempotent files under cypher/constraints/ (constraints, indexes,
and the one data migration that points topics analysed before generations at their results)."""

from __future__ import annotations

from service.db.database import Database


async def migrate(db: Database) -> list[str]:
    """Apply every file, in name order; return the names applied."""
    names = db.queries.names("constraints/")
    for name in names:
        await db.write(name)
    return names
