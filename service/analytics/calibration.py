"""Choosing a topic's blend weights from its own past: a coordinate search maximising NDCG@k of
the blended score against the engagement of a validation horizon. Pure computation.

The search starts from the best of the weights in use and each component alone, then, for up
to ROUNDS rounds, tries every value of GRID for each component in turn (the others held),
keeping a change only when it raises NDCG@k by MIN_GAIN or more (a start other than the
weights in use must beat them by as much); it stops early when a round changes nothing. The
weights found are normalised to sum to 1 (a blend's order does not depend on its scale).
Which window it is fed is the caller's business: service/analytics/backtest.py feeds it the
last part of the training window only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from service.analytics.metrics import figures

GRID = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
ROUNDS = 3
# A change is kept only when it raises NDCG@k by at least this much: smaller gains on the
# validation horizon are noise more often than signal, and chasing them overfits.
MIN_GAIN = 0.005


@dataclass(frozen=True)
class Choice:
    weights: dict[str, float]
    value: float  # NDCG@k of the blend with these weights on the validation horizon
    start_value: float  # the same for the weights the search started from


def shares_of_max(components: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each component as a share of its highest value, negative values counting 0 (as the
    score blends them); a component whose highest value is not positive contributes nothing.
    NaN (not covered) stays NaN."""
    out: dict[str, np.ndarray] = {}
    for name, values in components.items():
        finite = values[np.isfinite(values)]
        top = float(finite.max()) if len(finite) else 0.0
        clipped = np.where(np.isfinite(values), np.maximum(values, 0.0), np.nan)
        out[name] = clipped / top if top > 0 else clipped * 0.0
    return out


def blend(shares: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """The score's formula (schema/scoring.md): 100 x the weighted sum of the shares over the
    sum of the weights."""
    first = next(iter(shares.values()))
    total = np.zeros_like(first)
    weight_sum = sum(w for n, w in weights.items() if n in shares)
    for name, weight in weights.items():
        if name in shares and weight:
            total = total + weight * shares[name]
    scale = 100.0 / weight_sum if weight_sum > 0 else 0.0
    return scale * total + np.where(np.isfinite(first), 0.0, np.nan)


def _ndcg(shares: Mapping[str, np.ndarray], weights: Mapping[str, float],
          actual: np.ndarray, k: int) -> float:  # fmt: skip
    if not any(weights.values()):
        return 0.0
    value = figures(blend(shares, weights), actual, k).ndcg
    return value if value is not None else 0.0


def _search(
    shares: Mapping[str, np.ndarray], actual: np.ndarray, k: int, start: dict[str, float]
) -> tuple[dict[str, float], float]:
    current = dict(start)
    best = _ndcg(shares, current, actual, k)
    for _ in range(ROUNDS):
        changed = False
        for name in current:
            for value in GRID:
                if value == current[name]:
                    continue
                trial = current | {name: value}
                score = _ndcg(shares, trial, actual, k)
                if score >= best + MIN_GAIN:
                    best, current, changed = score, trial, True
        if not changed:
            break
    return current, best


def choose_weights(
    shares: Mapping[str, np.ndarray],
    actual: np.ndarray,
    k: int,
    start: Mapping[str, float],
) -> Choice:
    """The weights over the components of `start` that maximise NDCG@k (see the module)."""
    current = {name: float(w) for name, w in start.items() if name in shares}
    start_value = _ndcg(shares, current, actual, k)
    # Where to start: the weights in use, unless one component alone does better by MIN_GAIN.
    first, first_value = current, start_value
    for name in current:
        alone = {n: 1.0 if n == name else 0.0 for n in current}
        value = _ndcg(shares, alone, actual, k)
        if value >= first_value + MIN_GAIN:
            first, first_value = alone, value
    weights, best = _search(shares, actual, k, first)
    total = sum(weights.values())
    normalised = {n: round(w / total, 6) for n, w in weights.items()} if total > 0 else weights
    return Choice(normalised, best, start_value)
