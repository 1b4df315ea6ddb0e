"""Webhook subscriptions: create one (its signing secret shown once), list, delete, read its
delivery log, replay dead deliveries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from service.db import webhooks as store
from service.db.database import Database
from service.settings import Settings
from service.webhooks import signing
from service.webhooks.events import WebhookInputError, checked_events
from service.webhooks.targets import Resolver, TargetRefused, resolve_target, system_resolver

MAX_DESCRIPTION = 500
STATUSES = ("pending", "delivered", "dead")


@dataclass(frozen=True)
class Created:
    webhook: dict[str, Any]
    secret: str  # returned once; only the delivery worker reads it again


async def create_webhook(
    db: Database,
    settings: Settings,
    url: str,
    events: list[str],
    description: str = "",
    resolver: Resolver = system_resolver,
) -> Created:
    """Check everything, then write the subscription. A URL that is not http(s), an unknown
    event, or (private targets not allowed) a host that resolves to a loopback, private or
    link-local address is a WebhookInputError naming the argument; nothing is written."""
    wanted = checked_events(events)
    if len(description) > MAX_DESCRIPTION:
        raise WebhookInputError("description", f"at most {MAX_DESCRIPTION} characters")
    try:
        await resolve_target(url, settings.webhook_allow_private_targets, resolver)
    except TargetRefused as exc:
        raise WebhookInputError("url", str(exc)) from None
    secret = signing.new_secret()
    webhook_id = "wh_" + uuid.uuid4().hex[:20]
    row = await store.create_webhook(db, webhook_id, url, wanted, description, secret)
    return Created(webhook=row, secret=secret)


async def list_webhooks(db: Database) -> list[dict[str, Any]]:
    return await store.list_webhooks(db)


async def delete_webhook(db: Database, webhook_id: str) -> bool:
    return await store.delete_webhook(db, webhook_id)


async def delivery_log(
    db: Database, webhook_id: str, status: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    if status is not None and status not in STATUSES:
        raise WebhookInputError("status", f"status must be one of {', '.join(STATUSES)}")
    if not 1 <= limit <= 500:
        raise WebhookInputError("first", "first must be 1-500")
    return await store.deliveries(db, webhook_id, status, limit)


async def replay(
    db: Database, delivery_id: str | None = None, webhook_id: str | None = None
) -> int:
    """Queue dead deliveries again (same ids): one, or every dead one of a webhook, or all."""
    return await store.replay(db, delivery_id, webhook_id)
