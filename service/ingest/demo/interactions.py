"""The interactions of the demo: everyday engagement, the engagement that planted people
draw and give, each on topics near the actor's interests with a sentiment and a platform;
then their records, in time order, with a post URL each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from itertools import accumulate

from service.ingest.demo.catalogue import (
    COMMUNITIES,
    IN_COMMUNITY,
    TOPICS,
    YEAR_SECONDS,
    YEAR_START,
)
from service.ingest.demo.world import Person, Pool, RawInteraction, World, clip
from service.ingest.records import InteractionRecord, InteractionType

ORGANIC_TYPES: dict[InteractionType, float] = {
    "like": 0.30,
    "share": 0.20,
    "reply": 0.17,
    "comment": 0.12,
    "mention": 0.12,
    "quote": 0.09,
}
LEADER_TYPES: dict[InteractionType, float] = {
    "share": 0.35,
    "quote": 0.2,
    "reply": 0.2,
    "comment": 0.1,
    "mention": 0.1,
    "like": 0.05,
}
AMBASSADOR_TYPES: dict[InteractionType, float] = {
    "share": 0.4,
    "reply": 0.25,
    "quote": 0.15,
    "comment": 0.1,
    "mention": 0.1,
}
CRITIC_TYPES: dict[InteractionType, float] = {
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

# The sentiment of one interaction of a kind, from an actor to a target.
Sentiment = Callable[[World, Person, Person, str], float]


def organic_sentiment(world: World, actor: Person, target: Person, kind: str) -> float:
    mu = 0.7 * target.tone + 0.3 * actor.tone + (0.3 if kind == "like" else 0.0)
    return world.rng.gauss(mu, 0.35)


def warm(world: World, actor: Person, target: Person, kind: str) -> float:
    return world.rng.gauss(0.25, 0.35)


def positive(world: World, actor: Person, target: Person, kind: str) -> float:
    return clip(world.rng.gauss(0.6, 0.2), 0.05)


def negative(world: World, actor: Person, target: Person, kind: str) -> float:
    return clip(world.rng.gauss(-0.6, 0.2), high=-0.31)


def hostile(world: World, actor: Person, target: Person, kind: str) -> float:
    # Mostly hostile engagement, with a few supporters.
    if world.rng.random() < 0.15:
        return clip(world.rng.gauss(0.35, 0.2), 0.0)
    return negative(world, actor, target, kind)


def _type(world: World, weights: dict[InteractionType, float]) -> InteractionType:
    return world.rng.choices(list(weights), weights=list(weights.values()))[0]


def _topics(world: World, actor: Person, topic: int) -> list[str]:
    """The topics of one interaction: mostly one subtopic of `topic` (often the actor's
    favourite), sometimes the top topic itself, sometimes a second subtopic."""
    rng = world.rng
    top = TOPICS[topic]
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
        other = rng.choice([t for t in TOPICS if t is not top])
        topics.append(rng.choice(other.subtopics)[0])
    return topics


def add(
    world: World,
    actor: Person,
    target: Person,
    kind: InteractionType,
    topic: int,
    sentiment: float | None = None,
) -> None:
    rng = world.rng
    if sentiment is None:
        sentiment = organic_sentiment(world, actor, target, kind)
    world.raw.append(
        RawInteraction(
            actor=actor,
            target=target,
            type=kind,
            topics=_topics(world, actor, topic),
            at=YEAR_START + timedelta(seconds=rng.randrange(YEAR_SECONDS)),
            sentiment=None if rng.random() < 0.1 else round(clip(sentiment), 3),
            platform=rng.choices(list(_PLATFORMS), weights=list(_PLATFORMS.values()))[0],
        )
    )


def organic(world: World) -> None:
    """Everyday engagement: active people engage, mostly in their community, with people
    interested in the same topic, preferring those whose posts draw more engagement."""
    rng = world.rng
    actors = Pool(list(world.persons), list(accumulate(p.activity for p in world.persons)))
    others = {c: [o for o in range(len(COMMUNITIES)) if o != c] for c in range(len(COMMUNITIES))}
    wanted = len(world.raw) + round(8.5 * world.n)
    while len(world.raw) < wanted:
        actor = actors.pick(rng)
        topic = rng.choices(actor.interests, weights=actor.interest_weights)[0]
        community = actor.community
        if rng.random() >= IN_COMMUNITY:
            community = rng.choice(others[community])
        target = world.topic_pools[community, topic].pick(rng)
        if target is not actor:
            kind = _type(world, ORGANIC_TYPES)
            add(world, actor, target, kind, topic, organic_sentiment(world, actor, target, kind))


def _sample(world: World, pool: list[Person], k: int, exclude: set[int]) -> list[Person]:
    candidates = [p for p in pool if p.index not in exclude and p.activity > 0]
    chosen = world.rng.sample(candidates, min(k, len(candidates)))
    exclude.update(p.index for p in chosen)
    return chosen


def _engagers(
    world: World, target: Person, topic: int, engagers: int, extra: Sequence[Person], inside: int
) -> list[Person]:
    """`extra`, then distinct people interested in `topic`: `inside` of them from the
    target's community (topping up with any member), the rest from the other communities."""
    home = target.community
    exclude = {target.index} | {p.index for p in extra}
    chosen = list(extra)
    local = _sample(world, world.topic_pools[home, topic].members, inside, exclude)
    chosen += local
    if len(local) < inside:
        chosen += _sample(world, world.community_pools[home].members, inside - len(local), exclude)
    outside = [
        p for c in range(len(COMMUNITIES)) if c != home for p in world.topic_pools[c, topic].members
    ]
    chosen += _sample(world, outside, engagers - inside, exclude)
    return chosen


def engage(
    world: World,
    target: Person,
    topic: int,
    engagers: int,
    types: dict[InteractionType, float],
    sentiment: Sentiment,
    extra: Sequence[Person] = (),
    in_community: float = 0.8,
) -> None:
    """`engagers` distinct people (plus `extra`) engage 1-3 times with `target` on `topic`."""
    rng = world.rng
    inside = round(engagers * in_community)
    for actor in _engagers(world, target, topic, engagers, extra, inside):
        repeats = 1 + (rng.random() < 0.35) + (rng.random() < 0.15)
        for _ in range(repeats):
            kind = _type(world, types)
            add(world, actor, target, kind, topic, sentiment(world, actor, target, kind))


def post(
    world: World,
    actor: Person,
    topic: int,
    count: int,
    types: dict[InteractionType, float],
    sentiment: Sentiment,
    in_community: float = 0.85,
) -> None:
    """`actor` engages `count` times with others on `topic`."""
    rng = world.rng
    others = [c for c in range(len(COMMUNITIES)) if c != actor.community]
    done = 0
    while done < count:
        community = actor.community if rng.random() < in_community else rng.choice(others)
        target = world.topic_pools[community, topic].pick(rng)
        if target is not actor:
            kind = _type(world, types)
            add(world, actor, target, kind, topic, sentiment(world, actor, target, kind))
            done += 1


def interaction_records(world: World) -> list[InteractionRecord]:
    """The interactions in time order, numbered in that order, each with its post's URL
    (the author is the target, or the actor of a mention)."""
    rng = world.rng
    ordered = sorted(
        world.raw, key=lambda r: (r.at, r.actor.index, r.target.index, r.type, r.topics)
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
