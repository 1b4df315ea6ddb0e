"""What follows every write of records (a file load or a mutation), once it is written: the
relationship stages it touched recomputed, crisis detection for the brands concerned, and
`campaign.results_updated` for the campaigns whose results it can have changed."""

from __future__ import annotations

from service.alerts.watch import detect_all
from service.campaigns.announce import announce_load
from service.db.database import Database
from service.relationships.refresh import Touched, refresh


async def after_write(db: Database, touched: Touched) -> None:
    brands = await refresh(db, touched)
    await detect_all(db, brands)
    await announce_load(db, brands, touched)
