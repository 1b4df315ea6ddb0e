"""Whole-graph operations: counts, server components, wiping."""

from __future__ import annotations

import hashlib

from service.db.database import Database
from service.db.driver import ServerInfo
from service.models import GraphCounts


async def counts(db: Database) -> GraphCounts:
    row = await db.read_one("graph/counts")
    assert row is not None
    return GraphCounts(**row)


async def server_info(db: Database) -> ServerInfo:
    """Versions of the server; fails at once (no retries) when it cannot be reached."""
    row = (await db.probe("server/components"))[0]
    return ServerInfo(
        neo4j_version=row["version"], edition=row["edition"], gds_version=row["gdsVersion"]
    )


async def wipe(db: Database, batch: int = 10_000) -> int:
    """Delete every node and relationship, in batches so memory stays bounded: relationships
    first, so that a node with very many of them is not deleted in one transaction."""
    while (await db.write("admin/wipe_relationships_batch", limit=batch))[0]["deleted"]:
        pass
    total = 0
    while True:
        row = (await db.write("admin/wipe_batch", limit=batch))[0]
        total += int(row["deleted"])
        if row["deleted"] == 0:
            return total


async def content_lines(db: Database) -> list[str]:
    """Every node and relationship with its properties (but `updatedAt`), one text line each,
    sorted: what `content_checksum` hashes, for showing how two graphs differ."""
    row = await db.read_one("graph/checksum")
    lines: list[str] = row["lines"] if row else []
    return lines


async def content_checksum(db: Database) -> str:
    """SHA-256 of every node and relationship with its properties (but `updatedAt`), in a
    canonical order: equal for two graphs with the same content, whatever order or how
    many times it was written."""
    return hashlib.sha256("\n".join(await content_lines(db)).encode()).hexdigest()
