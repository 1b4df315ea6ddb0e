"""Erasures (the right to be forgotten) as stored in the graph: deleting a person and what is
about them (person/erase), and the tombstones that keep them from coming back,
`(:ErasedPerson {idHash, erasedAt})`.

A tombstone holds the SHA-256 (hex) of the person's id, never the id: the graph no longer
mentions the person, yet a record naming them can still be recognised by hashing its ids.
"""

from __future__ import annotations

import hashlib

from service.db.database import Database, Record


def id_hash(person_id: str) -> str:
    """What a tombstone stores for a person id: its SHA-256, in hex, of its UTF-8 bytes."""
    return hashlib.sha256(person_id.encode("utf-8")).hexdigest()


async def erase(db: Database, person_id: str) -> Record | None:
    """Erase the person and record their tombstone, in one transaction; the counts of what
    was removed, or None when there is no such person (then nothing is recorded)."""
    rows = await db.write("person/erase", id=person_id, idHash=id_hash(person_id))
    return rows[0] if rows else None


async def lift(db: Database, person_id: str) -> str | None:
    """Delete the person's tombstone; when they were erased (ISO-8601), or None if they
    were not."""
    rows = await db.write("person/lift_erasure", idHash=id_hash(person_id))
    return str(rows[0]["erasedAt"]) if rows else None
