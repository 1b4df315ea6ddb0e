"""Webhook subscriptions and their delivery queue (one `(:WebhookDelivery)` per event and
webhook, leased by the delivery worker). The rules live in service/webhooks/."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database

Row = dict[str, Any]
Step = tuple[str, Mapping[str, Any]]


def _native(row: Mapping[str, Any]) -> Row:
    """Neo4j temporal values as Python datetimes."""
    return {k: (v.to_native() if hasattr(v, "to_native") else v) for k, v in row.items()}


async def create_webhook(
    db: Database, webhook_id: str, url: str, events: Sequence[str], description: str, secret: str
) -> Row:
    rows = await db.write(
        "webhooks/create",
        id=webhook_id,
        url=url,
        events=list(events),
        description=description,
        secret=secret,
    )
    return _native(rows[0]["webhook"])


async def list_webhooks(db: Database) -> list[Row]:
    rows = await db.read("webhooks/list")
    return [
        _native(r["webhook"]) | {k: int(r[k]) for k in ("pending", "delivered", "dead")}
        for r in rows
    ]


async def webhook_with_secret(db: Database, webhook_id: str) -> Row | None:
    row = await db.read_one("webhooks/get", id=webhook_id)
    return _native(row["webhook"]) if row else None


async def delete_webhook(db: Database, webhook_id: str) -> bool:
    return bool(await db.write("webhooks/delete", id=webhook_id))


def enqueue_step(event: str, message_id: str, timestamp: int, payload: str) -> Step:
    """The write that queues one event for every webhook subscribed to it, to run in the
    transaction of the change that caused it (Database.write_many / write_then)."""
    params = {"event": event, "messageId": message_id, "timestamp": timestamp, "payload": payload}
    return ("webhooks/enqueue", params)


async def enqueue(db: Database, step: Step) -> int:
    """Run an enqueue step in a transaction of its own; the number of deliveries queued."""
    name, params = step
    rows = await db.write(name, **params)
    return int(rows[0]["queued"]) if rows else 0


async def enqueue_one(
    db: Database, webhook_id: str, event: str, message_id: str, timestamp: int, payload: str
) -> str | None:
    rows = await db.write(
        "webhooks/enqueue_one",
        webhookId=webhook_id,
        event=event,
        messageId=message_id,
        timestamp=timestamp,
        payload=payload,
    )
    return str(rows[0]["delivery"]) if rows else None


async def claim(db: Database, lease: str, lease_seconds: float, limit: int) -> list[Row]:
    """Lease up to `limit` due deliveries: rows of `delivery` and `webhook` (with its secret)."""
    rows = await db.write(
        "webhooks/claim", lease=lease, leaseSeconds=int(max(1, lease_seconds)), limit=limit
    )
    return [{"delivery": dict(r["delivery"]), "webhook": dict(r["webhook"])} for r in rows]


async def delivered(db: Database, delivery_id: str, lease: str, status: int) -> bool:
    return bool(await db.write("webhooks/delivered", id=delivery_id, lease=lease, status=status))


async def attempt_failed(
    db: Database,
    delivery_id: str,
    lease: str,
    *,
    status: int | None,
    error: str,
    delay_seconds: float,
    dead: bool,
) -> str | None:
    rows = await db.write(
        "webhooks/attempt_failed",
        id=delivery_id,
        lease=lease,
        status=status,
        error=error,
        delaySeconds=delay_seconds,
        dead=dead,
    )
    return str(rows[0]["status"]) if rows else None


async def deliveries(
    db: Database, webhook_id: str, status: str | None = None, limit: int = 50
) -> list[Row]:
    rows = await db.read("webhooks/deliveries", webhookId=webhook_id, status=status, limit=limit)
    return [_native(r["delivery"]) for r in rows]


async def replay(db: Database, delivery_id: str | None, webhook_id: str | None) -> int:
    rows = await db.write("webhooks/replay", id=delivery_id, webhookId=webhook_id)
    return int(rows[0]["replayed"]) if rows else 0
