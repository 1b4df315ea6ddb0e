"""Token buckets per key, in this process.

Each API instance keeps its own buckets: with N replicas behind a load balancer a key may
make up to N times its rate in total. Buckets that have refilled are forgotten when the table
grows, so memory stays bounded whatever the number of clients.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(
        self, max_buckets: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_buckets = max_buckets
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str, rate: float, burst: int) -> float:
        """Spend one token of `key`'s bucket: 0.0 when allowed, else seconds to wait."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_buckets:
                self._forget_full(now, rate, burst)
            bucket = self._buckets[key] = _Bucket(tokens=float(burst), updated=now)
        bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / rate if rate > 0 else math.inf

    def _forget_full(self, now: float, rate: float, burst: int) -> None:
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * rate >= burst]
        for k in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[k]
