"""The demo brand's past campaign: "Switch to Northwind", two weeks in October on climate, with
six enlisted climate voices and the interactions it set off.

During the campaign window the enlisted people post about the brand (mentions of its main
account carrying the campaign's hashtag and a link under its URL prefix); their audience shares,
likes and answers those posts (carrying the tag on), and some of those engagers go on to mention
or share the brand themselves; a few more people pick the hashtag up on their own. The two weeks
before it (the baseline) hold only the brand's quiet everyday engagement (brand.py), so the
campaign lifts mentions and shares of the official accounts over a quieter baseline.

It is drawn after the brand, from its own random source (seeded from the demo's seed), so
everything drawn before it is the same with or without it. The enlisted people are drawn people
interested in climate with the largest audiences who are neither planted nor the brand's own.
Campaigns are not records: `influence-graph demo load` creates this one (and enlists its
people) through the campaign domain after loading the records (docs/campaigns.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from service.ingest.demo.brand import DemoBrand
from service.ingest.demo.world import Person, World, clip
from service.ingest.records import InteractionRecord, InteractionType

CAMPAIGN_ID = "northwind-switch"
CAMPAIGN_NAME = "Switch to Northwind"
SINCE = datetime(2026, 10, 5, tzinfo=UTC)
UNTIL = datetime(2026, 10, 19, tzinfo=UTC)
HASHTAG = "#switchtonorthwind"
URL_PREFIX = "https://northwind.example/switch/"
TOPICS = ("climate", "climate-energy", "climate-policy", "climate-transport")
_ENLISTED, _POOL = 6, 40
_ENGAGEMENT: dict[InteractionType, float] = {
    "share": 0.35,
    "like": 0.3,
    "reply": 0.2,
    "quote": 0.15,
}
_CONVERSION = 0.35  # share of an influencer's engagers who then engage with the brand


@dataclass(frozen=True)
class DemoCampaign:
    """The campaign as `createCampaign` takes it, its enlisted people and its interactions."""

    id: str
    brand: str
    name: str
    since: datetime
    until: datetime
    topics: tuple[str, ...]
    markers: tuple[str, ...]
    enlisted: list[str]
    interactions: list[InteractionRecord]


@dataclass(frozen=True)
class _Who:
    """Who acts or is targeted: a drawn person or the brand's main account (drawn last)."""

    index: int
    id: str


@dataclass
class _Draw:
    rng: random.Random
    window: float  # seconds
    raw: list[tuple[_Who, _Who, InteractionType, datetime, float, str]]

    def at(self, after: datetime) -> datetime:
        """A time between `after` and the campaign's end."""
        room = int((UNTIL - after).total_seconds())
        return after.replace(microsecond=0) + timedelta(seconds=self.rng.randrange(max(room, 1)))

    def add(
        self, actor: _Who, target: _Who, kind: InteractionType, at: datetime, post: str
    ) -> None:
        sentiment = round(clip(self.rng.gauss(0.45, 0.3)), 3)
        self.raw.append((actor, target, kind, at, sentiment, post))


def add_campaign(seed: int, world: World, brand: DemoBrand) -> DemoCampaign:
    """The demo campaign, drawn from `random.Random(f"campaign:{seed}")` over the finished
    world and brand."""
    rng = random.Random(f"campaign:{seed}")  # noqa: S311 (demo data)
    own = set(brand.representatives)
    climate = [
        p for p in world.persons
        if 0 in p.interests and p.activity > 0 and not p.planted and p.id not in own
    ]  # fmt: skip
    voices = sorted(climate, key=lambda p: (-p.followers, p.index))[:_POOL]
    enlisted = sorted(rng.sample(voices, min(_ENLISTED, len(voices))), key=lambda p: p.index)
    chosen = {p.id for p in enlisted}
    audience = [p for p in climate if p.id not in chosen]
    main = _Who(len(world.persons), brand.officials[0])
    draw = _Draw(rng, (UNTIL - SINCE).total_seconds(), [])
    posts = 0
    for person in enlisted:
        for _ in range(rng.randint(2, 4)):
            posts += 1
            post = f"{URL_PREFIX}{posts}"
            at = SINCE + timedelta(seconds=rng.randrange(int(0.7 * draw.window)))
            draw.add(_who(person), main, "mention", at, post)
            _engagement(draw, person, main, audience, at, post)
    for _ in range(round(12 * len(world.persons) / 3000) + 4):
        posts += 1
        actor = _who(rng.choice(audience))
        draw.add(actor, main, "mention", draw.at(SINCE), f"{URL_PREFIX}{posts}")
    return DemoCampaign(
        id=CAMPAIGN_ID,
        brand=brand.id,
        name=CAMPAIGN_NAME,
        since=SINCE,
        until=UNTIL,
        topics=TOPICS,
        markers=(HASHTAG, URL_PREFIX),
        enlisted=[p.id for p in enlisted],
        interactions=_records(draw),
    )


def _who(p: Person) -> _Who:
    return _Who(p.index, p.id)


def _engagement(
    draw: _Draw, person: Person, main: _Who, audience: list[Person], at: datetime, post: str
) -> None:
    """People engage with an influencer's post; some of them then engage with the brand."""
    rng = draw.rng
    for fan in rng.sample(audience, min(len(audience), rng.randint(4, 10))):
        kinds, weights = list(_ENGAGEMENT), list(_ENGAGEMENT.values())
        engaged_at = draw.at(at)
        draw.add(_who(fan), _who(person), rng.choices(kinds, weights=weights)[0], engaged_at, post)
        if rng.random() < _CONVERSION:
            kind: InteractionType = rng.choice(("mention", "share", "share", "quote"))
            draw.add(_who(fan), main, kind, draw.at(engaged_at), post)


def _records(draw: _Draw) -> list[InteractionRecord]:
    rng = draw.rng
    ordered = sorted(draw.raw, key=lambda r: (r[3], r[0].index, r[1].index, r[2]))
    return [
        InteractionRecord(
            id=f"demo-c{n:04d}",
            type=kind,
            actor=actor.id,
            target=target.id,
            topics=[rng.choice(("climate-energy", "climate-energy", "climate"))],
            at=at,
            sentiment=sentiment,
            platform="x",
            url=post,
            tags=[HASHTAG, "#climate"],
        )
        for n, (actor, target, kind, at, sentiment, post) in enumerate(ordered, start=1)
    ]
