"""Telling partner tools that a load changed campaign results: one `campaign.results_updated`
event (change `interactions`) per campaign the load can have changed (see
cypher/campaigns/touched_by_load.cypher). Changes made through the campaign mutations are
announced by those, in their own transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from service.db import campaigns as campaigns_db
from service.db.database import Database
from service.webhooks.events import CAMPAIGN_RESULTS_UPDATED
from service.webhooks.publish import publish


async def announce_load(
    db: Database,
    brands: Collection[str],
    topics: Collection[str],
    span: tuple[datetime, datetime] | None,
) -> list[str]:
    """Queue the events of a load whose interactions span `span` (None: it wrote none);
    returns the campaigns announced."""
    if span is None:
        return []
    first, last = (moment.isoformat() for moment in span)
    found = await campaigns_db.touched_by_load(db, sorted(brands), sorted(topics), first, last)
    for row in found:
        payload = {"campaign": row["id"], "brand": row["brand"], "change": "interactions"}
        await publish(db, CAMPAIGN_RESULTS_UPDATED, payload)
    return [str(row["id"]) for row in found]
