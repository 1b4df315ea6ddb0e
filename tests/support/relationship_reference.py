"""Relationship stages recomputed in plain Python over the loaded records, the rules of
docs/relationships-and-alerts.md written out again, independently of service/relationships:
what the stored stages must equal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from service.ingest.records import InteractionRecord, RepresentsRecord

PROMPT = timedelta(hours=48)
WINDOW = timedelta(days=30)
MIN_DAYS = 3
MIN_SENTIMENT = 0.3


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC)


def _is_positive(i: InteractionRecord) -> bool:
    if i.sentiment is None:
        return i.type in ("share", "quote", "like")
    return i.sentiment >= MIN_SENTIMENT


def reference(
    interactions: Iterable[InteractionRecord],
    represents: Iterable[RepresentsRecord],
    brand: str,
    joined: dict[str, list[datetime]],
) -> dict[str, dict[str, Any]]:
    """person -> {stage, noticed, engaged, collaborating, advocate, lastContact, owner} (times
    as UTC datetimes or None). `joined`: person -> times of enlistment or of campaign posts."""
    reps = {r.person for r in represents if r.brand == brand}
    toward: dict[str, list[InteractionRecord]] = {}
    back: dict[str, list[InteractionRecord]] = {}
    for i in interactions:
        if i.actor in reps and i.target not in reps:
            toward.setdefault(i.target, []).append(i)
        elif i.target in reps and i.actor not in reps:
            back.setdefault(i.actor, []).append(i)
    people = (set(toward) | set(back) | set(joined)) - reps
    return {p: _one(toward.get(p, []), back.get(p, []), joined.get(p, [])) for p in people}


def _advocate(toward: list[InteractionRecord], back: list[InteractionRecord]) -> datetime | None:
    brand_times = [_utc(i.at) for i in toward]
    unprompted = []
    for i in back:
        t = _utc(i.at)
        if _is_positive(i) and not [b for b in brand_times if t - PROMPT <= b <= t]:
            unprompted.append(t)
    unprompted.sort()
    for t in unprompted:
        days = {u.date() for u in unprompted if t - WINDOW < u <= t}
        if len(days) >= MIN_DAYS:
            return t
    return None


def _owner(toward: list[InteractionRecord], back: list[InteractionRecord]) -> str | None:
    sent: dict[str, int] = {}
    got: dict[str, int] = {}
    for i in toward:
        sent[i.actor] = sent.get(i.actor, 0) + i.count
    for i in back:
        got[i.target] = got.get(i.target, 0) + i.count
    both = sorted(set(sent) & set(got))
    if not both:
        return None
    return sorted(both, key=lambda r: (-min(sent[r], got[r]), -(sent[r] + got[r]), r))[0]


def _one(
    toward: list[InteractionRecord], back: list[InteractionRecord], joined: list[datetime]
) -> dict[str, Any]:
    first_toward = min((_utc(i.at) for i in toward), default=None)
    first_back = min((_utc(i.at) for i in back), default=None)
    out: dict[str, Any] = {
        "noticed": first_toward,
        "engaged": max(first_toward, first_back) if first_toward and first_back else None,
        "collaborating": min((_utc(t) for t in joined), default=None),
        "advocate": _advocate(toward, back),
    }
    order = ["noticed", "engaged", "collaborating", "advocate"]
    reached = [s for s in order if out[s] is not None]
    out["stage"] = reached[-1] if reached else "unaware"
    out["lastContact"] = max((_utc(i.at) for i in toward + back), default=None)
    out["owner"] = _owner(toward, back)
    return out


def stored_as_reference(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the service's relationship page, in the reference's shape."""

    def at(value: Any) -> datetime | None:
        return None if value is None else _utc(datetime.fromisoformat(str(value)))

    return {
        "stage": row["stage"],
        "noticed": at(row["noticedAt"]),
        "engaged": at(row["engagedAt"]),
        "collaborating": at(row["collaboratingAt"]),
        "advocate": at(row["advocateAt"]),
        "lastContact": at(row["lastContactAt"]),
        "owner": row["owner"],
    }
