"""Stored campaign reports: read with their version, written only if still current, and
invalidated by the writes that can change them (service/campaigns/report_store.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database


async def read(db: Database, campaign: str) -> dict[str, Any] | None:
    rows = await db.read("campaigns/report_read", id=campaign)
    return dict(rows[0]) if rows else None


async def write(db: Database, campaign: str, version: int, report: str) -> bool:
    rows = await db.write("campaigns/report_write", id=campaign, version=version, report=report)
    return bool(rows and rows[0]["stored"])


def invalidate_step(campaigns: Sequence[str] | None) -> tuple[str, Mapping[str, Any]]:
    """The write that marks these campaigns' reports stale (None: every campaign's), to run
    in the transaction of the change."""
    return ("campaigns/report_invalidate", {"ids": None if campaigns is None else list(campaigns)})


async def invalidate(db: Database, campaigns: Sequence[str] | None) -> int:
    """Campaigns by id (none: nothing to do), or every campaign (None)."""
    if campaigns is not None and not campaigns:
        return 0
    name, params = invalidate_step(campaigns)
    rows = await db.write(name, **params)
    return int(rows[0]["invalidated"]) if rows else 0
