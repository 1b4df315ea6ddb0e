"""Checks shared by the shortlist tests: SPREAD against SCORE by the independent simulation,
and the overlap matrix against a direct set computation."""

from __future__ import annotations

import math
from statistics import fmean, stdev
from typing import Any

from tests.support import cascade

RUNS = 400
SEED = 4242


def check_spread_beats_score(
    edges: list[tuple[str, str, float]], spread: dict[str, Any], score: dict[str, Any]
) -> tuple[float, float]:
    """SPREAD's set reaches at least as many people as SCORE's (same k), on paired runs of the
    test's own simulation: the mean paired difference is not below zero by more than three
    standard errors (noise), and the service's estimate agrees with the simulation."""
    sets = [[p["personId"] for p in answer["picks"]] for answer in (spread, score)]
    assert len(sets[0]) == len(sets[1])
    p = cascade.probabilities(edges)
    reached = cascade.paired_spreads(p, sets, RUNS, SEED)
    differences = [a - b for a, b in zip(reached[0], reached[1], strict=True)]
    mean_spread, mean_score = fmean(reached[0]), fmean(reached[1])
    error = stdev(differences) / math.sqrt(RUNS) if any(differences) else 0.0
    assert fmean(differences) >= -3 * error, (mean_spread, mean_score, error)
    for answer, mean in ((spread, mean_spread), (score, mean_score)):
        assert math.isclose(answer["expectedSpread"], mean, rel_tol=0.1, abs_tol=1.0), (
            answer["expectedSpread"],
            mean,
        )
    assert math.isclose(spread["scoreExpectedSpread"], score["expectedSpread"], rel_tol=1e-9)
    return mean_spread, mean_score


def check_overlap(edges: list[tuple[str, str, float]], answer: dict[str, Any]) -> None:
    reached = cascade.engagers(edges)
    ids = [p["personId"] for p in answer["picks"]]
    expected = [[len(reached.get(a, set()) & reached.get(b, set())) for b in ids] for a in ids]
    assert answer["overlap"] == expected
    assert [p["engagers"] for p in answer["picks"]] == [row[i] for i, row in enumerate(expected)]
