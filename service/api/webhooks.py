"""GraphQL for webhooks: subscribe a partner tool's URL to events, list and delete
subscriptions, read a webhook's delivery log, replay dead deliveries (docs/webhooks.md).
Every field here needs the `admin` scope (service/api/security/scopes.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import strawberry

from service.api.context import Context
from service.api.errors import invalid_argument, refusing_bad_input
from service.api.security.cost import costs
from service.webhooks import subscriptions as domain
from service.webhooks.events import EVENTS

Info = strawberry.Info[Context, None]
T = TypeVar("T")


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


@strawberry.type(description="One event queued for one webhook, and how its delivery went.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(
        description="The `webhook-id` header: the same on every attempt and replay."
    )
    event: str
    status: str = strawberry.field(description="pending, delivered or dead (dead-letter list).")
    attempts: int
    last_status: int | None = strawberry.field(description="The receiver's last HTTP status.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    created_at: str | None
    last_attempt_at: str | None
    delivered_at: str | None
    next_attempt_at: str | None = strawberry.field(description="When pending: the next try.")

    @classmethod
    def of(cls, row: dict[str, Any]) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(str(row["id"])),
            event=str(row["event"]),
            status=str(row["status"]),
            attempts=int(row.get("attempts") or 0),
            last_status=row.get("lastStatus"),
            last_error=row.get("lastError"),
            created_at=_iso(row.get("createdAt")),
            last_attempt_at=_iso(row.get("lastAttemptAt")),
            delivered_at=_iso(row.get("deliveredAt")),
            next_attempt_at=_iso(row.get("nextAttemptAt")),
        )


@strawberry.type(description="A URL subscribed to events; its signing secret is never shown.")
class Webhook:
    id: strawberry.ID
    url: str
    events: list[str]
    description: str
    enabled: bool
    created_at: str | None

    @strawberry.field(
        description="Its delivery log, newest first: every delivery, or those of one status "
        "(pending, delivered, dead).",
        metadata=costs(10),
    )
    async def deliveries(
        self, info: Info, status: str | None = None, first: int = 50
    ) -> list[WebhookDelivery]:
        rows = await refusing_bad_input(
            lambda: domain.delivery_log(info.context.db, str(self.id), status, first)
        )
        return [WebhookDelivery.of(r) for r in rows]

    @classmethod
    def of(cls, row: dict[str, Any]) -> Webhook:
        return cls(
            id=strawberry.ID(str(row["id"])),
            url=str(row["url"]),
            events=[str(e) for e in row["events"]],
            description=str(row.get("description") or ""),
            enabled=bool(row.get("enabled", True)),
            created_at=_iso(row.get("createdAt")),
        )


@strawberry.type(description="A new webhook and its signing secret, shown this once.")
class CreateWebhookPayload:
    webhook: Webhook
    secret: str = strawberry.field(
        description="The Standard Webhooks signing secret (whsec_...): keep it, it is not "
        "shown again."
    )


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        description="Every webhook subscription, oldest first (needs the admin scope).",
        metadata=costs(10),
    )
    async def webhooks(self, info: Info) -> list[Webhook]:
        return [Webhook.of(r) for r in await domain.list_webhooks(info.context.db)]

    @strawberry.field(description="The event names a webhook may subscribe to.")
    def webhook_events(self) -> list[str]:
        return list(EVENTS)


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(
        description="Subscribe an http(s) URL to events (see `webhookEvents`). Returns the "
        "signing secret once. An unknown event, a URL that is not http(s) or (in production) "
        "one reaching a loopback, private or link-local address: INVALID_ARGUMENT, nothing "
        "written.",
        metadata=costs(50),
    )
    async def create_webhook(
        self, info: Info, url: str, events: list[str], description: str = ""
    ) -> CreateWebhookPayload:
        ctx = info.context
        created = await refusing_bad_input(
            lambda: domain.create_webhook(ctx.db, ctx.settings, url, events, description)
        )
        return CreateWebhookPayload(webhook=Webhook.of(created.webhook), secret=created.secret)

    @strawberry.mutation(
        description="Delete a webhook with its queue and log: true, or false when there was "
        "none (a replay of the call changes nothing).",
        metadata=costs(50),
    )
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> bool:
        return await domain.delete_webhook(info.context.db, str(id))

    @strawberry.mutation(
        description="Queue dead deliveries again, with their ids: the one named `delivery`, or "
        "every dead one of `webhook`. Returns how many were queued.",
        metadata=costs(50),
    )
    async def replay_webhook_deliveries(
        self,
        info: Info,
        webhook: strawberry.ID | None = None,
        delivery: strawberry.ID | None = None,
    ) -> int:
        if webhook is None and delivery is None:
            raise invalid_argument("name a `webhook` or a `delivery`", "webhook")
        db = info.context.db
        return await domain.replay(
            db, str(delivery) if delivery else None, str(webhook) if webhook else None
        )
