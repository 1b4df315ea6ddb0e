"""Refused callers, counted and logged for operators.

Every refusal is counted by reason (`influence_refusals_total`). Refused authentication and
forbidden operations are also logged at WARNING on `influence_graph.api.security` with the
request id, the error code, the reason and the key's public id when known (never the key: a
malformed key may be a secret pasted whole, so none is named for it). A flood of refusals
must not flood the logs: lines are let through at a bounded rate, and the next line let
through says how many were held back. Rate-limit refusals are counted only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from service.api.security.token_buckets import RateLimiter
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id

security_log = logging.getLogger("influence_graph.api.security")


class Refusals:
    def __init__(
        self,
        metrics: Metrics | None,
        *,
        lines_per_second: float = 5.0,
        burst: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metrics = metrics
        self.rate = lines_per_second
        self.burst = burst
        self.lines = RateLimiter(max_buckets=1, clock=clock)  # one bucket: the log's
        self.held_back = 0

    def count(self, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.refusals.labels(reason=reason).inc()

    def note(self, code: str, reason: str, key_id: str | None, **details: str) -> None:
        """Count a refusal and log it, unless the logging rate is spent."""
        self.count(reason)
        if self.lines.take("log", self.rate, self.burst) > 0:
            self.held_back += 1
            return
        fields: dict[str, str | int | None] = {
            "requestId": current_request_id.get(),
            "code": code,
            "reason": reason,
            "keyId": key_id,
            **details,
        }
        if self.held_back:
            fields["heldBack"] = self.held_back
            self.held_back = 0
        text = " ".join(f"{name}={value}" for name, value in fields.items() if value is not None)
        security_log.warning("refused: %s", text, extra=fields)
