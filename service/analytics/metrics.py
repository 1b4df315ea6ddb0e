"""Back-test metrics: how well a ranking made before a split foretold who was engaged with most
after it. Pure computation on arrays (no I/O), unit-tested with hand-checked cases.

Every function works on one *universe* of people, in a fixed order (by person id): `predicted`
holds each person's value in the ranking (NaN for someone the ranking does not cover),
`actual` what each received in the horizon (0 for nobody). Ties are broken by position, so by
person id, and every figure is deterministic.

- top k: the k highest values (of the people the ranking covers; of the people with a positive
  actual value for the truth);
- overlap@k: how many of the predicted top k are in the actual top k; precision@k = overlap / k;
- NDCG@k: the gains (actual values) of the predicted top k, discounted by log2(position + 1),
  over the same sum for the ideal order (linear gains: engagement counts, not grades);
- Spearman over the union of both top-k sets: the correlation of the average ranks of the
  predicted and the actual values of those people (someone the ranking does not cover ranks
  below everyone it does);
- a bootstrap interval: the universe resampled with replacement (seeded), every figure
  recomputed per resample, the 2.5 and 97.5 percentiles kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOOTSTRAP_SAMPLES = 200
INTERVAL = (2.5, 97.5)


@dataclass(frozen=True)
class Figures:
    """How one ranking fared against one target."""

    k: int
    overlap: int  # of the predicted top k, how many are in the actual top k
    relevant: int  # people in the actual top k (fewer than k when fewer had any engagement)
    precision: float  # overlap / k
    ndcg: float | None  # None when nobody received anything in the horizon
    spearman: float | None  # None when either side is constant over the union


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Measured:
    figures: Figures
    precision: Interval | None
    ndcg: Interval | None
    spearman: Interval | None


def top_k(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest finite values, highest first, ties by position (O(n))."""
    finite = np.flatnonzero(np.isfinite(values))
    if len(finite) > k:
        v = values[finite]
        kth = np.partition(v, len(v) - k)[len(v) - k]
        above = finite[v > kth]
        tied = finite[v == kth][: k - len(above)]
        finite = np.concatenate([above, tied])
    return finite[np.argsort(-values[finite], kind="stable")]


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ascending, ties sharing the average of their ranks."""
    n = len(values)
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(ordered) != 0) + 1])
    ends = np.concatenate([starts[1:], [n]])
    averages = (starts + ends - 1) / 2.0 + 1.0
    ranks = np.empty(n, dtype=float)
    ranks[order] = np.repeat(averages, ends - starts)
    return ranks


def ndcg(predicted_top: np.ndarray, actual: np.ndarray, k: int) -> float | None:
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.sort(actual)[::-1][:k]
    best = float(np.dot(ideal, discounts[: len(ideal)]))
    if best <= 0:
        return None
    gains = actual[predicted_top]
    return float(np.dot(gains, discounts[: len(gains)])) / best


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rho of two equally long arrays (NaN in x ranks below everything)."""
    if len(x) < 2:
        return None
    x = np.where(np.isfinite(x), x, -np.inf)
    rx, ry = average_ranks(x), average_ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denominator = float(np.sqrt(np.dot(dx, dx) * np.dot(dy, dy)))
    if denominator == 0:
        return None
    return float(np.dot(dx, dy)) / denominator


def figures(predicted: np.ndarray, actual: np.ndarray, k: int) -> Figures:
    """The figures of one ranking (`predicted`) against one target (`actual`), at k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    return _figures(predicted, actual, _truth(actual, k), k)


def _truth(actual: np.ndarray, k: int) -> np.ndarray:
    return top_k(np.where(actual > 0, actual, np.nan), k)


def _figures(predicted: np.ndarray, actual: np.ndarray, truth: np.ndarray, k: int) -> Figures:
    chosen = top_k(predicted, k)
    overlap = len(np.intersect1d(chosen, truth))
    union = np.union1d(chosen, truth)
    return Figures(
        k=k,
        overlap=overlap,
        relevant=len(truth),
        precision=overlap / k,
        ndcg=ndcg(chosen, actual, k),
        spearman=spearman(predicted[union], actual[union]),
    )


def measure(
    rankings: dict[str, np.ndarray],
    actual: np.ndarray,
    k: int,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 42,
) -> dict[str, Measured]:
    """The figures of each ranking and their bootstrap intervals (none when `samples` is 0).
    Every ranking is measured on the same resamples, so their intervals compare fairly."""
    points = {name: figures(values, actual, k) for name, values in rankings.items()}
    n = len(actual)
    if samples <= 0 or n == 0:
        return {name: Measured(point, None, None, None) for name, point in points.items()}
    rng = np.random.default_rng(seed)
    drawn: dict[str, tuple[list[float], list[float], list[float]]] = {
        name: ([], [], []) for name in rankings
    }
    for _ in range(samples):
        pick = rng.integers(0, n, n)
        sample = actual[pick]
        truth = _truth(sample, k)
        for name, values in rankings.items():
            f = _figures(values[pick], sample, truth, k)
            precision, gains, rho = drawn[name]
            precision.append(f.precision)
            if f.ndcg is not None:
                gains.append(f.ndcg)
            if f.spearman is not None:
                rho.append(f.spearman)
    return {
        name: Measured(points[name], *(_interval(values) for values in drawn[name]))
        for name in rankings
    }


def _interval(values: list[float]) -> Interval | None:
    if not values:
        return None
    low, high = np.percentile(np.asarray(values), INTERVAL)
    return Interval(float(low), float(high))
