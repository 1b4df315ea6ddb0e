"""Alerts as stored: reading them, and moving them through open -> acknowledged ->
resolved (a resolved alert stays resolved; acknowledging one is refused)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.alerts.notify import publish_changes
from service.alerts.watch import AlertChanges
from service.db import alerts as alerts_db
from service.db import relationships as rel_db
from service.db.database import Database
from service.db.times import instant, optional_instant
from service.models import InputRefused

STATUSES = ("open", "acknowledged", "resolved")


class AlertInputError(InputRefused):
    """A value refused; `argument` names the argument at fault."""


@dataclass(frozen=True)
class Alert:
    id: str
    brand: str
    topic: str
    kind: str
    started_at: datetime
    status: str
    severity: float
    volume: float
    baseline: float
    drivers: tuple[Mapping[str, Any], ...]
    responders: tuple[Mapping[str, Any], ...]
    acknowledged_at: datetime | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Alert:
        return cls(
            id=str(row["id"]),
            brand=str(row["brand"]),
            topic=str(row["topic"]),
            kind=str(row["kind"]),
            started_at=instant(row["startedAt"]),
            status=str(row["status"]),
            severity=float(row["severity"]),
            volume=float(row["volume"]),
            baseline=float(row["baseline"]),
            drivers=tuple(json.loads(row["drivers"] or "[]")),
            responders=tuple(json.loads(row["responders"] or "[]")),
            acknowledged_at=optional_instant(row["acknowledgedAt"]),
            resolved_at=optional_instant(row["resolvedAt"]),
        )


async def get_alerts(db: Database, ids: Sequence[str]) -> dict[str, Alert]:
    return {k: Alert.of(v) for k, v in (await alerts_db.by_ids(db, ids)).items()}


async def page(
    db: Database, brand: str, status: str | None, after: tuple[str, str] | None, limit: int
) -> list[Alert]:
    if not (await rel_db.existing(db, brand, None))["brand"]:
        raise AlertInputError("brand", f"unknown brand {brand!r}")
    rows = await alerts_db.page(db, brand, status, after, limit)
    found = await get_alerts(db, [str(r["id"]) for r in rows])
    return [found[str(r["id"])] for r in rows if str(r["id"]) in found]


async def count(db: Database, brand: str, status: str | None) -> int:
    return await alerts_db.count(db, brand, status)


async def acknowledge(db: Database, alert_id: str) -> Alert:
    current = (await get_alerts(db, [alert_id])).get(alert_id)
    if current is None:
        raise AlertInputError("id", f"unknown alert {alert_id!r}")
    if current.status == "resolved":
        raise AlertInputError("id", f"alert {alert_id!r} is resolved already")
    await alerts_db.set_status(db, alert_id, "acknowledged")
    return (await get_alerts(db, [alert_id]))[alert_id]


async def resolve(db: Database, alert_id: str) -> tuple[Alert, AlertChanges]:
    """Resolve the alert; the changes name it unless it was resolved already."""
    current = (await get_alerts(db, [alert_id])).get(alert_id)
    if current is None:
        raise AlertInputError("id", f"unknown alert {alert_id!r}")
    if current.status == "resolved":
        return current, AlertChanges()
    await alerts_db.set_status(db, alert_id, "resolved")
    await publish_changes(db, (), (alert_id,))
    return (await get_alerts(db, [alert_id]))[alert_id], AlertChanges(resolved=(alert_id,))
