"""The negative-surge detector over one daily series (docs/relationships-and-alerts.md).

A day d is a surge when its volume x is at least the minimum volume and its robust z-score
against the trailing baseline (the `baseline_days` days before d, days without any negative
act counting as 0) is at least the threshold:

    z = (x - median) / max(1.4826 x MAD, 1)

MAD is the median absolute deviation of the baseline; the floor of 1 keeps a silent baseline
(MAD 0) from turning a single act into an infinite score. A day is judged only when the brand
has had engagement for `min_history` days before it. Surge days at most `quiet` days apart
make one episode (one alert).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

MAD_SCALE = 1.4826
MIN_SCALE = 1.0


@dataclass(frozen=True)
class Rules:
    baseline_days: int = 28
    min_history: int = 7
    z_threshold: float = 3.5
    min_volume: float = 5.0
    quiet: int = 2


@dataclass(frozen=True)
class Surge:
    day: date
    volume: float
    baseline: float  # the baseline's median
    z: float


@dataclass(frozen=True)
class Episode:
    surges: tuple[Surge, ...]

    @property
    def start(self) -> date:
        return self.surges[0].day

    @property
    def last(self) -> date:
        return self.surges[-1].day

    @property
    def severity(self) -> float:
        return max(s.z for s in self.surges)


def robust_z(x: float, baseline: list[float]) -> tuple[float, float]:
    """(z, median) of x against the baseline."""
    mid = median(baseline)
    mad = median(abs(v - mid) for v in baseline)
    return (x - mid) / max(MAD_SCALE * mad, MIN_SCALE), mid


def surges(series: dict[date, float], first: date, last: date, rules: Rules) -> list[Surge]:
    """The surge days of [first + min_history, last]; `series` holds the days with volume."""
    out: list[Surge] = []
    day = first + timedelta(days=rules.min_history)
    while day <= last:
        x = series.get(day, 0.0)
        if x >= rules.min_volume and x > 0:
            start = max(first, day - timedelta(days=rules.baseline_days))
            n = (day - start).days
            window = [series.get(start + timedelta(days=k), 0.0) for k in range(n)]
            z, mid = robust_z(x, window)
            if z >= rules.z_threshold:
                out.append(Surge(day, x, mid, round(z, 2)))
        day += timedelta(days=1)
    return out


def episodes(found: list[Surge], rules: Rules) -> list[Episode]:
    groups: list[list[Surge]] = []
    for s in found:
        if groups and (s.day - groups[-1][-1].day).days <= rules.quiet:
            groups[-1].append(s)
        else:
            groups.append([s])
    return [Episode(tuple(g)) for g in groups]
