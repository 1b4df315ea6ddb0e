"""Erasing a person and everything about them (the right to be forgotten), and lifting the
erasure of a person who consents again.

An erasure leaves a tombstone (the SHA-256 of the id, not the id) that validation checks, so
that replaying an old file or a partner's batch does not bring the person back
(`validate.py`, code `erased_person`); lifting deletes the tombstone."""

from __future__ import annotations

from dataclasses import dataclass

from service.db import campaign_reports, erasures
from service.db.database import Database
from service.db.relationships import representatives
from service.relationships.refresh import recompute_brand


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
    scores, and their id from communities' leader lists, and record their tombstone, in one
    transaction; None when there is no such person (then no tombstone is recorded)."""
    spoke_for = [b for b, reps in (await representatives(db)).items() if person_id in reps]
    row = await erasures.erase(db, person_id)
    if row is None:
        return None
    await campaign_reports.invalidate(db, None)  # their acts may be in any campaign's figures
    for brand in sorted(spoke_for):  # their acts for the brand are gone
        await recompute_brand(db, brand)
    return Erasure(
        interactions=int(row["interactions"]),
        follows=int(row["follows"]),
        influences=int(row["influences"]),
        influence_scores=int(row["influenceScores"]),
        community_memberships=int(row["communityMemberships"]),
        community_leaderships=int(row["communityLeaderships"]),
        relationships=int(row["relationships"]),
    )


async def lift_erasure(db: Database, person_id: str) -> str | None:
    """Let records about the person load again (they consent again): delete the tombstone.
    Returns when they were erased (ISO-8601), or None when no erasure was recorded."""
    return await erasures.lift(db, person_id)
