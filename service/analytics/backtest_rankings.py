"""The rankings a back-test measures, as arrays over one universe of people: every component
the scoring computed, the further algorithm outputs, the blended score, and the plain
baselines a spreadsheet could give (followers, engagement received, distinct engagers); and
the targets they are measured against. Pure computation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from service.analytics.scoring import BLENDABLE, BLENDABLE_CENTRALITIES, Scored
from service.db.evaluations import Received

# Algorithm outputs stored beside the components, under the names a back-test reports.
SIGNAL_RANKINGS = {
    "articleRank": "articleRank",
    "eigenvector": "eigenvector",
    "hitsAuthority": "authScore",
    "hitsHub": "hubScore",
}
BASELINES = ("followers", "engagementCount", "distinctEngagers")


@dataclass(frozen=True)
class Ranking:
    name: str
    kind: str  # component, signal, score, calibrated, baseline
    values: np.ndarray  # over the universe; NaN for people the ranking does not cover


def universe(people: Iterable[Scored], *received: Mapping[str, Received]) -> list[str]:
    """Everyone scored before the split or engaged with in a window, by id."""
    ids = {p.person for p in people}
    for window in received:
        ids.update(window)
    return sorted(ids)


def _array(ids: Sequence[str], values: Mapping[str, float]) -> np.ndarray:
    return np.array([values.get(i, np.nan) for i in ids], dtype=float)


def components(people: Sequence[Scored], ids: Sequence[str]) -> dict[str, np.ndarray]:
    """Each component of the scoring (raw values), over the universe."""
    names = sorted({name for p in people for name in p.components})
    return {name: _array(ids, {p.person: p.components[name] for p in people}) for name in names}


def blendable(people: Sequence[Scored], ids: Sequence[str]) -> dict[str, np.ndarray]:
    """What a blend may weigh (scoring.BLENDABLE), raw, over the universe."""
    out = {n: v for n, v in components(people, ids).items() if n in BLENDABLE}
    for name in BLENDABLE_CENTRALITIES:
        out[name] = _array(ids, {p.person: p.signals.get(name) or 0.0 for p in people})
    return out


def rankings(
    people: Sequence[Scored], before: Mapping[str, Received], ids: Sequence[str]
) -> list[Ranking]:
    """Components, signals, the score, then the baselines (in that order)."""
    out = [Ranking(name, "component", values) for name, values in components(people, ids).items()]
    for name, signal in SIGNAL_RANKINGS.items():
        found: dict[str, float] = {}
        for p in people:
            value = p.signals.get(signal)
            if value is not None:
                found[p.person] = value
        if found:
            out.append(Ranking(name, "signal", _array(ids, found)))
    out.append(Ranking("score", "score", _array(ids, {p.person: p.score for p in people})))
    audience = {p.person: p.signals.get("audience") or 0.0 for p in people}
    covered = {p.person for p in people}
    received = {i: r for i, r in before.items() if i in covered}
    out += [
        Ranking("followers", "baseline", _array(ids, audience)),
        Ranking(
            "engagementCount",
            "baseline",
            _covered(ids, covered, {i: r.interactions for i, r in received.items()}),
        ),
        Ranking(
            "distinctEngagers",
            "baseline",
            _covered(ids, covered, {i: r.engagers for i, r in received.items()}),
        ),
    ]
    return out


def _covered(ids: Sequence[str], covered: set[str], values: Mapping[str, float]) -> np.ndarray:
    """Values of the people scored before the split (0 when they received nothing)."""
    return np.array(
        [float(values.get(i, 0.0)) if i in covered else np.nan for i in ids], dtype=float
    )


def target(after: Mapping[str, Received], ids: Sequence[str], name: str) -> np.ndarray:
    """What each person received in the horizon: weighted engagement, or shares."""
    if name == "shares":
        return np.array([float(after[i].shares) if i in after else 0.0 for i in ids])
    return np.array([after[i].weighted if i in after else 0.0 for i in ids])
