"""Publishing an event: one pending delivery per webhook subscribed to it, queued in Neo4j.

    await publish(database, "alert.raised", {"alert": {...}})

runs in a transaction of its own (call it right after the change commits). To queue the
deliveries in the very transaction of the change, a db module takes `publish_step(...)` and
runs it with its own writes (Database.write_many / write_then), as the analysis and back-test
commits do. The body sent is `{"type", "timestamp", "data"}` (the Standard Webhooks shape);
the `webhook-id` of each delivery is the event's id + '_' + the webhook's id, the same on
every attempt and replay."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from service.db import webhooks as store
from service.db.database import Database
from service.webhooks.events import EVENTS, TEST

Step = store.Step


def body(event: str, payload: Mapping[str, Any], at: datetime | None = None) -> str:
    at = at or datetime.now(UTC)
    data = {"type": event, "timestamp": at.isoformat(), "data": dict(payload)}
    return json.dumps(data, separators=(",", ":"), sort_keys=True, default=str)


def publish_step(event: str, payload: Mapping[str, Any]) -> Step:
    """The write that queues `event` for its subscribers, for another module's transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    message_id = "msg_" + uuid.uuid4().hex
    return store.enqueue_step(event, message_id, int(time.time()), body(event, payload))


async def publish(database: Database, event: str, payload: Mapping[str, Any]) -> int:
    """Queue `event` with `payload` (JSON-serialisable) for every webhook subscribed to it, in
    one transaction; returns how many deliveries were queued (0 when nobody subscribes)."""
    return await store.enqueue(database, publish_step(event, payload))


async def send_test(database: Database, webhook_id: str) -> str | None:
    """Queue a `webhook.test` event for one webhook; its delivery id, or None (no webhook)."""
    message_id = "msg_" + uuid.uuid4().hex
    payload = body(TEST, {"webhook": webhook_id})
    return await store.enqueue_one(
        database, webhook_id, TEST, message_id, int(time.time()), payload
    )
