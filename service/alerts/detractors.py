"""The detractor rule: when one person emerges as a detractor of a brand on a topic
(docs/relationships-and-alerts.md), pure Python over the negative-act rows of crisis watch.

A person emerges on day d when, over the window of the `window_days` days ending at d,
their negative acts about the topic aimed at the brand's representatives are at least
`min_acts` interactions on at least `min_days` distinct days with a weighted volume of at
least `min_weight`, and in the `baseline_days` days before that window they made no negative
act toward the brand at all (any topic): a newcomer, or someone neutral or positive until
then. Days before `first` are unknown: the baseline is clipped there, and a day is judged
only once its baseline holds `min_history` days.

Qualifying days come in runs (a day's window only loses acts into its baseline, after which
no day qualifies until the person has been quiet for a whole baseline again); the first day
of a run is the emergence, one alert. Its episode is the window's acts plus the person's
later acts on the topic, each at most `quiet` days after the one before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class DetractorRules:
    window_days: int = 7
    min_acts: int = 5
    min_days: int = 1
    min_weight: float = 7.5
    baseline_days: int = 28
    min_history: int = 7
    quiet: int = 2


@dataclass(frozen=True)
class Emergence:
    topic: str
    person: str
    start: date  # the day the rule first held
    last: date  # the episode's last day with an act
    window_acts: int
    window_weight: float
    volume: float  # weighted volume of the episode's acts
    community: str | None
    evidence: tuple[str, ...]  # the episode's interaction ids, sorted

    def severity(self, rules: DetractorRules) -> float:
        """How many times the weight threshold the emergence window held."""
        return round(self.window_weight / max(rules.min_weight, 1.0), 2)


@dataclass
class _Acts:
    """One person's acts on one topic: per day, the interactions and their weight."""

    ids: dict[date, set[str]] = field(default_factory=lambda: defaultdict(set))
    weight: dict[date, float] = field(default_factory=lambda: defaultdict(float))
    community: str | None = None


def emergences(
    rows: Iterable[Mapping[str, Any]], first: date, end: date, rules: DetractorRules
) -> list[Emergence]:
    """Every emergence in [first, end] over rows of `alerts/negative_acts` (topic, day,
    actor, interaction, weight, community), by topic, start day and person."""
    negative_days: dict[str, set[date]] = defaultdict(set)  # any topic
    acts: dict[tuple[str, str], _Acts] = defaultdict(_Acts)
    for r in rows:
        day = date.fromisoformat(str(r["day"]))
        negative_days[str(r["actor"])].add(day)
        a = acts[(str(r["topic"]), str(r["actor"]))]
        if str(r["interaction"]) not in a.ids[day]:
            a.ids[day].add(str(r["interaction"]))
            a.weight[day] += float(r["weight"])
        a.community = r["community"] if r["community"] is not None else a.community
    found: list[Emergence] = []
    for (topic, person), a in acts.items():
        if sum(len(v) for v in a.ids.values()) < rules.min_acts:
            continue
        prior = sorted(negative_days[person])
        found += _runs(topic, person, a, prior, first, end, rules)
    return sorted(found, key=lambda e: (e.topic, e.start, e.person))


def _qualifies(a: _Acts, act_days: list[date], prior: list[date], day: date, first: date,
               rules: DetractorRules) -> bool:  # fmt: skip
    """Whether the rule holds on `day` (`act_days`: the days of `a`, `prior`: the person's
    negative days on any topic; both sorted)."""
    since = day - timedelta(days=rules.window_days - 1)  # the window's first day
    if (since - first).days < rules.min_history:
        return False
    days = act_days[bisect_left(act_days, since) : bisect_right(act_days, day)]
    if len(days) < rules.min_days:
        return False
    if sum(len(a.ids[d]) for d in days) < rules.min_acts:
        return False
    if sum(a.weight[d] for d in days) < rules.min_weight:
        return False
    before = since - timedelta(days=rules.baseline_days)
    return bisect_left(prior, since) == bisect_left(prior, before)  # none in [before, since)


def _runs(topic: str, person: str, a: _Acts, prior: list[date], first: date, end: date,
          rules: DetractorRules) -> list[Emergence]:  # fmt: skip
    """The first day of each run of qualifying days (only days whose window holds an act
    can qualify, so those are the days looked at)."""
    span = timedelta(days=rules.window_days - 1)
    act_days = sorted(a.ids)
    candidates = sorted({d + timedelta(days=k) for d in act_days
                         for k in range(rules.window_days)})  # fmt: skip
    out: list[Emergence] = []
    previous: date | None = None
    held = False
    for day in candidates:
        if day < first or day > end:
            continue
        now = _qualifies(a, act_days, prior, day, first, rules)
        if now and not (held and previous == day - timedelta(days=1)):
            out.append(_episode(topic, person, a, day, day - span, rules))
        previous, held = day, now
    return out


def _episode(topic: str, person: str, a: _Acts, day: date, since: date,
             rules: DetractorRules) -> Emergence:  # fmt: skip
    act_days = sorted(a.ids)
    window = act_days[bisect_left(act_days, since) : bisect_right(act_days, day)]
    last = window[-1]
    for d in act_days[bisect_right(act_days, day) :]:
        if (d - last).days > rules.quiet:
            break
        last = d
    episode = act_days[bisect_left(act_days, since) : bisect_right(act_days, last)]
    return Emergence(
        topic=topic, person=person, start=day, last=last,
        window_acts=sum(len(a.ids[d]) for d in window),
        window_weight=round(sum(a.weight[d] for d in window), 3),
        volume=round(sum(a.weight[d] for d in episode), 3), community=a.community,
        evidence=tuple(sorted(i for d in episode for i in a.ids[d])),
    )  # fmt: skip
