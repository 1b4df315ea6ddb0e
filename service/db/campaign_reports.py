"""Stored campaign reports: read with their version, written only if still current, and
invalidated by the writes that can change them (service/campaigns/report_store.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.db.database import Database


async def read(db: Database, campaign: str) -> dict[str, Any] | None:
    rows = await db.read("campaigns/report_read", id=campaign)
    return dict(rows[0]) if rows else None


async def write(db: Database, campaign: str, version: int, report: str) -> bool:
    rows = await db.write("campaigns/report_write", id=campaign, version=version, report=report)
    return bool(rows and rows[0]["stored"])


async def invalidate(db: Database, campaigns: Sequence[str] | None) -> int:
    """Campaigns by id, or every campaign (None)."""
    ids = None if campaigns is None else list(campaigns)
    rows = await db.write("campaigns/report_invalidate", ids=ids)
    return int(rows[0]["invalidated"]) if rows else 0


async def of_brands(db: Database, brands: Sequence[str]) -> list[dict[str, Any]]:
    return [dict(r) for r in await db.read("campaigns/of_brands", brands=list(brands))]
