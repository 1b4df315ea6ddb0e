"""Telling partner tools about alerts: an `alert.raised` or `alert.resolved` webhook event per
alert a detection run (or a person) raised or resolved, with the alert's summary."""

from __future__ import annotations

from typing import Any

from service.db import alerts as alerts_db
from service.db.database import Database
from service.webhooks.events import ALERT_RAISED, ALERT_RESOLVED
from service.webhooks.publish import publish

SUMMARY = ("id", "brand", "topic", "kind", "status", "startedAt", "severity")


async def publish_changes(db: Database, raised: tuple[str, ...], resolved: tuple[str, ...]) -> int:
    """Queue one event per alert raised and resolved; returns the deliveries queued."""
    if not raised and not resolved:
        return 0
    found = await alerts_db.by_ids(db, [*raised, *resolved])
    queued = 0
    for event, ids in ((ALERT_RAISED, raised), (ALERT_RESOLVED, resolved)):
        for alert_id in ids:
            row = found.get(alert_id)
            if row is not None:
                queued += await publish(db, event, {"alert": _summary(row)})
    return queued


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(row[k]) if k == "startedAt" else row.get(k)) for k in SUMMARY}
