"""The demo brand's planted crisis: after calm weeks, a detractor's negative engagement at
the brand's accounts surges for two days (CRISIS_DAY and the day after), then stops. Crisis
watch must raise exactly one NEGATIVE_SURGE alert starting on CRISIS_DAY that names them.

Drawn after the relationship histories, from its own random source, so everything drawn
before is unchanged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from service.ingest.demo.brand import BRAND_TOPIC, DemoBrand
from service.ingest.demo.catalogue import YEAR_START
from service.ingest.demo.world import World, clip
from service.ingest.records import InteractionRecord, InteractionType

CRISIS_DAY = YEAR_START + timedelta(days=300)  # 2026-10-28, a UTC midnight
SURGE = (18, 24)  # negative acts on each of the two days
_TOPIC_INDEX = 0  # BRAND_TOPIC in catalogue.TOPICS
_TYPES: tuple[InteractionType, ...] = ("reply", "mention", "quote", "comment")


@dataclass(frozen=True)
class DemoCrisis:
    detractor: str
    day: datetime
    interactions: list[InteractionRecord]


def add_crisis(seed: int, world: World, brand: DemoBrand, taken: set[str]) -> DemoCrisis:
    """From `random.Random(f"crisis:{seed}")`; the detractor is an ordinary active person of
    the climate topic, none of `taken` (representatives, relationship histories)."""
    rng = random.Random(f"crisis:{seed}")  # noqa: S311 (demo data)
    pool = [p for p in world.persons
            if _TOPIC_INDEX in p.interests and p.activity > 0 and not p.planted
            and p.id not in taken and p.id not in brand.representatives]  # fmt: skip
    detractor = rng.choice(pool)
    records = []
    for day, count in enumerate(SURGE):
        for _ in range(count):
            at = CRISIS_DAY + timedelta(days=day, seconds=rng.randrange(24 * 3600))
            records.append((at, rng.choice(brand.officials), rng.choice(_TYPES),
                            round(clip(rng.gauss(-0.75, 0.12), -1.0, -0.4), 3)))  # fmt: skip
    records.sort()
    interactions = [
        InteractionRecord(id=f"demo-c{n:03d}", type=kind, actor=detractor.id, target=target,
                          topics=[BRAND_TOPIC], at=at, sentiment=sentiment, platform="x",
                          url=_url(rng, detractor.handle))
        for n, (at, target, kind, sentiment) in enumerate(records, start=1)
    ]  # fmt: skip
    return DemoCrisis(detractor.id, CRISIS_DAY, interactions)


def _url(rng: random.Random, handle: str) -> str:
    return f"https://x.com/{handle}/status/{rng.randrange(10**15, 10**16)}"
