"""Who emerges as a detractor, recomputed in plain Python over the loaded records: the rule
of docs/relationships-and-alerts.md written out again by brute force, independently of
service/alerts (no score: every act weighs its count, as before any analysis)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, timedelta

from service.ingest.records import InteractionRecord, RepresentsRecord
from service.settings import Settings


def detractors(
    interactions: Iterable[InteractionRecord],
    represents: Iterable[RepresentsRecord],
    brand: str,
    s: Settings,
) -> set[tuple[str, str, date]]:
    """(topic, person, emergence day) of every emergence in the horizon of a detection run."""
    reps = {r.person for r in represents if r.brand == brand}
    toward = [i for i in interactions if i.target in reps]
    if not toward:
        return set()
    days = [i.at.astimezone(UTC).date() for i in toward]
    first, end = min(days), max(days)
    # (topic, person, day, interaction id, weight) of each negative act of a non-representative
    acts = [(t, i.actor, i.at.astimezone(UTC).date(), i.id, float(i.count)) for i in toward
            if i.actor not in reps and i.sentiment is not None
            and i.sentiment <= s.alert_negative_sentiment for t in i.topics]  # fmt: skip
    w, b = s.detractor_window_days, s.alert_baseline_days

    def holds(topic: str, person: str, day: date) -> bool:
        start = day - timedelta(days=w - 1)
        if (start - first).days < s.alert_min_history_days:
            return False
        mine = {(d, n, x) for t, p, d, n, x in acts if t == topic and p == person
                and start <= d <= day}  # fmt: skip
        enough = (len(mine) >= s.detractor_min_acts
                  and len({d for d, _, _ in mine}) >= s.detractor_min_days
                  and sum(x for _, _, x in mine) >= s.detractor_min_weight)  # fmt: skip
        earlier = any(p == person and start - timedelta(days=b) <= d < start
                      for _, p, d, _, _ in acts)  # fmt: skip
        return enough and not earlier

    found = set()
    for topic, person in {(t, p) for t, p, _, _, _ in acts}:
        for k in range(s.alert_horizon_days):
            day = end - timedelta(days=k)
            if holds(topic, person, day) and not holds(topic, person, day - timedelta(days=1)):
                found.add((topic, person, day))
    return found
