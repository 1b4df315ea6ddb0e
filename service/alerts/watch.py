"""Crisis watch: per brand and topic, the weighted negative engagement aimed at the brand's
representatives, day by day; the detector's episodes become NEGATIVE_SURGE alerts, and the
detractor rule's emergences DETRACTOR_EMERGED alerts, with their drivers and responders
(docs/relationships-and-alerts.md). Both come from one read of the negative acts.

Detection is idempotent: an alert's id is its brand, topic, kind and first day (and, for a
detractor, the person), so a re-run updates the alerts it found before (their status kept)
and raises only new ones.
`detect` returns what changed, `AlertChanges(raised, resolved)`: the hook for anything that
must hear of it (webhooks).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from service.alerts.detector import Episode, Rules, episodes, surges
from service.alerts.detractors import DetractorRules, Emergence, emergences
from service.alerts.notify import publish_changes
from service.db import alerts as alerts_db
from service.db.database import Database
from service.settings import Settings, get_settings

log = logging.getLogger(__name__)
MAX_DRIVERS = 10
MAX_EVIDENCE = 5
MAX_RESPONDERS = 5
SURGE = "NEGATIVE_SURGE"
DETRACTOR = "DETRACTOR_EMERGED"


@dataclass(frozen=True)
class AlertChanges:
    """Alert ids raised (new) and resolved (by detection) by one run."""

    raised: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()

    def __add__(self, other: AlertChanges) -> AlertChanges:
        return AlertChanges(self.raised + other.raised, self.resolved + other.resolved)


def rules(settings: Settings) -> Rules:
    return Rules(
        baseline_days=settings.alert_baseline_days,
        min_history=settings.alert_min_history_days,
        z_threshold=settings.alert_z_threshold,
        min_volume=settings.alert_min_volume,
        quiet=settings.alert_quiet_days,
    )


def detractor_rules(settings: Settings) -> DetractorRules:
    return DetractorRules(
        window_days=settings.detractor_window_days,
        min_acts=settings.detractor_min_acts,
        min_days=settings.detractor_min_days,
        min_weight=settings.detractor_min_weight,
        baseline_days=settings.alert_baseline_days,
        min_history=settings.alert_min_history_days,
        quiet=settings.alert_quiet_days,
    )


def alert_id(brand: str, topic: str, kind: str, start: date, person: str | None = None) -> str:
    key = f"{brand}\x00{topic}\x00{kind}\x00{start}"
    if person is not None:  # a detractor: one alert per person
        key += f"\x00{person}"
    return f"alert-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


@dataclass
class _Topic:
    series: dict[date, float] = field(default_factory=lambda: defaultdict(float))
    acts: list[Mapping[str, Any]] = field(default_factory=list)


def drivers(acts: Sequence[Mapping[str, Any]], e: Episode) -> list[dict[str, Any]]:
    """The people behind the episode's surge days, by weighted volume: their community on
    the topic and their acts as evidence."""
    days = {s.day.isoformat() for s in e.surges}
    weight: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    community: dict[str, str | None] = {}
    for a in acts:
        if a["day"] in days:
            who = str(a["actor"])
            weight[who] += float(a["weight"])
            evidence[who].append(str(a["interaction"]))
            community[who] = a["community"]
    ranked = sorted(weight, key=lambda p: (-weight[p], p))[:MAX_DRIVERS]
    return [{"person": p, "weight": round(weight[p], 3), "community": community[p],
             "evidence": sorted(evidence[p])[:MAX_EVIDENCE]} for p in ranked]  # fmt: skip


def responders(candidates: Sequence[Mapping[str, Any]], found: Sequence[Mapping[str, Any]]
               ) -> list[dict[str, Any]]:  # fmt: skip
    """Representatives and advocates, those in the drivers' communities first (the more
    driver weight their community holds, the earlier), then by score on the topic."""
    pull: dict[str, float] = defaultdict(float)
    for d in found:
        if d["community"] is not None:
            pull[str(d["community"])] += float(d["weight"])

    def key(c: Mapping[str, Any]) -> tuple[float, float, str]:
        near = pull.get(str(c["community"]), 0.0) if c["community"] is not None else 0.0
        return (-near, -float(c["score"] or 0.0), str(c["person"]))

    best = sorted(candidates, key=key)[:MAX_RESPONDERS]
    return [{"person": c["person"], "role": c["role"], "community": c["community"],
             "sharesCommunity": str(c["community"]) in pull} for c in best]  # fmt: skip


async def detect(db: Database, brand: str, settings: Settings | None = None) -> AlertChanges:
    """Run the detector and the detractor rule over the brand's last ALERT_HORIZON_DAYS days
    of data (ending at the day of its latest engagement); write what they found; resolve
    alerts gone quiet."""
    s = settings or get_settings()
    r, dr = rules(s), detractor_rules(s)
    first, last = await alerts_db.span(db, brand, "0001-01-01T00:00:00Z")
    if first is None or last is None:
        return AlertChanges()
    end = date.fromisoformat(last)
    since = max(date.fromisoformat(first),
                end - timedelta(days=s.alert_horizon_days + r.baseline_days))  # fmt: skip
    # A detractor's baseline ends where their window starts: read a window (and a day) more.
    scan = max(date.fromisoformat(first), since - timedelta(days=dr.window_days + 1))
    acts = await alerts_db.negative_acts(
        db, brand, f"{scan.isoformat()}T00:00:00Z", s.alert_negative_sentiment
    )
    by_topic: dict[str, _Topic] = defaultdict(_Topic)
    for a in acts:
        t = by_topic[str(a["topic"])]
        t.series[date.fromisoformat(a["day"])] += float(a["weight"])
        t.acts.append(a)
    horizon = end - timedelta(days=s.alert_horizon_days)
    candidates = _Candidates(db, brand)
    rows = []
    for topic, t in sorted(by_topic.items()):
        found = [e for e in episodes(surges(t.series, since, end, r), r) if e.last > horizon]
        rows += [_row(brand, topic, e, t.acts, await candidates(topic)) for e in found]
    for em in emergences(acts, scan, end, dr):
        if em.start > horizon:
            rows.append(_detractor_row(brand, em, dr, await candidates(em.topic)))
    written = await alerts_db.merge(db, rows) if rows else []
    raised = tuple(str(w["id"]) for w in written if w["created"])
    quiet_since = end - timedelta(days=r.quiet)
    resolved = await alerts_db.resolve_quiet(
        db, brand, quiet_since.isoformat(), r.quiet, [SURGE, DETRACTOR]
    )
    return AlertChanges(raised, tuple(resolved))


class _Candidates:
    """The responder candidates of the brand on a topic, read once per topic and run."""

    def __init__(self, db: Database, brand: str) -> None:
        self.db, self.brand = db, brand
        self.known: dict[str, list[dict[str, Any]]] = {}

    async def __call__(self, topic: str) -> list[dict[str, Any]]:
        if topic not in self.known:
            self.known[topic] = await alerts_db.responders(self.db, self.brand, topic)
        return self.known[topic]


def _row(brand: str, topic: str, e: Episode, acts: Sequence[Mapping[str, Any]],
         candidates: Sequence[Mapping[str, Any]]) -> dict[str, Any]:  # fmt: skip
    found = drivers(acts, e)
    return {
        "id": alert_id(brand, topic, SURGE, e.start),
        "brand": brand,
        "topic": topic,
        "kind": SURGE,
        "startedAt": f"{e.start.isoformat()}T00:00:00Z",
        "lastSurgeDay": e.last.isoformat(),
        "severity": e.severity,
        "volume": round(sum(x.volume for x in e.surges), 3),
        "baseline": e.surges[0].baseline,
        "drivers": json.dumps(found),
        "responders": json.dumps(responders(candidates, found)),
    }


def _detractor_row(brand: str, em: Emergence, dr: DetractorRules,
                   candidates: Sequence[Mapping[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The person is the one driver; severity: the window's weight over the threshold."""
    found = [{"person": em.person, "weight": em.volume, "community": em.community,
              "evidence": list(em.evidence[:MAX_EVIDENCE])}]  # fmt: skip
    return {
        "id": alert_id(brand, em.topic, DETRACTOR, em.start, em.person),
        "brand": brand,
        "topic": em.topic,
        "kind": DETRACTOR,
        "startedAt": f"{em.start.isoformat()}T00:00:00Z",
        "lastSurgeDay": em.last.isoformat(),
        "severity": em.severity(dr),
        "volume": em.volume,
        "baseline": 0.0,  # no negative act toward the brand before the window, by the rule
        "drivers": json.dumps(found),
        "responders": json.dumps(responders(candidates, found)),
    }


async def detect_all(
    db: Database, brands: Sequence[str] | None = None, settings: Settings | None = None
) -> AlertChanges:
    """Detection for the given brands (every brand when None)."""
    changes = AlertChanges()
    for brand in brands if brands is not None else await alerts_db.brand_ids(db):
        changes += await detect(db, brand, settings)
    if changes.raised or changes.resolved:
        log.info("alerts raised %s, resolved %s", list(changes.raised), list(changes.resolved))
        await publish_changes(db, changes.raised, changes.resolved)
    return changes
