"""Relationship histories of the demo brand: its representatives reach out to people of the
climate topic over the year, and those people go through the stages (docs/
relationships-and-alerts.md): some are only noticed, some answer (engaged), and some go on to
share the brand's posts unprompted on several days (advocate).

Drawn after the brand, from its own random source, so everything drawn before is unchanged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from service.ingest.demo.brand import ACCOUNTS, BRAND_TOPIC, DemoBrand
from service.ingest.demo.catalogue import YEAR_START
from service.ingest.demo.world import Person, World
from service.ingest.records import InteractionRecord, InteractionType

TARGET_STAGES = ("noticed",) * 3 + ("engaged",) * 4 + ("advocate",) * 3
_TOPIC_INDEX = 0  # BRAND_TOPIC in catalogue.TOPICS


@dataclass(frozen=True)
class DemoRelationships:
    """The people drawn into a relationship, by the stage their history leads to."""

    stages: dict[str, str]  # person id -> noticed, engaged or advocate
    interactions: list[InteractionRecord]


def add_relationships(seed: int, world: World, brand: DemoBrand) -> DemoRelationships:
    """From `random.Random(f"relationships:{seed}")`."""
    rng = random.Random(f"relationships:{seed}")  # noqa: S311 (demo data)
    reps = set(brand.representatives)
    pool = [p for p in world.persons
            if _TOPIC_INDEX in p.interests and p.activity > 0 and not p.planted
            and p.id not in reps]  # fmt: skip
    chosen = rng.sample(pool, len(TARGET_STAGES))
    outreach = brand.officials + brand.executives + brand.employees
    acts: list[tuple[str, str, InteractionType, datetime, float]] = []
    stages: dict[str, str] = {}
    for person, stage in zip(chosen, TARGET_STAGES, strict=True):
        stages[person.id] = stage
        acts += _history(rng, person, stage, rng.choice(outreach), brand.officials[0])
    acts.sort(key=lambda a: (a[3], a[0], a[1]))
    handles = {p.id: p.handle for p in world.persons} | {a[0]: a[2] for a in ACCOUNTS}
    records = [
        InteractionRecord(id=f"demo-r{n:04d}", type=kind, actor=actor, target=target,
                          topics=[BRAND_TOPIC], at=at, sentiment=sentiment, platform="x",
                          url=_url(rng, handles[actor]))
        for n, (actor, target, kind, at, sentiment) in enumerate(acts, start=1)
    ]  # fmt: skip
    return DemoRelationships(stages, records)


def _history(rng: random.Random, person: Person, stage: str, rep: str, main: str
             ) -> list[tuple[str, str, InteractionType, datetime, float]]:  # fmt: skip
    """The brand reaches out; the person answers (engaged and advocate); an advocate then
    shares the main account's posts unprompted on four days over three weeks."""
    start = YEAR_START + timedelta(days=rng.uniform(20, 220))
    out: list[tuple[str, str, InteractionType, datetime, float]] = [
        (rep, person.id, "mention", start, round(rng.uniform(0.3, 0.8), 3))
    ]
    if stage == "noticed":
        return out
    answer = start + timedelta(hours=rng.uniform(2, 40))
    out.append((person.id, rep, "reply", answer, round(rng.uniform(0.2, 0.8), 3)))
    out.append((rep, person.id, "reply", answer + timedelta(hours=3), 0.6))
    if stage == "advocate":
        day = answer + timedelta(days=rng.uniform(4, 8))
        for _ in range(4):
            out.append((person.id, main, "share", day, round(rng.uniform(0.4, 0.9), 3)))
            day += timedelta(days=rng.uniform(3, 6))
    return out


def _url(rng: random.Random, handle: str) -> str:
    return f"https://x.com/{handle}/status/{rng.randrange(10**15, 10**16)}"
