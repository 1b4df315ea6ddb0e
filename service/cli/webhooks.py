"""`influence-graph webhooks ...`: webhook subscriptions (list, create, delete), a test
delivery, and replaying the dead-letter list (docs/webhooks.md)."""

from __future__ import annotations

import asyncio
from typing import Any

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db.database import Database
from service.settings import get_settings

TEST_ROUNDS = 20  # delivery rounds `webhooks test` waits for its attempt


@click.group()
def webhooks() -> None:
    """Webhooks: list, create (the secret is printed once), delete, test, replay."""


@webhooks.command("list")
def webhooks_list() -> None:
    """List webhooks with their events and delivery counts; never secrets."""
    from service.webhooks.subscriptions import list_webhooks

    for w in with_database(list_webhooks):
        state = "enabled" if w.get("enabled", True) else "disabled"
        click.echo(
            f"{w['id']}  {w['url']}  events={','.join(w['events'])}  {state}  "
            f"pending={w['pending']} delivered={w['delivered']} dead={w['dead']}"
        )


@webhooks.command("create")
@click.option("--url", required=True, help="The receiver: an http:// or https:// URL.")
@click.option("--event", "events", multiple=True, required=True, help="An event (repeatable).")
@click.option("--description", default="", help="What the webhook is for.")
def webhooks_create(url: str, events: tuple[str, ...], description: str) -> None:
    """Subscribe a URL to events and print its signing secret (shown this once)."""
    from service.webhooks.events import WebhookInputError
    from service.webhooks.subscriptions import Created, create_webhook

    async def body(database: Database) -> Created:
        return await create_webhook(database, get_settings(), url, list(events), description)

    try:
        created = with_database(body)
    except WebhookInputError as exc:
        raise CliError(
            f"--{exc.argument.removesuffix('s')}: {exc.message}", EXIT_INVALID_INPUT
        ) from None
    click.echo(f"Created webhook {created.webhook['id']}. Its signing secret (not shown again):")
    click.echo(created.secret)


@webhooks.command("delete")
@click.argument("webhook_id")
def webhooks_delete(webhook_id: str) -> None:
    """Delete a webhook with its queue and delivery log."""
    from service.webhooks.subscriptions import delete_webhook

    async def body(database: Database) -> bool:
        return await delete_webhook(database, webhook_id)

    if not with_database(body):
        raise CliError(f"no webhook with id {webhook_id}", EXIT_INVALID_INPUT)
    click.echo(f"Deleted webhook {webhook_id}.")


@webhooks.command("test")
@click.argument("webhook_id")
def webhooks_test(webhook_id: str) -> None:
    """Queue a `webhook.test` event for the webhook, deliver it now and print how it went
    (exit 1 when the receiver did not accept it)."""
    outcome = with_database(lambda database: _send_test(database, webhook_id))
    if outcome is None:
        raise CliError(f"no webhook with id {webhook_id}", EXIT_INVALID_INPUT)
    status, detail = str(outcome["status"]), outcome.get("lastError") or ""
    click.echo(f"delivery {outcome['id']}: {status} (HTTP {outcome.get('lastStatus')}) {detail}")
    if status != "delivered":
        raise CliError(f"the test delivery was not accepted: {detail}", EXIT_INVALID_INPUT)


async def _send_test(database: Database, webhook_id: str) -> dict[str, Any] | None:
    from service.webhooks.publish import send_test
    from service.webhooks.subscriptions import delivery_log
    from service.webhooks.worker import DeliveryWorker

    delivery_id = await send_test(database, webhook_id)
    if delivery_id is None:
        return None
    worker = DeliveryWorker(database, get_settings())
    found: dict[str, Any] | None = None
    for _ in range(TEST_ROUNDS):
        await worker.run_once()
        rows = await delivery_log(database, webhook_id, None, 500)
        found = next((r for r in rows if r["id"] == delivery_id), None)
        if found is None or int(found.get("attempts") or 0) > 0:
            break
        await asyncio.sleep(0.5)
    return found


@webhooks.command("replay")
@click.option("--webhook", "webhook_id", default=None, help="Every dead delivery of a webhook.")
@click.option("--delivery", "delivery_id", default=None, help="One dead delivery, by id.")
@click.option("--all", "everything", is_flag=True, help="Every dead delivery of every webhook.")
def webhooks_replay(webhook_id: str | None, delivery_id: str | None, everything: bool) -> None:
    """Queue dead deliveries again (same ids); a worker delivers them."""
    from service.webhooks.subscriptions import replay

    if not (webhook_id or delivery_id or everything):
        raise CliError("name --webhook, --delivery or --all", EXIT_INVALID_INPUT)

    async def body(database: Database) -> int:
        return await replay(database, delivery_id, webhook_id)

    click.echo(f"Queued {with_database(body)} dead deliveries again.")
