"""The planted structure: the people a correct analysis must surface, reshaped from drawn
people, and the engagement they draw and give.

- per top topic an opinion leader with a modest audience whose posts on the topic are
  shared, quoted and replied to by many people, including the topic's influential ones;
- a celebrity with the largest audience of all who barely engages or is engaged with;
- ambassadors (employees or customers) drawing warm engagement on one topic;
- detractors whose activity on a topic draws mostly negative engagement;
- bridges who engage, and are engaged with, across communities.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.ingest.demo import interactions as act
from service.ingest.demo.catalogue import COMMUNITIES, TOPICS, topic_index
from service.ingest.demo.people import attributes
from service.ingest.demo.world import Person, World


@dataclass(frozen=True)
class Planted:
    """The people the analytics must find, by person id."""

    opinion_leaders: dict[str, str]  # top topic id -> person id
    celebrity: str
    ambassadors: dict[str, list[str]]  # top topic id -> person ids
    detractors: dict[str, str]  # top topic id -> person id
    bridges: list[str]
    communities: dict[str, int]  # person id -> community number
    community_labels: list[str]  # community number -> label (its language)


@dataclass(frozen=True)
class _Cast:
    celebrity: Person
    leaders: dict[str, Person]
    ambassadors: dict[str, list[Person]]
    detractors: dict[str, Person]
    bridges: list[Person]


def plant(world: World) -> Planted:
    """Reshape drawn people into the planted roles, then draw the engagement that makes
    each role what it is."""
    cast = _cast(world)
    _make_celebrity(world, cast.celebrity)
    world.build_pools()
    _engage(world, cast)
    _celebrity_cameos(world, cast.celebrity)
    return Planted(
        opinion_leaders={k: p.id for k, p in cast.leaders.items()},
        celebrity=cast.celebrity.id,
        ambassadors={k: [p.id for p in v] for k, v in cast.ambassadors.items()},
        detractors={k: p.id for k, p in cast.detractors.items()},
        bridges=[p.id for p in cast.bridges],
        communities={p.id: p.community for p in world.persons},
        community_labels=[c.label for c in COMMUNITIES],
    )


def _cast(world: World) -> _Cast:
    rng = world.rng
    ncom = len(COMMUNITIES)
    celebrity = _pick(world, 0, ("celebrity",))
    leaders: dict[str, Person] = {}
    for t, top in enumerate(TOPICS):
        p = _pick(world, (t + 1) % ncom, ("expert", "journalist"))
        kind = p.kind if p.kind in ("expert", "journalist") else "expert"
        _focus(world, p, t, kind, rng.uniform(0.7, 0.85))
        p.activity, p.tone = 3.0, 0.3
        leaders[top.id] = p
    ambassadors: dict[str, list[Person]] = {}
    for t, top in enumerate(TOPICS):
        ambassadors[top.id] = []
        for j, kind in enumerate(("employee", "customer")):
            p = _pick(world, (t + 2 * j) % ncom, (kind,))
            _focus(world, p, t, kind, rng.uniform(0.3, 0.6))
            p.tone = 0.6
            ambassadors[top.id].append(p)
    detractors: dict[str, Person] = {}
    for t, community in ((0, 0), (2, 3)):
        p = _pick(world, community, ("regular", "expert", "journalist"))
        _focus(world, p, t, p.kind, rng.uniform(0.5, 0.85))
        p.tone = -0.7
        detractors[TOPICS[t].id] = p
    bridges: list[Person] = []
    for j in range(6):
        p = _pick(world, j % ncom, ("regular", "expert", "journalist"))
        _focus(world, p, j % len(TOPICS), p.kind, rng.uniform(0.5, 0.9))
        bridges.append(p)
    return _Cast(celebrity, leaders, ambassadors, detractors, bridges)


def _pick(world: World, community: int, kinds: tuple[str, ...] | None = None) -> Person:
    """An unplanted person of the community (of one of `kinds`, if any such exists)."""
    free = [p for p in world.persons if p.community == community and not p.planted]
    typed = [p for p in free if kinds is None or p.kind in kinds]
    person = world.rng.choice(typed or free)
    person.planted = True
    return person


def _focus(world: World, p: Person, topic: int, kind: str, followers_quantile: float) -> None:
    """Make `p` a person of the given kind with a modest audience, active only on `topic`."""
    p.kind = kind
    p.followers = _followers_at(world, followers_quantile)
    p.language = COMMUNITIES[p.community].language
    p.interests, p.interest_weights = (topic,), (1.0,)
    p.attributes = attributes(world, p)
    p.appeal = world.rng.lognormvariate(0.0, 0.6) * (1 + p.followers) ** 0.3


def _followers_at(world: World, quantile: float) -> int:
    ranked = sorted(p.followers for p in world.persons if not p.planted)
    return ranked[int(quantile * (len(ranked) - 1))]


def _make_celebrity(world: World, celebrity: Person) -> None:
    """The celebrity's audience tops everyone's; their own activity and appeal are nil, so
    engagement only reaches them through the handful of cameos drawn last."""
    celebrity.kind = "celebrity"
    celebrity.followers = int(max(p.followers for p in world.persons) * world.rng.uniform(1.5, 2.5))
    celebrity.activity = celebrity.appeal = 0.0
    celebrity.attributes = None


def _engage(world: World, cast: _Cast) -> None:
    scale = world.scale
    for top_id, leader in cast.leaders.items():
        t = topic_index(top_id)
        influential = sorted(
            (p for p in world.topic_members(t) if not p.planted),
            key=lambda p: (-p.appeal, p.index),
        )[:12]
        act.engage(world, leader, t, round(330 * scale), act.LEADER_TYPES, act.warm, influential)
        act.post(world, leader, t, round(120 * scale), act.LEADER_TYPES, act.warm)
    for top_id, group in cast.ambassadors.items():
        t = topic_index(top_id)
        for p in group:
            act.engage(world, p, t, round(75 * scale), act.AMBASSADOR_TYPES, act.positive)
            act.post(world, p, t, round(25 * scale), act.AMBASSADOR_TYPES, act.positive)
    for top_id, p in cast.detractors.items():
        t = topic_index(top_id)
        act.engage(world, p, t, round(150 * scale), act.CRITIC_TYPES, act.hostile)
        act.post(world, p, t, round(45 * scale), act.CRITIC_TYPES, act.negative)
    for p in cast.bridges:
        t = p.interests[0]
        n = round(36 * scale)
        act.engage(world, p, t, n, act.ORGANIC_TYPES, act.organic_sentiment, in_community=0.0)
        act.post(world, p, t, n, act.ORGANIC_TYPES, act.organic_sentiment, in_community=0.0)


def _celebrity_cameos(world: World, celebrity: Person) -> None:
    rng = world.rng
    others = [p for p in world.persons if p is not celebrity]
    for _ in range(3):
        target = rng.choice(others)
        act.add(world, celebrity, target, rng.choice(("like", "share")), target.interests[0])
    for _ in range(4):
        actor = rng.choice(others)
        act.add(world, actor, celebrity, rng.choice(("like", "mention")), actor.interests[0])
