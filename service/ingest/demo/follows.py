"""Who follows whom in the demo: a few accounts each, mostly in the follower's community,
bigger accounts preferred, each follow starting after both accounts exist."""

from __future__ import annotations

from datetime import timedelta
from itertools import accumulate

from service.ingest.demo.catalogue import IN_COMMUNITY, YEAR_SECONDS, YEAR_START
from service.ingest.demo.world import Person, Pool, World
from service.ingest.records import FollowRecord


def _audience_weight(p: Person) -> float:
    return float((1 + p.followers) ** 0.55)


def follows(world: World) -> list[FollowRecord]:
    """Each person follows a few accounts, mostly in their community, preferring big ones."""
    rng = world.rng
    everyone = Pool(world.persons, list(accumulate(_audience_weight(p) for p in world.persons)))
    by_community = [
        Pool(pool.members, list(accumulate(_audience_weight(p) for p in pool.members)))
        for pool in world.community_pools
    ]
    records: list[FollowRecord] = []
    end = YEAR_START + timedelta(seconds=YEAR_SECONDS - 1)
    for person in world.persons:
        want = min(world.n - 1, max(1, round(rng.lognormvariate(1.9, 0.8))))
        seen = {person.index}
        attempts = 0
        while len(seen) <= want and attempts < 10 * want:
            attempts += 1
            pool = by_community[person.community] if rng.random() < IN_COMMUNITY else everyone
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
