"""Reading what a campaign shortlist is chosen from: the scored people of a brief's topics
and their influence edges (cypher/shortlist/)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.db.database import Database
from service.db.influence import topic_status


@dataclass(frozen=True)
class ScoredRow:
    topic: str
    person: str
    score: float
    rank: int
    roles: tuple[str, ...]
    relevance: float
    kind: str | None
    language: str | None
    country: str | None


@dataclass(frozen=True)
class EdgeLists:
    """Influencer -> engager edges as parallel lists (one per pair and topic)."""

    sources: list[str]
    targets: list[str]
    weights: list[float]


async def topic_statuses(db: Database, topics: Sequence[str]) -> dict[str, tuple[bool, int]]:
    """Per topic: whether it exists, and how many people its current results score."""
    return {t: await topic_status(db, t) for t in topics}


async def scored_people(db: Database, topics: Sequence[str]) -> list[ScoredRow]:
    rows = await db.read_rows("shortlist/candidates", topics=list(topics))
    return [
        ScoredRow(
            topic=topic,
            person=person,
            score=float(score or 0.0),
            rank=int(rank),
            roles=tuple(roles or ()),
            relevance=float(relevance or 0.0),
            kind=kind,
            language=language,
            country=country,
        )
        for topic, person, score, rank, roles, relevance, kind, language, country in rows
    ]


async def influence_edges(db: Database, topics: Sequence[str]) -> EdgeLists:
    row = await db.read_one("shortlist/edges", topics=list(topics))
    if row is None:
        return EdgeLists([], [], [])
    return EdgeLists(
        list(row["sources"]), list(row["targets"]), [float(w or 0.0) for w in row["weights"]]
    )


async def edge_count(db: Database, topics: Sequence[str]) -> int:
    """The influence edges of the topics' current results (one per pair and topic)."""
    row = await db.read_one("shortlist/size", topics=list(topics))
    return int(row["edges"] or 0) if row else 0
