"""Rate limits: a token bucket per API key (per client address for anonymous callers).

Each request takes a token, and so does each WebSocket handshake and each operation on a
socket (view.TransportWSHandler). Over the rate: 429 with Retry-After, RATE_LIMITED; a
WebSocket is closed with 4429.
"""

from __future__ import annotations

import math

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import RATE_LIMITED, Rejection
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal
from service.api.security.token_buckets import RateLimiter
from service.http.authentication import NOBODY, principal_in, refuse
from service.settings import Settings


class Throttle:
    def __init__(self, settings: Settings, refusals: Refusals) -> None:
        self.limiter = RateLimiter()
        self.default_rate = settings.rate_limit_per_second
        self.default_burst = settings.rate_limit_burst
        self.refusals = refusals

    def spend(self, principal: Principal, scope: Scope) -> None:
        """Take one token of the caller's bucket, or raise RATE_LIMITED."""
        if principal.key_id is not None:
            bucket = f"key:{principal.key_id}"
        else:
            client = scope.get("client")
            bucket = f"anonymous:{client[0] if client else 'unknown'}"
        rate = principal.rate_limit or self.default_rate
        burst = max(self.default_burst, math.ceil(rate))
        wait = self.limiter.take(bucket, rate, burst)
        if wait > 0:
            self.refusals.count("rate_limited")  # counted, not logged
            seconds = max(1, math.ceil(wait))
            raise Rejection(
                RATE_LIMITED,
                f"Too many requests: the limit is {rate:g} per second (burst {burst}).",
                headers={"Retry-After": str(seconds)},
                limit=rate,
                burst=burst,
                retryAfter=seconds,
            )


class RateLimit:
    """The ASGI middleware, after Authentication: the caller spends a token per request."""

    def __init__(self, app: ASGIApp, throttle: Throttle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = principal_in(scope)
        if principal is not None and principal is not NOBODY:
            try:
                self.throttle.spend(principal, scope)
            except Rejection as rejection:
                await refuse(rejection, scope, receive, send)
                return
        await self.app(scope, receive, send)
