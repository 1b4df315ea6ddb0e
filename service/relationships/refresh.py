"""Keeping stored relationship stages current: recompute the (brand, person) pairs a write
touched, or a brand whole.

A load (file or mutation) feeds a `Touched` with what it wrote; `refresh` then recomputes,
after the write, every pair that can have changed: the person on the other side of each
interaction with one of a brand's representatives; the actor of each interaction linked to
one of a brand's campaigns before or after the write (for that brand only: an interaction
with a url or hashtags that no campaign claims changes nothing); both people an updated
interaction used to join when its actor or target moved (for every brand); and every
relationship of a brand whose representatives changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from service.db import relationships as rel_db
from service.db.database import Database
from service.db.ingest import InteractionsWritten
from service.db.times import instant
from service.relationships.stages import Event, Relationship, Thresholds, relationship
from service.settings import Settings, get_settings

CHUNK = 500


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(
        prompt=timedelta(hours=settings.relationship_prompt_hours),
        advocate_window=timedelta(days=settings.advocate_window_days),
        advocate_min_days=settings.advocate_min_days,
        advocate_min_sentiment=settings.advocate_min_sentiment,
    )


@dataclass
class Touched:
    """What a write touched: the (actor, target) pairs of its interactions, the (person,
    brand) pairs whose campaign membership it may have changed, people an updated interaction
    left, and brands whose representatives changed."""

    pairs: set[tuple[str, str]] = field(default_factory=set)
    campaign: set[tuple[str, str]] = field(default_factory=set)
    everywhere: set[str] = field(default_factory=set)
    brands: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    span: tuple[datetime, datetime] | None = None  # first and last times interactions have or had

    def add_rows(self, kind: str, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            if kind == "interaction":
                self.pairs.add((str(row["actor"]), str(row["target"])))
                self.topics.update(str(t) for t in row["topics"])
                at = instant(row["at"])
                self.span = (
                    (min(self.span[0], at), max(self.span[1], at)) if self.span else (at, at)
                )
            elif kind == "represents":
                self.brands.add(str(row["brand"]))

    def add_written(self, written: InteractionsWritten) -> None:
        """What `write_interactions` reported beyond its rows."""
        self.campaign |= written.campaign
        for actor, target in written.moved:
            self.everywhere |= {actor, target}
        for at, topics in written.former:
            self._add_time(instant(at))
            self.topics.update(topics)

    def _add_time(self, at: datetime) -> None:
        first, last = self.span or (at, at)
        self.span = (min(first, at), max(last, at))

    def __bool__(self) -> bool:
        return bool(self.pairs or self.campaign or self.everywhere or self.brands)

    def people(self, brand: str, reps: set[str]) -> set[str]:
        """The people whose relationship with the brand (represented by `reps`) may have
        changed, representatives aside."""
        linked = {person for person, b in self.campaign if b == brand}
        return (linked | self.everywhere | _facing(self.pairs, reps)) - reps


def _event(row: Mapping[str, Any]) -> Event:
    return Event(
        kind=str(row["kind"]),
        at=instant(row["at"]).astimezone(UTC),
        rep=row["rep"],
        type=row["type"],
        sentiment=row["sentiment"],
        count=int(row["count"]),
    )


def _row(r: Relationship) -> dict[str, Any]:
    def text(stage: str) -> str | None:
        at = r.reached.get(stage)
        return at.isoformat() if at else None

    return {
        "person": r.person,
        "stage": r.stage,
        "noticedAt": text("noticed"),
        "engagedAt": text("engaged"),
        "collaboratingAt": text("collaborating"),
        "advocateAt": text("advocate"),
        "lastContactAt": r.last_contact.isoformat() if r.last_contact else None,
        "owner": r.owner,
        "ownerStrength": r.owner_strength,
    }


def compute(rows: Iterable[Mapping[str, Any]], t: Thresholds) -> list[Relationship]:
    by_person: dict[str, list[Event]] = defaultdict(list)
    for row in rows:
        by_person[str(row["person"])].append(_event(row))
    return [relationship(p, evs, t) for p, evs in sorted(by_person.items())]


async def recompute_brand(db: Database, brand: str, settings: Settings | None = None) -> int:
    """Recompute every relationship of the brand; returns how many it has."""
    t = thresholds(settings or get_settings())
    found = compute(await rel_db.events(db, brand, None), t)
    await rel_db.store(db, brand, [_row(r) for r in found], None)
    return len(found)


async def recompute_people(
    db: Database, brand: str, people: Sequence[str], settings: Settings | None = None
) -> int:
    """Recompute the brand's relationships with these people (a person with no event left
    loses theirs); returns how many of them have one."""
    t = thresholds(settings or get_settings())
    kept = 0
    ordered = sorted(set(people))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found = compute(await rel_db.events(db, brand, chunk), t)
        await rel_db.store(db, brand, [_row(r) for r in found], chunk)
        kept += len(found)
    return kept


async def refresh(db: Database, touched: Touched, settings: Settings | None = None) -> list[str]:
    """Recompute what a write touched (see the module doc); returns the brands whose
    relationships (or representatives) the write touched."""
    if not touched:
        return []
    brands = []
    for brand, reps in sorted((await rel_db.representatives(db)).items()):
        if brand in touched.brands:
            await recompute_brand(db, brand, settings)
            brands.append(brand)
            continue
        people = touched.people(brand, reps)
        if people:
            await recompute_people(db, brand, sorted(people), settings)
            brands.append(brand)
    return brands


def _facing(pairs: set[tuple[str, str]], reps: set[str]) -> set[str]:
    """The people on the other side of an interaction with one of the representatives."""
    out: set[str] = set()
    for actor, target in pairs:
        if actor in reps and target not in reps:
            out.add(target)
        elif target in reps and actor not in reps:
            out.add(actor)
    return out
