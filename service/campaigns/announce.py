"""A load that can change campaign results: the campaigns concerned get their stored reports
marked stale (service/campaigns/report_store.py) and one `campaign.results_updated` event
(change `interactions`) each. Concerned: the campaigns of a brand whose representatives or
campaign posts the load touched, or on one of its topics (share of voice), whose window or
equal baseline window before it overlaps the times the load's interactions have or had
(cypher/campaigns/touched_by_load.cypher); and every campaign of a brand whose
representatives the load changed. Changes made through the campaign mutations are announced
by those, in their own transaction."""

from __future__ import annotations

from service.db import campaign_reports as reports_db
from service.db import campaigns as campaigns_db
from service.db.database import Database
from service.relationships.refresh import Touched
from service.webhooks.events import CAMPAIGN_RESULTS_UPDATED
from service.webhooks.publish import publish


async def announce_load(db: Database, brands: list[str], touched: Touched) -> list[str]:
    """`brands`: those whose relationships the load touched. Returns the campaigns
    announced."""
    found: dict[str, tuple[str, str]] = {}  # campaign -> (brand, change)
    if touched.brands:
        rows = await campaigns_db.of_brands(db, sorted(touched.brands))
        found |= {str(r["id"]): (str(r["brand"]), "representatives") for r in rows}
    if touched.span is not None:
        first, last = (moment.isoformat() for moment in touched.span)
        rows = await campaigns_db.touched_by_load(
            db, sorted(brands), sorted(touched.topics), first, last
        )
        found |= {str(r["id"]): (str(r["brand"]), "interactions") for r in rows}
    await reports_db.invalidate(db, sorted(found))
    for campaign, (brand, change) in sorted(found.items()):
        payload = {"campaign": campaign, "brand": brand, "change": change}
        await publish(db, CAMPAIGN_RESULTS_UPDATED, payload)
    return sorted(found)
