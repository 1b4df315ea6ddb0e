"""The people of the demo: community, kind, a heavy-tailed declared audience, a unique
handle, interests, and how active, appealing and warm they are; then their records."""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

from service.ingest.demo.catalogue import (
    ACCOUNTS_SECONDS,
    ACCOUNTS_START,
    COMMUNITIES,
    KINDS,
    OUTLETS,
    TOPICS,
    Community,
)
from service.ingest.demo.world import Person, World
from service.ingest.records import PersonRecord


def make_people(world: World) -> None:
    """Draw `world.n` people, each in a community, of a kind, with a unique handle."""
    rng = world.rng
    shares = [c.share for c in COMMUNITIES]
    kinds = list(KINDS)
    kind_shares = [KINDS[k][0] for k in kinds]
    handles: set[str] = set()
    for i in range(world.n):
        community = rng.choices(range(len(COMMUNITIES)), weights=shares)[0]
        kind = rng.choices(kinds, weights=kind_shares)[0]
        world.persons.append(_person(world, i, community, kind, handles))
    for p in world.persons:
        p.attributes = attributes(world, p)


def _person(world: World, i: int, community: int, kind: str, handles: set[str]) -> Person:
    rng = world.rng
    c = COMMUNITIES[community]
    _, mu, sigma, activity_factor = KINDS[kind]
    followers = int(rng.lognormvariate(mu, sigma))
    first, last = rng.choice(c.first_names.split()), rng.choice(c.last_names.split())
    handle = _unique_handle(rng, first, last, handles)
    interests, weights = _interests(rng, c)
    return Person(
        index=i,
        id=f"demo-p{i + 1:0{world.width}d}",
        community=community,
        kind=kind,
        followers=followers,
        language=c.language if rng.random() < 0.9 else "en",
        country=rng.choice(c.countries),
        name=f"{first} {last}",
        handle=handle,
        created=ACCOUNTS_START + timedelta(seconds=rng.randrange(ACCOUNTS_SECONDS)),
        interests=interests,
        interest_weights=weights,
        favourite=tuple(rng.choice(t.subtopics)[0] for t in TOPICS),
        activity=rng.lognormvariate(0.0, 1.0) * activity_factor,
        appeal=rng.lognormvariate(0.0, 0.6) * (1 + followers) ** 0.3,
        tone=rng.gauss(0.1, 0.2),
    )


def _unique_handle(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    base = f"{_ascii(first)}{rng.choice(('', '.', '_'))}{_ascii(last)}"
    handle, suffix = base, 1
    while handle in taken:
        suffix += 1
        handle = f"{base}{suffix}"
    taken.add(handle)
    return handle


def _interests(rng: random.Random, c: Community) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """A primary top topic (biased by the community), and sometimes a secondary one."""
    primary = rng.choices(range(len(TOPICS)), weights=c.topic_bias)[0]
    if rng.random() < 0.4:
        secondary = rng.choice([t for t in range(len(TOPICS)) if t != primary])
        return (primary, secondary), (0.75, 0.25)
    return (primary,), (1.0,)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def attributes(world: World, p: Person) -> dict[str, str | int | float | bool] | None:
    """What ties the person to a brand or an outlet, by kind (none for most)."""
    brand = TOPICS[p.interests[0]].brand
    if p.kind == "employee":
        return {"employer": brand}
    if p.kind == "customer":
        return {"customerOf": brand, "customerSince": world.rng.randint(2012, 2025)}
    if p.kind in ("journalist", "media"):
        return {"outlet": world.rng.choice(OUTLETS)}
    return None


def person_records(world: World) -> list[PersonRecord]:
    return [
        PersonRecord(
            id=p.id,
            name=p.name,
            handle=p.handle,
            person_kind=p.kind,
            language=p.language,
            country=p.country,
            followers=p.followers,
            attributes=p.attributes,
            created_at=p.created,
        )
        for p in world.persons
    ]
