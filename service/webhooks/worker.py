"""The delivery loop: lease due deliveries from the queue in Neo4j, attempt each, record the
outcome (delivered; retried later with backoff; or parked as dead after the last attempt).
A delivery whose worker dies mid-attempt keeps its lease until WEBHOOK_LEASE_SECONDS pass,
then any loop takes it again: each event is delivered at least once, with the same id.
It runs in `influence-graph worker` (RUN_WEBHOOKS_IN_WORKER, on by default)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from service.db import webhooks as store
from service.db.database import Database
from service.settings import Settings
from service.telemetry.loop_errors import LoopErrors
from service.webhooks.delivery import Outcome, attempt, backoff
from service.webhooks.targets import Resolver, system_resolver

log = logging.getLogger("influence_graph.webhooks")


class DeliveryWorker:
    def __init__(
        self, db: Database, settings: Settings, resolver: Resolver = system_resolver
    ) -> None:
        self.db = db
        self.settings = settings
        self.resolver = resolver

    async def run_once(self) -> int:
        """Lease one batch of due deliveries and attempt them all; the number attempted."""
        lease = uuid.uuid4().hex
        s = self.settings
        rows = await store.claim(self.db, lease, s.webhook_lease_seconds, s.webhook_batch)
        await asyncio.gather(*(self._deliver(row, lease) for row in rows))
        return len(rows)

    async def _deliver(self, row: dict[str, Any], lease: str) -> None:
        d, w = row["delivery"], row["webhook"]
        s = self.settings
        outcome = await attempt(
            str(w["url"]),
            str(w["secret"]),
            str(d["id"]),
            str(d["payload"]).encode(),
            timeout=s.webhook_timeout,
            allow_private=s.webhook_allow_private_targets,
            resolver=self.resolver,
        )
        await self._record(str(d["id"]), lease, int(d["attempts"]) + 1, outcome)

    async def _record(self, delivery_id: str, lease: str, attempts: int, outcome: Outcome) -> None:
        s = self.settings
        if outcome.ok:
            await store.delivered(self.db, delivery_id, lease, outcome.status or 200)
            return
        dead = outcome.permanent or attempts >= s.webhook_max_attempts
        delay = backoff(attempts, s.webhook_backoff_base, s.webhook_backoff_max)
        status = await store.attempt_failed(
            self.db,
            delivery_id,
            lease,
            status=outcome.status,
            error=outcome.error,
            delay_seconds=delay,
            dead=dead,
        )
        level = logging.WARNING if status == "dead" else logging.INFO
        log.log(level, "webhook delivery %s attempt %d failed: %s", delivery_id, attempts,
                outcome.error)  # fmt: skip

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        log.info("delivering webhooks")
        errors = LoopErrors(log, "webhook delivery")
        while not stop.is_set():
            try:
                attempted = await self.run_once()
            except Exception as exc:
                errors.failed(exc)
                attempted = 0
            else:
                errors.succeeded()
            if attempted == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.webhook_poll_interval)
