"""The generation under way: one random source, the people as they are being shaped, the
interactions drawn so far, and the pools engagement targets are picked from."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate

from service.ingest.demo.catalogue import COMMUNITIES, TOPICS
from service.ingest.records import InteractionType


@dataclass(eq=False)
class Person:
    index: int
    id: str
    community: int
    kind: str
    followers: int
    language: str
    country: str
    name: str
    handle: str
    created: datetime
    interests: tuple[int, ...]  # indices into TOPICS
    interest_weights: tuple[float, ...]
    favourite: tuple[str, ...]  # a favourite subtopic per top topic
    activity: float
    appeal: float  # how much engagement the person's posts attract
    tone: float  # the sentiment the person gives and draws, on average
    attributes: dict[str, str | int | float | bool] | None = None
    planted: bool = False


@dataclass
class Pool:
    members: list[Person] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, people: Sequence[Person], weight: float | None = None) -> Pool:
        weights = [p.appeal if weight is None else weight for p in people]
        return cls(list(people), list(accumulate(weights)))

    def pick(self, rng: random.Random) -> Person:
        return rng.choices(self.members, cum_weights=self.cum_weights)[0]


@dataclass
class RawInteraction:
    actor: Person
    target: Person
    type: InteractionType
    topics: list[str]
    at: datetime
    sentiment: float | None
    platform: str


class World:
    """Everything drawn so far; only `rng` draws, so one seed always gives the same world."""

    def __init__(self, seed: int, people: int) -> None:
        self.rng = random.Random(seed)
        self.n = people
        self.width = max(5, len(str(people)))
        self.persons: list[Person] = []
        self.raw: list[RawInteraction] = []
        self.topic_pools: dict[tuple[int, int], Pool] = {}
        self.community_pools: list[Pool] = []
        self.scale = people / 3000

    def topic_members(self, topic: int) -> list[Person]:
        return [p for p in self.persons if topic in p.interests]

    def build_pools(self) -> None:
        """Per community, and per community and topic, the people engagement may reach,
        weighted by their appeal."""
        for c in range(len(COMMUNITIES)):
            members = [p for p in self.persons if p.community == c]
            self.community_pools.append(Pool.of(members))
            for t in range(len(TOPICS)):
                interested = [p for p in members if t in p.interests and p.appeal > 0]
                self.topic_pools[c, t] = Pool.of(interested or members)


def clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return min(high, max(low, value))
