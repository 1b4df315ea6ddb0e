"""API keys as stored in the graph: (:ApiKey {id, name, hash, salt, scopes, rateLimit, ...})."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.db.database import Database, Record


@dataclass(frozen=True)
class StoredKey:
    id: str
    name: str
    scopes: tuple[str, ...]
    rate_limit: float | None
    created_at: str
    revoked_at: str | None
    hash: str = ""
    salt: str = ""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def _stored(row: Record) -> StoredKey:
    rate = row.get("rateLimit")
    return StoredKey(
        id=row["id"],
        name=row["name"],
        scopes=tuple(row["scopes"] or ()),
        rate_limit=float(rate) if rate is not None else None,
        created_at=row["createdAt"],
        revoked_at=row["revokedAt"],
        hash=row.get("hash") or "",
        salt=row.get("salt") or "",
    )


async def create_key(
    db: Database,
    *,
    key_id: str,
    name: str,
    hash_hex: str,
    salt_hex: str,
    scopes: Sequence[str],
    rate_limit: float | None,
) -> str:
    rows = await db.write(
        "apikey/create",
        id=key_id,
        keyName=name,
        hash=hash_hex,
        salt=salt_hex,
        scopes=list(scopes),
        rateLimit=rate_limit,
    )
    return str(rows[0]["createdAt"])


async def key_by_id(db: Database, key_id: str) -> StoredKey | None:
    row = await db.read_one("apikey/by_id", id=key_id)
    return _stored(row) if row else None


async def list_keys(db: Database) -> list[StoredKey]:
    return [_stored(row) for row in await db.read("apikey/list")]


async def revoke_key(db: Database, key_id: str) -> StoredKey | None:
    """Revoke a key; None when there is no such key."""
    if not await db.write("apikey/revoke", id=key_id):
        return None
    return await key_by_id(db, key_id)
