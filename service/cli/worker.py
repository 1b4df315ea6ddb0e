"""`influence-graph worker`: an analysis worker in the foreground."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import click

from service.cli.database import with_database
from service.db.database import Database
from service.settings import get_settings


@click.command()
@click.option(
    "--once", is_flag=True, help="Run one job (waiting for one if none is queued), then exit."
)
def worker(once: bool) -> None:
    """Run an analysis worker: claim queued jobs, run them, recover jobs of dead workers;
    beside it, crisis watch over every brand every ALERT_WATCH_INTERVAL seconds and
    (RUN_WEBHOOKS_IN_WORKER) the delivery of queued webhook events."""
    from service.alerts.schedule import watch_forever
    from service.analytics.worker import Worker

    settings = get_settings()

    async def body(database: Database) -> None:
        w = Worker(database, settings)
        try:
            if not once:
                watch = asyncio.create_task(watch_forever(database, settings))
                try:
                    await _with_webhooks(database, w.run_forever(), settings.run_webhooks_in_worker)
                finally:
                    watch.cancel()
                return
            while (job := await w.run_once()) is None:
                await asyncio.sleep(settings.worker_poll_interval)
            click.echo(f"job {job.id}: {job.status}")
        finally:
            await w.aclose()

    with_database(body, settings)


async def _with_webhooks(
    database: Database, jobs: Coroutine[Any, Any, None], deliver: bool
) -> None:
    """Run the job loop and, when `deliver`, the webhook delivery loop beside it."""
    from service.webhooks.worker import DeliveryWorker

    if not deliver:
        await jobs
        return
    await asyncio.gather(jobs, DeliveryWorker(database, get_settings()).run_forever())
