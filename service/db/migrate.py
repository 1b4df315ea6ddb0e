"""Graph model migrations: the idempotent constraint and index files under cypher/constraints/."""

from __future__ import annotations

from service.db.database import Database


async def migrate(db: Database) -> list[str]:
    """Apply every constraint and index file, in name order; return the names applied."""
    names = db.queries.names("constraints/")
    for name in names:
        await db.write(name)
    return names
