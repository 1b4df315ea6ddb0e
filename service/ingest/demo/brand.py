"""The demo's brand: Northwind Energy, the climate topic's brand, with two official accounts,
an executive, employees and customer advocates, and a year of quiet everyday engagement
between the accounts and their audience.

It is drawn after everything else, from its own random source (seeded from the demo's seed),
so the people, follows and interactions drawn before it are the same with or without it. Its
accounts are new people (kind `brand`); its representatives are drawn people tied to the brand
already (their `employer` or `customerOf` attribute), the climate topic's planted ambassadors
among them. Campaigns, relationship histories and crises build on `DemoBrand`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from service.ingest.demo.catalogue import COMMUNITIES, YEAR_SECONDS, YEAR_START
from service.ingest.demo.planted import Planted
from service.ingest.demo.world import Person, World, clip
from service.ingest.records import (
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    InteractionType,
    PersonRecord,
    RepresentsRecord,
)

BRAND_ID = "northwind-energy"
BRAND_NAME = "Northwind Energy"
BRAND_TOPIC = "climate"
_TOPIC_INDEX = 0  # BRAND_TOPIC in catalogue.TOPICS
_SUBTOPICS = {
    "climate-energy": 0.65,
    "climate": 0.15,
    "climate-policy": 0.1,
    "climate-transport": 0.1,
}
# The brand's official accounts, new people: (id, name, handle, audience quantile).
ACCOUNTS = (
    ("demo-northwind", "Northwind Energy", "northwindenergy", 0.985),
    ("demo-northwind-care", "Northwind Energy Care", "northwindcare", 0.9),
)
_AUDIENCE_TYPES: dict[InteractionType, float] = {
    "like": 0.3,
    "share": 0.25,
    "reply": 0.2,
    "comment": 0.1,
    "quote": 0.15,
}
_EMPLOYEES, _ADVOCATES = 6, 4


@dataclass(frozen=True)
class DemoBrand:
    """The brand's records and who plays which part, by person id."""

    id: str
    name: str
    topic: str
    officials: list[str]
    executives: list[str]
    employees: list[str]
    advocates: list[str]
    brand: BrandRecord
    accounts: list[PersonRecord]
    represents: list[RepresentsRecord]
    follows: list[FollowRecord]
    interactions: list[InteractionRecord]

    @property
    def representatives(self) -> list[str]:
        return self.officials + self.executives + self.employees + self.advocates


@dataclass
class _Draw:
    rng: random.Random
    people: list[Person]
    raw: list[tuple[Person, Person, InteractionType, datetime, float]]


def add_brand(seed: int, world: World, planted: Planted) -> DemoBrand:
    """The demo brand, drawn from `random.Random(f"brand:{seed}")` over the finished world."""
    draw = _Draw(random.Random(f"brand:{seed}"), world.persons, [])  # noqa: S311 (demo data)
    accounts = _accounts(world, draw.rng)
    main, care = accounts
    ambassadors = set(planted.ambassadors[BRAND_TOPIC])
    employees = _tied(world, "employer", ambassadors)
    customers = _tied(world, "customerOf", ambassadors)
    executives = sorted(employees, key=lambda p: (-p.followers, p.index))[:1]
    staff = [p for p in employees if p not in executives]
    chosen_staff = _with_planted(draw.rng, staff, ambassadors, _EMPLOYEES)
    advocates = _with_planted(draw.rng, customers, ambassadors, _ADVOCATES)
    audience = [p for p in world.persons if _TOPIC_INDEX in p.interests and p.activity > 0]
    _everyday(draw, main, care, audience, customers)
    team = [*executives, *chosen_staff, *advocates]
    _team(draw, main, team)
    roles = [(a, "official") for a in accounts] + [(p, "executive") for p in executives]
    roles += [(p, "employee") for p in chosen_staff] + [(p, "customer_advocate") for p in advocates]
    return DemoBrand(
        id=BRAND_ID,
        name=BRAND_NAME,
        topic=BRAND_TOPIC,
        officials=[a.id for a in accounts],
        executives=[p.id for p in executives],
        employees=[p.id for p in chosen_staff],
        advocates=[p.id for p in advocates],
        brand=BrandRecord(id=BRAND_ID, name=BRAND_NAME),
        accounts=[_account_record(a) for a in accounts],
        represents=[RepresentsRecord(person=p.id, brand=BRAND_ID, role=r) for p, r in roles],
        follows=_follows(draw.rng, main, audience, team),
        interactions=_records(draw),
    )


def _accounts(world: World, rng: random.Random) -> list[Person]:
    ranked = sorted(p.followers for p in world.persons)
    home = COMMUNITIES[0]
    return [
        Person(
            index=len(world.persons) + i,
            id=pid,
            community=0,
            kind="brand",
            followers=ranked[int(quantile * (len(ranked) - 1))],
            language=home.language,
            country="GB",
            name=name,
            handle=handle,
            created=datetime(2011 + 3 * i, 3, 1, tzinfo=UTC),
            interests=(_TOPIC_INDEX,),
            interest_weights=(1.0,),
            favourite=("climate-energy",),
            activity=1.0,
            appeal=1.0,
            tone=0.2,
        )
        for i, (pid, name, handle, quantile) in enumerate(ACCOUNTS)
    ]


def _tied(world: World, attribute: str, ambassadors: set[str]) -> list[Person]:
    """People whose `attribute` names the brand (the planted ambassadors among them)."""
    return [
        p
        for p in world.persons
        if p.attributes is not None
        and p.attributes.get(attribute) == BRAND_NAME
        and (not p.planted or p.id in ambassadors)
        and p.activity > 0
    ]


def _with_planted(
    rng: random.Random, pool: Sequence[Person], ambassadors: set[str], k: int
) -> list[Person]:
    """The planted ambassadors of `pool`, then `k` others drawn from it."""
    first = [p for p in pool if p.id in ambassadors]
    rest = [p for p in pool if p.id not in ambassadors]
    return first + rng.sample(rest, min(k, len(rest)))


def _at(rng: random.Random) -> datetime:
    return YEAR_START + timedelta(seconds=rng.randrange(YEAR_SECONDS))


def _add(
    draw: _Draw, actor: Person, target: Person, kind: InteractionType, mu: float, sd: float
) -> None:
    sentiment = round(clip(draw.rng.gauss(mu, sd)), 3)
    draw.raw.append((actor, target, kind, _at(draw.rng), sentiment))


def _pick_type(rng: random.Random, weights: dict[InteractionType, float]) -> InteractionType:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _everyday(
    draw: _Draw, main: Person, care: Person, audience: list[Person], customers: list[Person]
) -> None:
    """Spread evenly over the year: the audience engages the main account's posts; customers
    and others mention the accounts (service questions, mixed in tone); the care account
    answers some of them."""
    rng, scale = draw.rng, len(draw.people) / 3000
    weights = [p.activity for p in audience]
    for actor in rng.choices(audience, weights=weights, k=round(260 * scale)):
        _add(draw, actor, main, _pick_type(rng, _AUDIENCE_TYPES), 0.15, 0.4)
    mentioners = rng.choices(customers + audience, k=round(120 * scale))
    for actor in mentioners:
        _add(draw, actor, rng.choice((main, care, care)), "mention", -0.05, 0.45)
    for person in rng.sample(mentioners, min(len(mentioners), round(50 * scale))):
        _add(draw, care, person, "reply", 0.35, 0.2)


def _team(draw: _Draw, main: Person, team: list[Person]) -> None:
    """The brand's people share its posts, and its main account shares theirs."""
    rng = draw.rng
    for person in team:
        for _ in range(rng.randint(3, 8)):
            _add(draw, person, main, rng.choice(("share", "quote", "like")), 0.6, 0.2)
        for _ in range(rng.randint(1, 3)):
            _add(draw, main, person, rng.choice(("share", "reply")), 0.5, 0.2)


def _follows(
    rng: random.Random, main: Person, audience: list[Person], team: list[Person]
) -> list[FollowRecord]:
    fans = rng.sample(audience, min(len(audience), 120))
    end = YEAR_START + timedelta(seconds=YEAR_SECONDS - 1)
    chosen = {p.id: p for p in [*team, *fans] if p is not main}
    records = []
    for p in chosen.values():
        start = max(p.created, main.created)
        span = int((end - start).total_seconds())
        since = start + timedelta(seconds=rng.randrange(span + 1))
        records.append(FollowRecord(follower=p.id, followee=main.id, since=since))
    return records


def _records(draw: _Draw) -> list[InteractionRecord]:
    rng = draw.rng
    ordered = sorted(draw.raw, key=lambda r: (r[3], r[0].index, r[1].index, r[2]))
    records = []
    for n, (actor, target, kind, at, sentiment) in enumerate(ordered, start=1):
        author = actor if kind == "mention" else target
        topic = rng.choices(list(_SUBTOPICS), weights=list(_SUBTOPICS.values()))[0]
        records.append(
            InteractionRecord(
                id=f"demo-b{n:05d}",
                type=kind,
                actor=actor.id,
                target=target.id,
                topics=[topic],
                at=at,
                sentiment=sentiment,
                platform="x",
                url=f"https://x.com/{author.handle}/status/{rng.randrange(10**15, 10**16)}",
            )
        )
    return records


def _account_record(p: Person) -> PersonRecord:
    return PersonRecord(
        id=p.id,
        name=p.name,
        handle=p.handle,
        person_kind=p.kind,
        language=p.language,
        country=p.country,
        followers=p.followers,
        attributes={"brand": BRAND_NAME},
        created_at=p.created,
    )
