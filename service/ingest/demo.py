"""Deterministic demo data: topics, people, follows and interactions with planted answers.

`generate(seed, people)` builds a slice of a social platform that looks real enough for the
analytics to have something to find: a topic hierarchy, heavy-tailed declared audiences,
language communities that keep most activity inside themselves, and engagement that
prefers bigger accounts. Into it it plants the people a correct analysis must surface:

- per top topic an opinion leader with a modest audience whose posts on the topic are
  shared, quoted and replied to by many people, including the topic's influential ones;
- a celebrity with the largest audience of all who barely engages or is engaged with;
- ambassadors (employees or customers) drawing warm engagement on one topic;
- detractors whose activity on a topic draws mostly negative engagement;
- bridges who engage, and are engaged with, across communities.

Only `random.Random(seed)` is used, so one seed always gives byte-identical NDJSON.
`planted_facts` names the planted people; `write_ndjson` writes the records and those facts
side by side (`<path>.planted.json`).
"""

from __future__ import annotations

import argparse
import json
import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from service.ingest.records import (
    FollowRecord,
    InteractionRecord,
    InteractionType,
    PersonRecord,
    TopicRecord,
)

Record = TopicRecord | PersonRecord | FollowRecord | InteractionRecord

MIN_PEOPLE = 200

_YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
_YEAR_SECONDS = 365 * 24 * 3600
_ACCOUNTS_START = datetime(2008, 1, 1, tzinfo=UTC)
_ACCOUNTS_SECONDS = int((_YEAR_START - _ACCOUNTS_START).total_seconds())

# Share of organic interactions and follows that stay inside the actor's community.
_IN_COMMUNITY = 0.85


@dataclass(frozen=True)
class _TopTopic:
    id: str
    name: str
    brand: str  # the brand employees and customers interested in this topic are tied to
    subtopics: tuple[tuple[str, str], ...]


_TOPICS: tuple[_TopTopic, ...] = (
    _TopTopic(
        "climate",
        "Climate",
        "Northwind Energy",
        (
            ("climate-energy", "Energy transition"),
            ("climate-policy", "Climate policy"),
            ("climate-transport", "Clean transport"),
        ),
    ),
    _TopTopic(
        "technology",
        "Technology",
        "Acme Cloud",
        (
            ("technology-ai", "Artificial intelligence"),
            ("technology-privacy", "Privacy and data protection"),
            ("technology-mobile", "Mobile"),
            ("technology-chips", "Chips and hardware"),
        ),
    ),
    _TopTopic(
        "health",
        "Health",
        "Vitalis Health",
        (
            ("health-nutrition", "Nutrition"),
            ("health-mental", "Mental health"),
            ("health-vaccines", "Vaccines"),
        ),
    ),
)


@dataclass(frozen=True)
class _Community:
    label: str
    language: str
    share: float
    countries: tuple[str, ...]
    topic_bias: tuple[float, float, float]  # weight of climate, technology, health
    first_names: str  # space-separated
    last_names: str


_COMMUNITIES: tuple[_Community, ...] = (
    _Community(
        "en",
        "en",
        0.36,
        ("US", "GB", "IE", "CA", "AU"),
        (1.0, 1.3, 1.0),
        "James Olivia Liam Emma Noah Ava Ethan Mia Lucas Grace Henry Chloe Jack Ruby Owen Isla",
        "Smith Johnson Brown Taylor Wilson Davies Evans Walker Wright Robinson Thompson Hughes "
        "Green Hall Clarke Turner",
    ),
    _Community(
        "de",
        "de",
        0.26,
        ("DE", "AT", "CH"),
        (1.4, 1.0, 0.9),
        "Lukas Anna Jonas Lea Felix Hannah Paul Marie Leon Sophie Maximilian Lena Tobias Julia "
        "Niklas Katharina",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Klein Wolf Schröder Neumann",
    ),
    _Community(
        "fr",
        "fr",
        0.22,
        ("FR", "BE", "CH", "CA"),
        (1.0, 0.9, 1.4),
        "Louis Camille Hugo Léa Jules Manon Arthur Chloé Théo Inès Raphaël Juliette Gabriel "
        "Élise Mathis Zoé",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia Fournier",
    ),
    _Community(
        "es",
        "es",
        0.16,
        ("ES", "MX", "AR", "CO"),
        (1.0, 1.1, 1.1),
        "Alejandro Lucía Daniel Sofía Pablo Martina Diego Valeria Javier Paula Mateo Carmen "
        "Andrés Elena Sergio Isabel",
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Díaz Romero "
        "Navarro Torres Ruiz Vargas Castro",
    ),
)

# kind: (share of people, mu and sigma of the log-normal declared audience, activity factor)
_KINDS: dict[str, tuple[float, float, float, float]] = {
    "regular": (0.52, 4.6, 1.3, 1.0),
    "customer": (0.14, 4.8, 1.2, 1.0),
    "employee": (0.09, 5.2, 1.2, 1.1),
    "expert": (0.12, 7.0, 1.3, 1.4),
    "journalist": (0.07, 8.0, 1.2, 1.6),
    "media": (0.04, 10.0, 1.3, 1.3),
    "celebrity": (0.02, 12.5, 1.1, 0.5),
}

_ORGANIC_TYPES: dict[InteractionType, float] = {
    "like": 0.30,
    "share": 0.20,
    "reply": 0.17,
    "comment": 0.12,
    "mention": 0.12,
    "quote": 0.09,
}
_LEADER_TYPES: dict[InteractionType, float] = {
    "share": 0.35,
    "quote": 0.2,
    "reply": 0.2,
    "comment": 0.1,
    "mention": 0.1,
    "like": 0.05,
}
_AMBASSADOR_TYPES: dict[InteractionType, float] = {
    "share": 0.4,
    "reply": 0.25,
    "quote": 0.15,
    "comment": 0.1,
    "mention": 0.1,
}
_CRITIC_TYPES: dict[InteractionType, float] = {
    "reply": 0.35,
    "quote": 0.25,
    "comment": 0.2,
    "share": 0.1,
    "mention": 0.1,
}

_PLATFORMS: dict[str, float] = {
    "x": 0.4,
    "bluesky": 0.2,
    "mastodon": 0.15,
    "linkedin": 0.15,
    "reddit": 0.1,
}
_POST_URLS: dict[str, str] = {
    "x": "https://x.com/{handle}/status/{post}",
    "bluesky": "https://bsky.app/profile/{handle}/post/{post}",
    "mastodon": "https://mastodon.social/@{handle}/{post}",
    "linkedin": "https://www.linkedin.com/posts/{handle}_{post}",
    "reddit": "https://www.reddit.com/user/{handle}/comments/{post}",
}

_OUTLETS = ("Daily Ledger", "Morning Post", "Tagesblick", "Le Courrier", "El Observador")


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
class DemoData:
    seed: int
    topics: list[TopicRecord]
    persons: list[PersonRecord]
    interactions: list[InteractionRecord]
    follows: list[FollowRecord]
    planted: Planted

    def records(self) -> Iterator[Record]:
        """Topics, persons, follows, then interactions: references always come first."""
        yield from self.topics
        yield from self.persons
        yield from self.follows
        yield from self.interactions


@dataclass(eq=False)
class _Person:
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
    interests: tuple[int, ...]  # indices into _TOPICS
    interest_weights: tuple[float, ...]
    favourite: tuple[str, ...]  # a favourite subtopic per top topic
    activity: float
    appeal: float  # how much engagement the person's posts attract
    tone: float  # the sentiment the person gives and draws, on average
    attributes: dict[str, str | int | float | bool] | None = None
    planted: bool = False


_SentimentFn = Callable[[_Person, _Person, str], float]


@dataclass
class _Pool:
    members: list[_Person] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, people: Sequence[_Person], weight: float | None = None) -> _Pool:
        weights = [p.appeal if weight is None else weight for p in people]
        return cls(list(people), list(accumulate(weights)))

    def pick(self, rng: random.Random) -> _Person:
        return rng.choices(self.members, cum_weights=self.cum_weights)[0]


@dataclass
class _Raw:
    actor: _Person
    target: _Person
    type: InteractionType
    topics: list[str]
    at: datetime
    sentiment: float | None
    platform: str


def _clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class _Builder:
    def __init__(self, seed: int, people: int) -> None:
        self.rng = random.Random(seed)
        self.n = people
        self.width = max(5, len(str(people)))
        self.persons: list[_Person] = []
        self.raw: list[_Raw] = []
        self.topic_pools: dict[tuple[int, int], _Pool] = {}
        self.community_pools: list[_Pool] = []
        self.scale = people / 3000

    # ---- people -----------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        shares = [c.share for c in _COMMUNITIES]
        kinds = list(_KINDS)
        kind_shares = [_KINDS[k][0] for k in kinds]
        handles: set[str] = set()
        for i in range(self.n):
            community = rng.choices(range(len(_COMMUNITIES)), weights=shares)[0]
            c = _COMMUNITIES[community]
            kind = rng.choices(kinds, weights=kind_shares)[0]
            _, mu, sigma, activity_factor = _KINDS[kind]
            followers = int(rng.lognormvariate(mu, sigma))
            first, last = rng.choice(c.first_names.split()), rng.choice(c.last_names.split())
            base = f"{_ascii(first)}{rng.choice(('', '.', '_'))}{_ascii(last)}"
            handle, suffix = base, 1
            while handle in handles:
                suffix += 1
                handle = f"{base}{suffix}"
            handles.add(handle)
            primary = rng.choices(range(len(_TOPICS)), weights=c.topic_bias)[0]
            interests: tuple[int, ...] = (primary,)
            weights: tuple[float, ...] = (1.0,)
            if rng.random() < 0.4:
                secondary = rng.choice([t for t in range(len(_TOPICS)) if t != primary])
                interests, weights = (primary, secondary), (0.75, 0.25)
            self.persons.append(
                _Person(
                    index=i,
                    id=f"demo-p{i + 1:0{self.width}d}",
                    community=community,
                    kind=kind,
                    followers=followers,
                    language=c.language if rng.random() < 0.9 else "en",
                    country=rng.choice(c.countries),
                    name=f"{first} {last}",
                    handle=handle,
                    created=_ACCOUNTS_START + timedelta(seconds=rng.randrange(_ACCOUNTS_SECONDS)),
                    interests=interests,
                    interest_weights=weights,
                    favourite=tuple(rng.choice(t.subtopics)[0] for t in _TOPICS),
                    activity=rng.lognormvariate(0.0, 1.0) * activity_factor,
                    appeal=rng.lognormvariate(0.0, 0.6) * (1 + followers) ** 0.3,
                    tone=rng.gauss(0.1, 0.2),
                )
            )
        for p in self.persons:
            p.attributes = self._attributes(p)

    def _attributes(self, p: _Person) -> dict[str, str | int | float | bool] | None:
        brand = _TOPICS[p.interests[0]].brand
        if p.kind == "employee":
            return {"employer": brand}
        if p.kind == "customer":
            return {"customerOf": brand, "customerSince": self.rng.randint(2012, 2025)}
        if p.kind in ("journalist", "media"):
            return {"outlet": self.rng.choice(_OUTLETS)}
        return None

    def _followers_at(self, quantile: float) -> int:
        ranked = sorted(p.followers for p in self.persons if not p.planted)
        return ranked[int(quantile * (len(ranked) - 1))]

    def _pick(self, community: int, kinds: tuple[str, ...] | None = None) -> _Person:
        """An unplanted person of the community (of one of `kinds`, if any such exists)."""
        free = [p for p in self.persons if p.community == community and not p.planted]
        typed = [p for p in free if kinds is None or p.kind in kinds]
        person = self.rng.choice(typed or free)
        person.planted = True
        return person

    def _focus(self, p: _Person, topic: int, kind: str, followers_quantile: float) -> None:
        """Make `p` a person of the given kind with a modest audience, active only on `topic`."""
        p.kind = kind
        p.followers = self._followers_at(followers_quantile)
        p.language = _COMMUNITIES[p.community].language
        p.interests, p.interest_weights = (topic,), (1.0,)
        p.attributes = self._attributes(p)
        p.appeal = self.rng.lognormvariate(0.0, 0.6) * (1 + p.followers) ** 0.3

    def plant(self) -> Planted:
        rng = self.rng
        ncom = len(_COMMUNITIES)
        celebrity = self._pick(0, ("celebrity",))
        leaders: dict[str, _Person] = {}
        for t, top in enumerate(_TOPICS):
            p = self._pick((t + 1) % ncom, ("expert", "journalist"))
            kind = p.kind if p.kind in ("expert", "journalist") else "expert"
            self._focus(p, t, kind, rng.uniform(0.7, 0.85))
            p.activity, p.tone = 3.0, 0.3
            leaders[top.id] = p
        ambassadors: dict[str, list[_Person]] = {}
        for t, top in enumerate(_TOPICS):
            ambassadors[top.id] = []
            for j, kind in enumerate(("employee", "customer")):
                p = self._pick((t + 2 * j) % ncom, (kind,))
                self._focus(p, t, kind, rng.uniform(0.3, 0.6))
                p.tone = 0.6
                ambassadors[top.id].append(p)
        detractors: dict[str, _Person] = {}
        for t, community in ((0, 0), (2, 3)):
            p = self._pick(community, ("regular", "expert", "journalist"))
            self._focus(p, t, p.kind, rng.uniform(0.5, 0.85))
            p.tone = -0.7
            detractors[_TOPICS[t].id] = p
        bridges: list[_Person] = []
        for j in range(6):
            p = self._pick(j % ncom, ("regular", "expert", "journalist"))
            self._focus(p, j % len(_TOPICS), p.kind, rng.uniform(0.5, 0.9))
            bridges.append(p)
        # The celebrity's audience tops everyone's; their own activity and appeal are nil, so
        # engagement only reaches them through the handful of interactions planted below.
        celebrity.kind = "celebrity"
        celebrity.followers = int(max(p.followers for p in self.persons) * rng.uniform(1.5, 2.5))
        celebrity.activity = celebrity.appeal = 0.0
        celebrity.attributes = None
        self._build_pools()

        for top_id, leader in leaders.items():
            t = self._topic_index(top_id)
            influential = sorted(
                (p for p in self.topic_members(t) if not p.planted),
                key=lambda p: (-p.appeal, p.index),
            )[:12]
            self.engage(leader, t, round(330 * self.scale), _LEADER_TYPES, self._warm, influential)
            self.post(leader, t, round(120 * self.scale), _LEADER_TYPES, self._warm)
        for top_id, group in ambassadors.items():
            t = self._topic_index(top_id)
            for p in group:
                self.engage(p, t, round(75 * self.scale), _AMBASSADOR_TYPES, self._positive)
                self.post(p, t, round(25 * self.scale), _AMBASSADOR_TYPES, self._positive)
        for top_id, p in detractors.items():
            t = self._topic_index(top_id)
            self.engage(p, t, round(150 * self.scale), _CRITIC_TYPES, self._hostile)
            self.post(p, t, round(45 * self.scale), _CRITIC_TYPES, self._negative)
        for p in bridges:
            t = p.interests[0]
            n = round(36 * self.scale)
            self.engage(p, t, n, _ORGANIC_TYPES, self._organic_sentiment, in_community=0.0)
            self.post(p, t, n, _ORGANIC_TYPES, self._organic_sentiment, in_community=0.0)
        self._celebrity_cameos(celebrity)

        return Planted(
            opinion_leaders={k: p.id for k, p in leaders.items()},
            celebrity=celebrity.id,
            ambassadors={k: [p.id for p in v] for k, v in ambassadors.items()},
            detractors={k: p.id for k, p in detractors.items()},
            bridges=[p.id for p in bridges],
            communities={p.id: p.community for p in self.persons},
            community_labels=[c.label for c in _COMMUNITIES],
        )

    def _celebrity_cameos(self, celebrity: _Person) -> None:
        rng = self.rng
        others = [p for p in self.persons if p is not celebrity]
        for _ in range(3):
            target = rng.choice(others)
            self.add(celebrity, target, rng.choice(("like", "share")), target.interests[0])
        for _ in range(4):
            actor = rng.choice(others)
            self.add(actor, celebrity, rng.choice(("like", "mention")), actor.interests[0])

    @staticmethod
    def _topic_index(top_id: str) -> int:
        return next(i for i, t in enumerate(_TOPICS) if t.id == top_id)

    def topic_members(self, topic: int) -> list[_Person]:
        return [p for p in self.persons if topic in p.interests]

    def _build_pools(self) -> None:
        for c in range(len(_COMMUNITIES)):
            members = [p for p in self.persons if p.community == c]
            self.community_pools.append(_Pool.of(members))
            for t in range(len(_TOPICS)):
                interested = [p for p in members if t in p.interests and p.appeal > 0]
                self.topic_pools[c, t] = _Pool.of(interested or members)

    # ---- interactions -----------------------------------------------------------------

    def _type(self, weights: dict[InteractionType, float]) -> InteractionType:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _topics(self, actor: _Person, topic: int) -> list[str]:
        rng = self.rng
        top = _TOPICS[topic]
        r = rng.random()
        if r < 0.12:
            first = top.id
        elif r < 0.6:
            first = actor.favourite[topic]
        else:
            first = rng.choice(top.subtopics)[0]
        topics = [first]
        r = rng.random()
        if r < 0.12:
            second = rng.choice(top.subtopics)[0]
            if second != first:
                topics.append(second)
        elif r < 0.15:
            other = rng.choice([t for t in _TOPICS if t is not top])
            topics.append(rng.choice(other.subtopics)[0])
        return topics

    def _organic_sentiment(self, actor: _Person, target: _Person, kind: str) -> float:
        mu = 0.7 * target.tone + 0.3 * actor.tone + (0.3 if kind == "like" else 0.0)
        return self.rng.gauss(mu, 0.35)

    def _warm(self, actor: _Person, target: _Person, kind: str) -> float:
        return self.rng.gauss(0.25, 0.35)

    def _positive(self, actor: _Person, target: _Person, kind: str) -> float:
        return _clip(self.rng.gauss(0.6, 0.2), 0.05)

    def _negative(self, actor: _Person, target: _Person, kind: str) -> float:
        return _clip(self.rng.gauss(-0.6, 0.2), high=-0.31)

    def _hostile(self, actor: _Person, target: _Person, kind: str) -> float:
        # Mostly hostile engagement, with a few supporters.
        if self.rng.random() < 0.15:
            return _clip(self.rng.gauss(0.35, 0.2), 0.0)
        return self._negative(actor, target, kind)

    def add(
        self,
        actor: _Person,
        target: _Person,
        kind: InteractionType,
        topic: int,
        sentiment: float | None = None,
    ) -> None:
        rng = self.rng
        if sentiment is None:
            sentiment = self._organic_sentiment(actor, target, kind)
        self.raw.append(
            _Raw(
                actor=actor,
                target=target,
                type=kind,
                topics=self._topics(actor, topic),
                at=_YEAR_START + timedelta(seconds=rng.randrange(_YEAR_SECONDS)),
                sentiment=None if rng.random() < 0.1 else round(_clip(sentiment), 3),
                platform=rng.choices(list(_PLATFORMS), weights=list(_PLATFORMS.values()))[0],
            )
        )

    def organic(self) -> None:
        """Everyday engagement: active people engage, mostly in their community, with people
        interested in the same topic, preferring those whose posts draw more engagement."""
        rng = self.rng
        actors = _Pool(list(self.persons), list(accumulate(p.activity for p in self.persons)))
        others = {
            c: [o for o in range(len(_COMMUNITIES)) if o != c] for c in range(len(_COMMUNITIES))
        }
        wanted = len(self.raw) + round(8.5 * self.n)
        while len(self.raw) < wanted:
            actor = actors.pick(rng)
            topic = rng.choices(actor.interests, weights=actor.interest_weights)[0]
            community = actor.community
            if rng.random() >= _IN_COMMUNITY:
                community = rng.choice(others[community])
            target = self.topic_pools[community, topic].pick(rng)
            if target is not actor:
                kind = self._type(_ORGANIC_TYPES)
                self.add(actor, target, kind, topic, self._organic_sentiment(actor, target, kind))

    def _sample(self, pool: list[_Person], k: int, exclude: set[int]) -> list[_Person]:
        candidates = [p for p in pool if p.index not in exclude and p.activity > 0]
        chosen = self.rng.sample(candidates, min(k, len(candidates)))
        exclude.update(p.index for p in chosen)
        return chosen

    def engage(
        self,
        target: _Person,
        topic: int,
        engagers: int,
        types: dict[InteractionType, float],
        sentiment: _SentimentFn,
        extra: Sequence[_Person] = (),
        in_community: float = 0.8,
    ) -> None:
        """`engagers` distinct people (plus `extra`) engage 1-3 times with `target` on `topic`."""
        rng = self.rng
        home = target.community
        exclude = {target.index} | {p.index for p in extra}
        inside = round(engagers * in_community)
        chosen = list(extra)
        local = self._sample(self.topic_pools[home, topic].members, inside, exclude)
        chosen += local
        if len(local) < inside:
            chosen += self._sample(self.community_pools[home].members, inside - len(local), exclude)
        outside = [
            p
            for c in range(len(_COMMUNITIES))
            if c != home
            for p in self.topic_pools[c, topic].members
        ]
        chosen += self._sample(outside, engagers - inside, exclude)
        for actor in chosen:
            repeats = 1 + (rng.random() < 0.35) + (rng.random() < 0.15)
            for _ in range(repeats):
                kind = self._type(types)
                self.add(actor, target, kind, topic, sentiment(actor, target, kind))

    def post(
        self,
        actor: _Person,
        topic: int,
        count: int,
        types: dict[InteractionType, float],
        sentiment: _SentimentFn,
        in_community: float = 0.85,
    ) -> None:
        """`actor` engages `count` times with others on `topic`."""
        rng = self.rng
        others = [c for c in range(len(_COMMUNITIES)) if c != actor.community]
        done = 0
        while done < count:
            community = actor.community if rng.random() < in_community else rng.choice(others)
            target = self.topic_pools[community, topic].pick(rng)
            if target is not actor:
                kind = self._type(types)
                self.add(actor, target, kind, topic, sentiment(actor, target, kind))
                done += 1

    # ---- follows ----------------------------------------------------------------------

    def follows(self) -> list[FollowRecord]:
        """Each person follows a few accounts, mostly in their community, preferring big ones."""
        rng = self.rng

        def audience_weight(p: _Person) -> float:
            return float((1 + p.followers) ** 0.55)

        everyone = _Pool(self.persons, list(accumulate(audience_weight(p) for p in self.persons)))
        by_community = [
            _Pool(pool.members, list(accumulate(audience_weight(p) for p in pool.members)))
            for pool in self.community_pools
        ]
        records: list[FollowRecord] = []
        end = _YEAR_START + timedelta(seconds=_YEAR_SECONDS - 1)
        for person in self.persons:
            want = min(self.n - 1, max(1, round(rng.lognormvariate(1.9, 0.8))))
            seen = {person.index}
            attempts = 0
            while len(seen) <= want and attempts < 10 * want:
                attempts += 1
                pool = by_community[person.community] if rng.random() < _IN_COMMUNITY else everyone
                followee = pool.pick(rng)
                if followee.index in seen:
                    continue
                seen.add(followee.index)
                start = max(person.created, followee.created)
                span = int((end - start).total_seconds())
                records.append(
                    FollowRecord(
                        follower=person.id,
                        followee=followee.id,
                        since=start + timedelta(seconds=rng.randrange(span + 1)),
                    )
                )
        return records

    # ---- records ----------------------------------------------------------------------

    def person_records(self) -> list[PersonRecord]:
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
            for p in self.persons
        ]

    def interaction_records(self) -> list[InteractionRecord]:
        rng = self.rng
        ordered = sorted(
            self.raw, key=lambda r: (r.at, r.actor.index, r.target.index, r.type, r.topics)
        )
        width = max(6, len(str(len(ordered))))
        records: list[InteractionRecord] = []
        for n, r in enumerate(ordered, start=1):
            author = r.actor if r.type == "mention" else r.target
            url = _POST_URLS[r.platform].format(
                handle=author.handle, post=rng.randrange(10**15, 10**16)
            )
            records.append(
                InteractionRecord(
                    id=f"demo-i{n:0{width}d}",
                    type=r.type,
                    actor=r.actor.id,
                    target=r.target.id,
                    topics=r.topics,
                    at=r.at,
                    sentiment=r.sentiment,
                    platform=r.platform,
                    url=url,
                )
            )
        return records


def _topic_records() -> list[TopicRecord]:
    records: list[TopicRecord] = []
    for top in _TOPICS:
        records.append(TopicRecord(id=top.id, name=top.name))
        records += [TopicRecord(id=i, name=name, parent=top.id) for i, name in top.subtopics]
    return records


def generate(seed: int = 7, people: int = 3000) -> DemoData:
    """The demo data set for `seed`, with `people` people (at least MIN_PEOPLE)."""
    if people < MIN_PEOPLE:
        raise ValueError(f"people must be at least {MIN_PEOPLE}, got {people}")
    builder = _Builder(seed, people)
    builder.make_people()
    planted = builder.plant()
    builder.organic()
    follows = builder.follows()
    return DemoData(
        seed=seed,
        topics=_topic_records(),
        persons=builder.person_records(),
        interactions=builder.interaction_records(),
        follows=follows,
        planted=planted,
    )


def planted_facts(data: DemoData) -> dict[str, object]:
    """What was planted, as JSON-ready data: the roles by id, the communities, and a short
    description of every planted person."""
    planted = data.planted
    persons = {p.id: p for p in data.persons}
    roles: dict[str, list[str]] = {}
    for topic, pid in planted.opinion_leaders.items():
        roles.setdefault(pid, []).append(f"opinion leader on {topic}")
    roles.setdefault(planted.celebrity, []).append("celebrity (largest audience, barely engaged)")
    for topic, ids in planted.ambassadors.items():
        for pid in ids:
            roles.setdefault(pid, []).append(f"ambassador on {topic}")
    for topic, pid in planted.detractors.items():
        roles.setdefault(pid, []).append(f"detractor on {topic}")
    for pid in planted.bridges:
        roles.setdefault(pid, []).append("bridge between communities")
    members: dict[int, list[str]] = {i: [] for i in range(len(planted.community_labels))}
    for pid, community in planted.communities.items():
        members[community].append(pid)
    return {
        "seed": data.seed,
        "counts": {
            "topics": len(data.topics),
            "persons": len(data.persons),
            "follows": len(data.follows),
            "interactions": len(data.interactions),
        },
        "opinion_leaders": planted.opinion_leaders,
        "celebrity": planted.celebrity,
        "ambassadors": planted.ambassadors,
        "detractors": planted.detractors,
        "bridges": planted.bridges,
        "people": {
            pid: {
                "name": persons[pid].name,
                "handle": persons[pid].handle,
                "personKind": persons[pid].person_kind,
                "followers": persons[pid].followers,
                "community": planted.communities[pid],
                "roles": r,
            }
            for pid, r in roles.items()
        },
        "communities": {
            str(i): {"label": planted.community_labels[i], "members": ids}
            for i, ids in members.items()
        },
    }


def planted_path(path: Path) -> Path:
    """The sidecar file holding the planted facts of the NDJSON file at `path`."""
    return path.with_name(path.name + ".planted.json")


def write_planted(data: DemoData, path: Path) -> Path:
    """Write the planted facts next to the NDJSON file at `path`; returns the sidecar's path."""
    sidecar = planted_path(path)
    text = json.dumps(planted_facts(data), ensure_ascii=False, indent=2)
    sidecar.write_text(text + "\n", encoding="utf-8")
    return sidecar


def write_ndjson(data: DemoData, path: Path) -> int:
    """Write every record as one JSON line (and the planted facts beside it); returns the
    number of lines written."""
    lines = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in data.records():
            obj = record.model_dump(mode="json", by_alias=True, exclude_none=True)
            out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            lines += 1
    write_planted(data, path)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the deterministic demo data as NDJSON.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", type=int, default=3000)
    args = parser.parse_args(argv)
    data = generate(args.seed, args.people)
    lines = write_ndjson(data, args.path)
    print(f"{lines} records -> {args.path} (planted facts: {planted_path(args.path)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
