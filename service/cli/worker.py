"""`influence-graph worker`: an analysis worker in the foreground."""

from __future__ import annotations

import asyncio

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
    beside it, crisis watch over every brand every ALERT_WATCH_INTERVAL seconds."""
    from service.alerts.schedule import watch_forever
    from service.analytics.worker import Worker

    settings = get_settings()

    async def body(database: Database) -> None:
        w = Worker(database, settings)
        try:
            if not once:
                watch = asyncio.create_task(watch_forever(database, settings))
                try:
                    await w.run_forever()
                finally:
                    watch.cancel()
                return
            while (job := await w.run_once()) is None:
                await asyncio.sleep(settings.worker_poll_interval)
            click.echo(f"job {job.id}: {job.status}")
        finally:
            w.close()

    with_database(body, settings)
