"""Reading what crisis watch needs, and storing and reading alerts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database
from service.db.ingest import _available

Row = dict[str, Any]


async def brand_ids(db: Database) -> list[str]:
    return [str(r["id"]) for r in await db.read("alerts/brands")]


async def negative_acts(db: Database, brand: str, since: str, negative: float) -> list[Row]:
    rows = await db.read("alerts/negative_acts", brand=brand, since=since, negative=negative)
    return [dict(r) for r in rows]


async def span(db: Database, brand: str, since: str) -> tuple[str | None, str | None]:
    row = await db.read_one("alerts/span", brand=brand, since=since)
    return (row["first"], row["last"]) if row else (None, None)


async def responders(db: Database, brand: str, topic: str) -> list[Row]:
    return [dict(r) for r in await db.read("alerts/responders", brand=brand, topic=topic)]


async def merge(db: Database, rows: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Write the alerts; returns {id, created, status} for each."""
    out = await _available(lambda: db.write("alerts/merge", rows=list(rows)))
    return [dict(r) for r in out]


async def resolve_quiet(
    db: Database, brand: str, before: str, quiet_days: int, kinds: Sequence[str]
) -> list[str]:
    """Resolve the brand's unresolved alerts of `kinds` whose last day is before `before`."""
    out = await _available(
        lambda: db.write(
            "alerts/resolve_quiet",
            brand=brand,
            before=before,
            quietDays=quiet_days,
            kinds=list(kinds),
        )
    )
    return [str(r["id"]) for r in out]


async def set_status(db: Database, alert_id: str, status: str) -> str | None:
    """The status before, or None when there is no such alert (then nothing changed)."""
    out = await _available(lambda: db.write("alerts/set_status", id=alert_id, status=status))
    return str(out[0]["previous"]) if out else None


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, Row]:
    return {str(r["id"]): dict(r) for r in await db.read("alerts/by_ids", ids=list(ids))}


async def page(
    db: Database, brand: str, status: str | None, after: tuple[str, str] | None, limit: int
) -> list[Row]:
    rows = await db.read(
        "alerts/page",
        brand=brand,
        status=status,
        afterAt=after[0] if after else None,
        afterId=after[1] if after else None,
        limit=limit,
    )
    return [dict(r) for r in rows]


async def count(db: Database, brand: str, status: str | None) -> int:
    row = await db.read_one("alerts/count", brand=brand, status=status)
    return int(row["count"]) if row else 0
