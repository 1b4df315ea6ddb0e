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

from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as AsgiScope

from service.api.context import Context
from service.api.lru import Lru
from service.http.authentication import principal_in
from service.http.body import read_body, replaying
from service.telemetry.metrics import Metrics

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


class ResponseCacheMiddleware:
    """Answers a repeated query from the cache; keeps the answers that may be reused and
    empties the cache after a mutation."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, metrics: Metrics) -> None:
        self.app = app
        self.cache = cache
        self.metrics = metrics

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        key = self._key(scope, body)
        if key is not None:
            hit = self.cache.get(key)
            self.metrics.response_cache.labels(outcome="hit" if hit else "miss").inc()
            if hit is not None:
                await hit.send(send)
                return
        response = _Recorder(send)
        await self.app(scope, replaying(body, receive), response.send)
        self._remember(scope, key, response)

    def _key(self, scope: AsgiScope, body: bytes) -> CacheKey | None:
        principal = principal_in(scope)
        if not self.cache.enabled or scope["method"] not in ("GET", "POST") or not principal:
            return None
        return self.cache.key(scope, body, frozenset(s.value for s in principal.scopes))

    def _remember(self, scope: AsgiScope, key: CacheKey | None, response: _Recorder) -> None:
        context = (scope.get("state") or {}).get("context")
        outcomes = context.outcomes if isinstance(context, Context) else []
        if any(kind != "query" for kind, _ in outcomes):
            self.cache.clear()
        elif (
            key is not None
            and outcomes == [("query", False)]
            and response.status == 200
            and response.body is not None
            and self.cache.put(key, response.headers, response.body)
        ):
            self.metrics.response_cache.labels(outcome="store").inc()


class _Recorder:
    """Passes a response on while keeping its status, headers and single-message body (a
    streamed response, sent in several messages, is not kept)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: bytes | None = None
        self._parts = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self._parts += 1
            streamed = self._parts > 1 or message.get("more_body", False)
            self.body = None if streamed else bytes(message.get("body", b""))
        await self._send(message)
