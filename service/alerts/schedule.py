"""Crisis watch on a schedule: detection over every brand every ALERT_WATCH_INTERVAL seconds,
beside the analysis worker (`influence-graph worker`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from service.alerts.watch import detect_all
from service.db.database import Database
from service.settings import Settings
from service.telemetry.loop_errors import LoopErrors

log = logging.getLogger(__name__)


async def watch_forever(
    db: Database, settings: Settings, stop: asyncio.Event | None = None
) -> None:
    stop = stop or asyncio.Event()
    errors = LoopErrors(log, "crisis watch")
    while not stop.is_set():
        try:
            await detect_all(db, None, settings)
        except Exception as exc:
            errors.failed(exc)
        else:
            errors.succeeded()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.alert_watch_interval)
