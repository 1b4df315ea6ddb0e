"""Erasing a person and everything about them (the right to be forgotten)."""

from __future__ import annotations

from dataclasses import dataclass

from service.db.database import Database


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed, by kind."""

    interactions: int
    follows: int
    influences: int
    influence_scores: int
    community_memberships: int
    community_leaderships: int  # Community leader lists the person's id was taken out of
    relationships: int


async def erase_person(db: Database, person_id: str) -> Erasure | None:
    """Remove the person, their interactions (performed or targeted), follows and derived
    scores, and their id from communities' leader lists, in one transaction; None when there
    is no such person."""
    rows = await db.write("person/erase", id=person_id)
    if not rows:
        return None
    row = rows[0]
    return Erasure(
        interactions=int(row["interactions"]),
        follows=int(row["follows"]),
        influences=int(row["influences"]),
        influence_scores=int(row["influenceScores"]),
        community_memberships=int(row["communityMemberships"]),
        community_leaderships=int(row["communityLeaderships"]),
        relationships=int(row["relationships"]),
    )
