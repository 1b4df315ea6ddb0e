"""The back-test metrics on cases small enough to check by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from service.analytics.metrics import average_ranks, figures, measure, ndcg, spearman, top_k

NAN = float("nan")


def test_top_k_takes_the_highest_finite_values_ties_by_position() -> None:
    values = np.array([1.0, 5.0, NAN, 5.0, 3.0, 0.0])
    assert top_k(values, 3).tolist() == [1, 3, 4]
    assert top_k(values, 1).tolist() == [1]
    # Fewer covered people than k: only those.
    assert top_k(np.array([NAN, 2.0, NAN]), 5).tolist() == [1]


def test_average_ranks_share_ties() -> None:
    assert average_ranks(np.array([10.0, 20.0, 10.0, 30.0])).tolist() == [1.5, 3.0, 1.5, 4.0]


def test_figures_of_a_four_person_case_worked_by_hand() -> None:
    # People A, B, C, D. The ranking says A > B > C > D; the horizon says B 5, C 4, D 3, A 0.
    predicted = np.array([3.0, 2.0, 1.0, 0.0])
    actual = np.array([0.0, 5.0, 4.0, 3.0])
    f = figures(predicted, actual, 2)
    # Top 2 predicted {A, B}, actual {B, C}: one in common.
    assert (f.overlap, f.relevant, f.precision) == (1, 2, 0.5)
    # DCG = 0/log2(2) + 5/log2(3); ideal = 5/log2(2) + 4/log2(3).
    assert f.ndcg == pytest.approx((5 / math.log2(3)) / (5 + 4 / math.log2(3)))
    # Union {A, B, C}: predicted ranks 3, 2, 1 against actual ranks 1, 3, 2 -> rho = -0.5.
    assert f.spearman == pytest.approx(-0.5)


def test_a_perfect_ranking_scores_one_and_a_reversed_one_minus_one() -> None:
    actual = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    best = figures(actual.copy(), actual, 5)
    assert (best.overlap, best.precision, best.ndcg, best.spearman) == (5, 1.0, 1.0, 1.0)
    worst = figures(-actual, actual, 5)
    assert worst.spearman == pytest.approx(-1.0)
    assert worst.ndcg is not None
    assert worst.ndcg < 1.0


def test_people_the_ranking_does_not_cover_are_never_picked_and_rank_last() -> None:
    predicted = np.array([NAN, 1.0, NAN])
    actual = np.array([9.0, 1.0, 0.0])
    f = figures(predicted, actual, 2)
    # Only B is predicted; the actual top 2 are A and B.
    assert (f.overlap, f.relevant, f.precision) == (1, 2, 0.5)
    # Union {A, B}: A uncovered ranks below B while A received more: rho = -1.
    assert f.spearman == pytest.approx(-1.0)


def test_nothing_received_in_the_horizon_gives_no_ndcg() -> None:
    f = figures(np.array([1.0, 2.0]), np.array([0.0, 0.0]), 1)
    assert (f.overlap, f.relevant, f.ndcg) == (0, 0, None)


def test_ndcg_and_spearman_edge_cases() -> None:
    assert ndcg(np.array([0]), np.array([0.0]), 1) is None
    assert spearman(np.array([1.0]), np.array([2.0])) is None
    assert spearman(np.array([1.0, 1.0]), np.array([1.0, 2.0])) is None


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError, match="k must be at least 1"):
        figures(np.array([1.0]), np.array([1.0]), 0)


def test_bootstrap_intervals_are_seeded_and_bracket_the_figure() -> None:
    rng = np.random.default_rng(1)
    actual = rng.poisson(3.0, 400).astype(float)
    rankings = {"good": actual + rng.normal(0, 1, 400), "noise": rng.normal(0, 1, 400)}
    first = measure(rankings, actual, 20, samples=50, seed=7)
    again = measure(rankings, actual, 20, samples=50, seed=7)
    assert first == again
    good = first["good"]
    assert good.precision is not None
    assert good.ndcg is not None
    assert good.ndcg.low <= good.ndcg.high
    # The informed ranking beats noise, and its interval says so.
    noise = first["noise"]
    assert noise.ndcg is not None
    assert noise.ndcg.high < good.ndcg.low
    assert measure(rankings, actual, 20, samples=0)["good"].precision is None
