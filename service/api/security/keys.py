"""API keys: `ig_<id>_<secret>`. Only a salted scrypt hash of the secret is stored.

The id is public (it names the key in `keys list`, logs and rate limits); the secret is shown
once, when the key is created. A verified key is remembered for `cache_seconds`, so a
revocation takes effect within that time on every API instance.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.api.security.scopes import Principal, Scope
from service.db import api_keys
from service.db.database import Database

_KEY = re.compile(r"^ig_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
# scrypt cost: about 16 MiB and a few tens of milliseconds per verification.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}


@dataclass(frozen=True)
class NewKey:
    id: str
    token: str
    salt_hex: str
    hash_hex: str


def generate_key() -> NewKey:
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    return NewKey(
        id=key_id,
        token=f"ig_{key_id}_{secret}",
        salt_hex=salt.hex(),
        hash_hex=hash_secret(secret, salt).hex(),
    )


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)


def split_key(token: str) -> tuple[str, str] | None:
    """(id, secret) of a well-formed key, else None."""
    match = _KEY.match(token)
    return (match.group(1), match.group(2)) if match else None


def secret_matches(secret: str, salt_hex: str, hash_hex: str) -> bool:
    try:
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError:
        return False
    return hmac.compare_digest(hash_secret(secret, salt), expected)


async def create_api_key(
    db: Database, name: str, scopes: Sequence[Scope], rate_limit: float | None
) -> tuple[str, api_keys.StoredKey]:
    """Create and store a key; return its token (to show once) and what is stored."""
    new = generate_key()
    await api_keys.create_key(
        db,
        key_id=new.id,
        name=name,
        hash_hex=new.hash_hex,
        salt_hex=new.salt_hex,
        scopes=[s.value for s in scopes],
        rate_limit=rate_limit,
    )
    stored = await api_keys.key_by_id(db, new.id)
    assert stored is not None
    return new.token, stored


class KeyVerifier:
    """Turns a presented key into a Principal, or None; remembers answers for a few seconds."""

    def __init__(
        self,
        db: Database,
        cache_seconds: float,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.cache_seconds = cache_seconds
        self.max_entries = max_entries
        self.clock = clock
        # sha256 of the presented key → (principal or None, when verified)
        self._cache: OrderedDict[bytes, tuple[Principal | None, float]] = OrderedDict()

    async def verify(self, token: str) -> Principal | None:
        parts = split_key(token)
        if parts is None:
            return None
        digest = hashlib.sha256(token.encode()).digest()
        cached = self._cache.get(digest)
        if cached is not None and self.clock() - cached[1] < self.cache_seconds:
            return cached[0]
        principal = await self._look_up(*parts)
        self._cache[digest] = (principal, self.clock())
        self._cache.move_to_end(digest)
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)
        return principal

    async def _look_up(self, key_id: str, secret: str) -> Principal | None:
        stored = await api_keys.key_by_id(self.db, key_id)
        if stored is None or stored.revoked:
            return None
        # scrypt is slow on purpose: keep it off the event loop.
        if not await asyncio.to_thread(secret_matches, secret, stored.salt, stored.hash):
            return None
        scopes = frozenset(Scope(s) for s in stored.scopes if s in Scope.__members__.values())
        return Principal(
            key_id=stored.id, name=stored.name, scopes=scopes, rate_limit=stored.rate_limit
        )
