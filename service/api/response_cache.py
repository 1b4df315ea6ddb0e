"""A short-lived cache of whole GraphQL responses, for popular read pages (rankings, profiles).

Off unless RESPONSE_CACHE_SECONDS > 0. A response is stored only when the request was one
query operation (no mutation, no subscription, no batch), it answered 200 without errors and
its body is at most RESPONSE_CACHE_MAX_BYTES. The key is the exact request (method, query
string, body, accepted media type) plus the caller's scopes, so a caller never receives what
its scopes would not let it read. Authentication, rate limits and the request-level limits run
before the cache is consulted, so a hit still costs the caller a token.

Staleness: a mutation answered by this process empties the cache at once (a client reads its
own writes); writes made elsewhere (the loader, a worker finishing a job, another replica) show
after at most RESPONSE_CACHE_SECONDS.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.types import Message, Send
from starlette.types import Scope as AsgiScope

from service.api.lru import Lru

CacheKey = tuple[str, bytes, bytes, str, frozenset[str]]


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    stored_at: float

    async def send(self, send: Send) -> None:
        start: Message = {"type": "http.response.start", "status": self.status}
        start["headers"] = self.headers
        await send(start)
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


class ResponseCache:
    def __init__(self, seconds: float, entries: int, max_bytes: int) -> None:
        self.seconds = seconds
        self.entries = entries
        self.max_bytes = max_bytes
        self._store: Lru[CacheKey, CachedResponse] = Lru(entries)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.entries > 0

    def key(self, scope: AsgiScope, body: bytes, scopes: frozenset[str]) -> CacheKey | None:
        """The request's key, or None when it cannot be a single query (a batch)."""
        if body.lstrip()[:1] == b"[":
            return None
        accept = ""
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value.decode("latin-1")
                break
        return (scope["method"], scope.get("query_string", b""), body, accept, scopes)

    def get(self, key: CacheKey) -> CachedResponse | None:
        found = self._store.get(key)
        if found is None:
            return None
        if time.monotonic() - found.stored_at > self.seconds:
            self._store.pop(key)
            return None
        return found

    def put(self, key: CacheKey, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
        """Keep a 200 response; False when it is too large to keep."""
        if len(body) > self.max_bytes:
            return False
        self._store.put(key, CachedResponse(200, headers, body, time.monotonic()))
        return True

    def clear(self) -> None:
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)
