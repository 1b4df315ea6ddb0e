"""Writing campaigns (with their membership and enlisted people) and reading their results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db.database import Database
from service.db.ingest import _available

Row = dict[str, Any]
Steps = Sequence[tuple[str, Mapping[str, Any]]]  # more writes for the same transaction


async def create_campaign(
    db: Database, params: Mapping[str, Any], also: Steps = ()
) -> list[str] | None:
    """Create the campaign and link its interactions, then run the `also` writes (webhook
    events), in one transaction. Returns the people whose interactions it linked, or None
    when a campaign with that id exists already (then nothing changed)."""

    def relink(created: list[Row]) -> list[tuple[str, Mapping[str, Any]]]:
        if not created or not created[0]["created"]:
            return []
        return [("campaigns/relink", {"id": params["id"]}), *also]

    out = await _available(lambda: db.write_then("campaigns/create", params, relink))
    if not (out[0] and out[0][0]["created"]):
        return None
    return _actors(out[1])


async def update_campaign(
    db: Database, params: Mapping[str, Any], also: Steps = ()
) -> list[str] | None:
    """Replace the campaign's fields and rebuild its membership, then run the `also` writes
    (webhook events), in one transaction. Returns the people whose interactions it linked or
    unlinked, or None when there is no such campaign."""
    steps: list[tuple[str, Mapping[str, Any]]] = [
        ("campaigns/update", params),
        ("campaigns/relink", {"id": params["id"]}),
        *also,
    ]
    out = await _available(lambda: db.write_many(steps))
    if not (out[0] and out[0][0]["updated"]):
        return None
    return _actors(out[1])


def _actors(relinked: Sequence[Row]) -> list[str]:
    return [str(a) for a in relinked[0]["actors"]] if relinked else []


async def enlist(db: Database, campaign: str, people: Sequence[str], also: Steps = ()) -> int:
    steps = [("campaigns/enlist", {"id": campaign, "people": list(people)}), *also]
    out = await _available(lambda: db.write_many(steps))
    return int(out[0][0]["enlisted"]) if out[0] else 0


async def withdraw(db: Database, campaign: str, people: Sequence[str], also: Steps = ()) -> int:
    steps = [("campaigns/withdraw", {"id": campaign, "people": list(people)}), *also]
    out = await _available(lambda: db.write_many(steps))
    return int(out[0][0]["withdrawn"]) if out[0] else 0


async def campaigns_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Row]:
    rows = await db.read_rows("campaigns/by_ids", ids=list(ids))
    return {str(row["id"]): dict(row) for row in rows}


async def campaign_page(
    db: Database, brand: str | None, status: str | None, now: str, after: str | None, limit: int
) -> list[str]:
    rows = await db.read_rows(
        "campaigns/page", brand=brand, status=status, now=now, afterId=after, limit=limit
    )
    return [str(r) for r in rows]


async def count_campaigns(db: Database, brand: str | None, status: str | None, now: str) -> int:
    row = await db.read_one("campaigns/count", brand=brand, status=status, now=now)
    return int(row["count"]) if row else 0


async def window_figures(db: Database, brand: str, start: str, end: str) -> Row:
    row = await db.read_one("campaigns/window_figures", brand=brand, **{"from": start, "to": end})
    return dict(row) if row else {}


async def figures_by_day(db: Database, brand: str, start: str, end: str) -> list[Row]:
    rows = await db.read_rows("campaigns/by_day", brand=brand, **{"from": start, "to": end})
    return [dict(r) for r in rows]


async def share_of_voice(
    db: Database, brand: str, topics: Sequence[str], start: str, end: str
) -> Row:
    row = await db.read_one(
        "campaigns/share_of_voice", brand=brand, topics=list(topics), **{"from": start, "to": end}
    )
    return dict(row) if row else {}


async def by_influencer(db: Database, campaign: str, start: str, end: str) -> list[Row]:
    rows = await db.read_rows("campaigns/by_influencer", id=campaign, **{"from": start, "to": end})
    return [dict(r) for r in rows]


async def touched_by_load(
    db: Database, brands: Sequence[str], topics: Sequence[str], first: str, last: str
) -> list[Row]:
    """(id, brand) of the campaigns whose results a load can have changed."""
    rows = await db.read("campaigns/touched_by_load", brands=list(brands),
                              topics=list(topics), first=first, last=last)  # fmt: skip
    return [dict(row) for row in rows]


async def of_brands(db: Database, brands: Sequence[str]) -> list[Row]:
    """(id, brand) of the campaigns of these brands."""
    return [dict(r) for r in await db.read("campaigns/of_brands", brands=list(brands))]
