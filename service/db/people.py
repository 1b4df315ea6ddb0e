"""Reading people: by id, pages ordered by (name, id) with keyset cursors, counts, stats."""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.db.database import Database
from service.models import Person, PersonFilter, PersonStats

# Characters with a meaning in Lucene's query syntax: user text is matched literally.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def lucene_prefix_query(text: str) -> str:
    """Every word of `text` as a literal prefix, all required: 'ada lov' -> '+ada* +lov*'."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in text.lower().split()]
    return " ".join(f"+{w}*" for w in words if w)


async def people_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Person]:
    rows = await db.read_rows("person/by_ids", ids=list(ids))
    return {row["id"]: Person(**row) for row in rows}


def _filter_params(f: PersonFilter) -> dict[str, object]:
    return {"kind": f.kind, "language": f.language, "country": f.country}


async def people_page(
    db: Database, f: PersonFilter, after: tuple[str, str] | None, limit: int
) -> list[Person]:
    """Up to `limit` people after the (name, id) keyset position `after`."""
    params = {
        **_filter_params(f),
        "afterName": after[0] if after else None,
        "afterId": after[1] if after else None,
        "limit": limit,
    }
    search = lucene_prefix_query(f.search) if f.search else ""
    if search:
        rows = await db.read_rows("person/search_page", search=search, **params)
    elif f.search:
        rows = []  # only punctuation or spaces: nothing can match
    else:
        rows = await db.read_rows("person/page", **params)
    return [Person(**row) for row in rows]


async def count_people(db: Database, f: PersonFilter) -> int:
    search = lucene_prefix_query(f.search) if f.search else ""
    if search:
        row = await db.read_one("person/search_count", search=search, **_filter_params(f))
    elif f.search:
        return 0
    else:
        row = await db.read_one("person/count", **_filter_params(f))
    return int(row["total"]) if row else 0


async def stats_by_ids(db: Database, ids: Sequence[str]) -> dict[str, PersonStats]:
    rows = await db.read_rows("person/stats_by_ids", ids=list(ids))
    return {
        row["id"]: PersonStats(
            id=row["id"],
            follower_count=row["followerCount"],
            following_count=row["followingCount"],
            performed=row["performed"],
            received=row["received"],
        )
        for row in rows
    }
