"""Reading influence results for the API: ranking pages, links, paths, communities, networks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from service.db.database import Database
from service.db.scores import score_from_row, summary_from_row
from service.db.times import instant, optional_instant
from service.models import (
    Community,
    InfluenceLink,
    InfluencePath,
    InfluenceScore,
    Network,
    NetworkEdge,
    PathLink,
    Person,
    RankedScore,
    ScoreSummary,
)

ORDER_KEYS = (
    "score", "authority", "reach", "resonance", "relevance", "betweenness",
    "recency", "momentum", "engagers",
)  # fmt: skip
# The query of a page ordered by each component: one file per component, the same but for
# the property, as an index serves only a property the query names.
COMPONENT_PAGES = {
    "authority": "influence/page_by_authority",
    "reach": "influence/page_by_reach",
    "resonance": "influence/page_by_resonance",
    "relevance": "influence/page_by_relevance",
    "betweenness": "influence/page_by_betweenness",
    "recency": "influence/page_by_recency",
    "momentum": "influence/page_by_momentum",
    "engagers": "influence/page_by_engagers",
}


async def topic_status(db: Database, topic: str) -> tuple[bool, int]:
    row = await db.read_one("influence/topic_status", topic=topic)
    assert row is not None
    return bool(row["exists"]), int(row["scored"])


def _ranked(row: Sequence[Any], topic: str, job_id: str, computed_at: datetime) -> RankedScore:
    """A row of influence/page_by_rank or page_by_<component> (see their header for the
    positions); the position is the rank, or the component's rank when the row ends with it."""
    (value, score, rank, role, roles, community,
     person, name, handle, kind, language, country, followers) = row[:13]  # fmt: skip
    position = int(row[13]) if len(row) > 13 else int(rank)
    return RankedScore(
        position=position,
        value=float(value),
        score=ScoreSummary(
            person=person,
            topic=topic,
            score=float(score),
            rank=int(rank),
            role=role,
            roles=list(roles or ()),
            community=community,
            job_id=job_id,
            computed_at=computed_at,
        ),
        person=Person(
            id=person,
            name=name,
            handle=handle,
            kind=kind,
            language=language,
            country=country,
            followers=followers,
        ),
    )


async def _ranking_page(db: Database, name: str, topic: str, **params: Any) -> list[RankedScore]:
    page = await db.read_one(name, topic=topic, **params)
    if page is None or not page["rows"]:
        return []
    job_id, computed_at = page["jobId"], instant(page["computedAt"])
    return [_ranked(row, topic, job_id, computed_at) for row in page["rows"]]


async def influencers_by_component(
    db: Database,
    topic: str,
    order_by: str,
    filters: Mapping[str, Any],
    after_rank: int,
    limit: int,
) -> list[RankedScore]:
    """A page ordered by a component (one of ORDER_KEYS but score), after a rank by it."""
    if order_by not in COMPONENT_PAGES:
        raise ValueError(f"cannot order by {order_by!r}")
    return await _ranking_page(
        db, COMPONENT_PAGES[order_by], topic, afterRank=after_rank, limit=limit, **filters
    )


async def influencers_by_rank(
    db: Database, topic: str, filters: Mapping[str, Any], after_rank: int, limit: int
) -> list[RankedScore]:
    return await _ranking_page(
        db, "influence/page_by_rank", topic, afterRank=after_rank, limit=limit, **filters
    )


async def count_influencers(db: Database, topic: str, filters: Mapping[str, Any]) -> int:
    """How many people the topic's current results rank that pass `filters`: read from the
    topic when nothing filters, counted otherwise."""
    unfiltered = all(v is None or v == {} for v in filters.values())
    if unfiltered:
        row = await db.read_one("influence/count_all", topic=topic)
    else:
        row = await db.read_one("influence/count", topic=topic, **filters)
    return int(row["total"]) if row else 0


async def scores_by_keys(
    db: Database, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], InfluenceScore]:
    rows = await db.read_rows(
        "influence/scores_by_keys", keys=[{"person": p, "topic": t} for p, t in keys]
    )
    return {(r["person"], r["topic"]): score_from_row(r) for r in rows}


async def scores_by_job(
    db: Database, keys: Sequence[tuple[str, str, str]]
) -> dict[tuple[str, str, str], InfluenceScore]:
    """Full scores of (person, topic, job id) keys: the components behind a ranking page's
    summaries, from the generation the page was read from."""
    rows = await db.read_rows(
        "influence/scores_by_job",
        keys=[{"person": p, "topic": t, "jobId": j} for p, t, j in keys],
    )
    return {(r["person"], r["topic"], r["jobId"]): score_from_row(r) for r in rows}


async def links(
    db: Database,
    person: str,
    topic: str,
    direction: str,
    after: tuple[float, str] | None,
    limit: int,
) -> list[InfluenceLink]:
    rows = await db.read_rows(
        "influence/links",
        person=person,
        topic=topic,
        direction=direction,
        afterWeight=after[0] if after else None,
        afterId=after[1] if after else None,
        limit=limit,
    )
    return [
        InfluenceLink(
            person=r["person"],
            weight=float(r["weight"]),
            interactions=int(r["interactions"]),
            last_at=optional_instant(r["lastAt"]),
        )
        for r in rows
    ]


async def count_links(db: Database, person: str, topic: str, direction: str) -> int:
    row = await db.read_one(
        "influence/links_count", person=person, topic=topic, direction=direction
    )
    return int(row["total"]) if row else 0


async def strongest_path(
    db: Database, source: str, target: str, topic: str, max_hops: int
) -> InfluencePath | None:
    row = await db.read_one(
        "influence/path", topic=topic, maxHops=max_hops, **{"from": source, "to": target}
    )
    if row is None:
        return None
    return InfluencePath(
        people=list(row["people"]),
        links=[
            PathLink(
                source=link["from"],
                target=link["to"],
                weight=float(link["weight"]),
                interactions=int(link["interactions"]),
                last_at=optional_instant(link["lastAt"]),
            )
            for link in row["links"]
        ],
        weakest=float(row["weakest"]),
        total=float(row["total"]),
    )


async def link_evidence(
    db: Database, influencer: str, engager: str, topic: str, limit: int
) -> list[dict[str, Any]]:
    rows = await db.read(
        "influence/evidence", influencer=influencer, engager=engager, topic=topic, limit=limit
    )
    return [{**r, "at": instant(r["at"])} for r in rows]


async def network(db: Database, topic: str, first: int) -> Network:
    row = await db.read_one("influence/network", topic=topic, first=first)
    if row is None:
        return Network(nodes=[], edges=[])
    return Network(
        nodes=[summary_from_row(n) for n in row["nodes"]],
        edges=[
            NetworkEdge(source=e["source"], target=e["target"], weight=float(e["weight"]))
            for e in row["edges"]
        ],
    )


def _community(r: Mapping[str, Any], topic: str | None = None) -> Community:
    return Community(
        id=r["id"],
        algorithm=r["algorithm"],
        number=int(r["number"]),
        size=int(r["size"]),
        topic=topic if topic is not None else r["topic"],
        job_id=r["jobId"],
        computed_at=instant(r["computedAt"]),
    )


async def communities_page(
    db: Database,
    topic: str,
    algorithm: str | None,
    after: tuple[int, str] | None,
    limit: int,
) -> list[Community]:
    rows = await db.read_rows(
        "community/page",
        topic=topic,
        algorithm=algorithm,
        afterSize=after[0] if after else None,
        afterId=after[1] if after else None,
        limit=limit,
    )
    return [_community(r, topic) for r in rows]


async def count_communities(db: Database, topic: str, algorithm: str | None) -> int:
    row = await db.read_one("community/count", topic=topic, algorithm=algorithm)
    return int(row["total"]) if row else 0


async def communities_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Community]:
    rows = await db.read_rows("community/by_ids", ids=list(ids))
    return {r["id"]: _community(r) for r in rows}


async def leaders_by_ids(db: Database, ids: Sequence[str], limit: int) -> dict[str, list[str]]:
    rows = await db.read_rows("community/leaders_by_ids", ids=list(ids), limit=limit)
    leaders: dict[str, list[str]] = {i: [] for i in ids}
    for r in rows:
        leaders[r["community"]] = list(r["leaders"])
    return leaders


async def members_page(
    db: Database, community: str, after: tuple[int, str] | None, limit: int
) -> list[tuple[str, int]]:
    rows = await db.read_rows(
        "community/members_page",
        community=community,
        afterRank=after[0] if after else None,
        afterId=after[1] if after else None,
        limit=limit,
    )
    return [(r["person"], int(r["rank"])) for r in rows]
