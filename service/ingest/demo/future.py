"""A small demo with a planted future, for back-tests: who will be engaged with after a known
split date is decided by the generator, so a test knows the answer.

`generate_future(seed)` builds one topic (`future`) and FUTURE_PEOPLE people over DAYS days
from START; the split is SPLIT_DAY days in. Besides a steady background of engagement
(targets drawn by a heavy-tailed appeal, actors at random, times uniform over all DAYS):
- risers (RISERS people): modest engagement for most of the window before the split, then
  growing over its last quarter (RISER_LATE of their RISER_BEFORE interactions), mostly from
  the most appealing people (the influential ones); after the split they receive
  RISER_AFTER interactions each, more than anyone else;
- faders (FADERS people): the biggest counts before the split (FADER_BEFORE each), all in
  its first two thirds, then nothing.
Before the split a plain count of engagement ranks every fader above every riser; the
engagement after it ranks every riser above every fader. `FutureDemo` names them all.
Only `random.Random(seed)` is used: one seed, one data set.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from service.ingest.records import InteractionRecord, InteractionType, PersonRecord, TopicRecord

TOPIC = "future"
START = datetime(2026, 1, 5, tzinfo=UTC)
DAYS = 90
SPLIT_DAY = 60
FUTURE_PEOPLE = 300
RISERS = 8
FADERS = 8
BACKGROUND = 2_400  # background interactions over all DAYS
RISER_BEFORE, RISER_LATE, RISER_AFTER = 24, 20, 90
FADER_BEFORE = 120
INFLUENTIAL = 20  # the most appealing people, who engage the risers
_TYPES: tuple[InteractionType, ...] = ("share", "reply", "like")

Record = TopicRecord | PersonRecord | InteractionRecord


@dataclass(frozen=True)
class FutureDemo:
    seed: int
    topic: str
    start: datetime  # the first possible interaction
    split: datetime  # analyse before it, measure from it
    end: datetime  # the last possible interaction is before it
    risers: tuple[str, ...]  # person ids
    faders: tuple[str, ...]
    persons: list[PersonRecord]
    interactions: list[InteractionRecord]

    def records(self) -> Iterator[Record]:
        yield TopicRecord(id=self.topic, name="Planted future")
        yield from self.persons
        yield from self.interactions


def generate_future(seed: int = 5) -> FutureDemo:
    rng = random.Random(seed)
    ids = [f"future-{i:03d}" for i in range(FUTURE_PEOPLE)]
    chosen = rng.sample(ids, RISERS + FADERS)
    risers, faders = tuple(sorted(chosen[:RISERS])), tuple(sorted(chosen[RISERS:]))
    ordinary = [p for p in ids if p not in set(chosen)]
    appeal = {p: rng.paretovariate(2.0) for p in ordinary}
    influential = sorted(ordinary, key=lambda p: -appeal[p])[:INFLUENTIAL]
    made: list[tuple[str, str, float]] = []  # actor, target, day
    for _ in range(BACKGROUND):
        target = rng.choices(ordinary, weights=[appeal[p] for p in ordinary])[0]
        made.append((_other(rng, ids, target), target, rng.uniform(0, DAYS)))
    late = SPLIT_DAY * 0.75
    for person in risers:
        for n in range(RISER_BEFORE):
            early = n >= RISER_LATE
            day = rng.uniform(0, late) if early else rng.uniform(late, SPLIT_DAY)
            made.append((_engager(rng, ids, influential, person), person, day))
        for _ in range(RISER_AFTER):
            made.append(
                (_engager(rng, ids, influential, person), person, rng.uniform(SPLIT_DAY, DAYS))
            )
    for person in faders:
        for _ in range(FADER_BEFORE):
            made.append((_other(rng, ids, person), person, rng.uniform(0, SPLIT_DAY * 2 / 3)))
    made.sort(key=lambda m: m[2])
    interactions = [
        InteractionRecord(
            id=f"future-i{n:05d}",
            type=rng.choice(_TYPES),
            actor=actor,
            target=target,
            topics=[TOPIC],
            at=START + timedelta(days=day),
            platform="demo",
        )
        for n, (actor, target, day) in enumerate(made)
    ]
    persons = [PersonRecord(id=p, name=f"Person {p[-3:]}") for p in ids]
    return FutureDemo(
        seed, TOPIC, START, START + timedelta(days=SPLIT_DAY), START + timedelta(days=DAYS),
        risers, faders, persons, interactions,
    )  # fmt: skip


def _other(rng: random.Random, ids: list[str], not_this: str) -> str:
    while True:
        pick = rng.choice(ids)
        if pick != not_this:
            return pick


def _engager(rng: random.Random, ids: list[str], influential: list[str], target: str) -> str:
    """Mostly one of the influential people, sometimes anyone."""
    return rng.choice(influential) if rng.random() < 0.7 else _other(rng, ids, target)
