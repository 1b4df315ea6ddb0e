"""Relationship stages of one person with one brand, from the events between them.

Stages, in order: unaware (no contact), noticed, engaged, collaborating, advocate. Each stage
is reached by its own rule (docs/relationships-and-alerts.md) at the time of the event that
satisfies it; the history keeps every stage reached with that time, and the current stage is
the highest one reached. Stages do not decay.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

STAGES = ("unaware", "noticed", "engaged", "collaborating", "advocate")
ENDORSEMENTS = frozenset({"share", "quote", "like"})


@dataclass(frozen=True)
class Thresholds:
    prompt: timedelta = timedelta(hours=48)
    advocate_window: timedelta = timedelta(days=30)
    advocate_min_days: int = 3
    advocate_min_sentiment: float = 0.3


@dataclass(frozen=True)
class Event:
    """`out`: a representative (`rep`) acted toward the person; `in`: the person acted
    toward a representative; `enlisted`: enlisted in a campaign of the brand; `campaign`:
    the person performed an interaction of one of the brand's campaigns."""

    kind: str
    at: datetime
    rep: str | None = None
    type: str | None = None
    sentiment: float | None = None
    count: int = 1


@dataclass(frozen=True)
class Relationship:
    person: str
    reached: dict[str, datetime] = field(default_factory=dict)
    last_contact: datetime | None = None
    owner: str | None = None
    owner_strength: int = 0

    @property
    def stage(self) -> str:
        return max(self.reached, key=STAGES.index, default="unaware")

    def history(self) -> list[tuple[str, datetime]]:
        return sorted(self.reached.items(), key=lambda kv: (kv[1], STAGES.index(kv[0])))


def _positive(e: Event, t: Thresholds) -> bool:
    if e.sentiment is not None:
        return e.sentiment >= t.advocate_min_sentiment
    return e.type in ENDORSEMENTS


def _advocate_at(events: Sequence[Event], t: Thresholds) -> datetime | None:
    """The first unprompted positive act at which such acts fall on advocate_min_days
    distinct UTC days within the trailing window (at - advocate_window, at]."""
    outs = sorted(e.at for e in events if e.kind == "out")

    def prompted(at: datetime) -> bool:
        n = bisect_right(outs, at)
        return n > 0 and outs[n - 1] >= at - t.prompt

    acts = sorted(e.at for e in events if e.kind == "in" and _positive(e, t) and not prompted(e.at))
    start = 0
    for n, at in enumerate(acts):
        while acts[start] <= at - t.advocate_window:
            start += 1
        if len({a.date() for a in acts[start : n + 1]}) >= t.advocate_min_days:
            return at
    return None


def _owner(events: Sequence[Event]) -> tuple[str | None, int]:
    """The representative with the strongest two-way tie: the most acts in the weaker
    direction (more acts in all, then the smaller id, break ties); None without any."""
    out: dict[str, int] = defaultdict(int)
    back: dict[str, int] = defaultdict(int)
    for e in events:
        if e.rep is not None and e.kind in ("out", "in"):
            (out if e.kind == "out" else back)[e.rep] += e.count
    tied = [(min(out[r], back[r]), out[r] + back[r], r) for r in out if back.get(r)]
    if not tied:
        return None, 0
    best = min(tied, key=lambda x: (-x[0], -x[1], x[2]))
    return best[2], best[0]


def relationship(person: str, events: Iterable[Event], t: Thresholds) -> Relationship:
    evs = sorted(events, key=lambda e: e.at)
    reached: dict[str, datetime] = {}
    outs = [e.at for e in evs if e.kind == "out"]
    ins = [e.at for e in evs if e.kind == "in"]
    if outs:
        reached["noticed"] = outs[0]
        if ins:
            reached["engaged"] = max(outs[0], ins[0])
    joined = [e.at for e in evs if e.kind in ("enlisted", "campaign")]
    if joined:
        reached["collaborating"] = joined[0]
    advocate = _advocate_at(evs, t)
    if advocate is not None:
        reached["advocate"] = advocate
    contacts = outs + ins
    owner, strength = _owner(evs)
    return Relationship(person, reached, max(contacts, default=None), owner, strength)
