"""The calibration search and its blend, without a database."""

from __future__ import annotations

import numpy as np
import pytest

from service.analytics.calibration import blend, choose_weights, shares_of_max
from service.analytics.scoring import BLEND, NodeValues, score_people
from service.db.signals import Signals

NAN = float("nan")


def test_shares_of_max_keep_uncovered_people_and_drop_negatives() -> None:
    shares = shares_of_max({"a": np.array([2.0, 4.0, NAN, -1.0]), "z": np.zeros(4)})
    assert shares["a"][[0, 1, 3]].tolist() == [0.5, 1.0, 0.0]
    assert np.isnan(shares["a"][2])
    assert shares["z"].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_blend_is_the_score_of_the_scoring() -> None:
    rng = np.random.default_rng(3)
    nodes = [
        NodeValues(f"p{i}", {"authority": float(rng.random()), "inDegree": float(rng.random() * 9),
                             "betweenness": float(rng.random())}, {"louvain": i % 3})
        for i in range(30)
    ]  # fmt: skip
    signals = {
        n.person: Signals(None, int(rng.integers(0, 500)), 0, 3, 0, 0, None,
                          int(rng.integers(1, 5)), 6)
        for n in nodes
    }  # fmt: skip
    people = score_people(nodes, signals, "t", "louvain")
    components = {
        name: np.array([p.components[name] for p in people]) for name in BLEND
        if name in people[0].components
    }  # fmt: skip
    ours = blend(shares_of_max(components), BLEND)
    assert ours.tolist() == pytest.approx([p.score for p in people], abs=1e-5)


def test_the_search_moves_weight_to_what_foretells_the_horizon() -> None:
    # Component b orders people exactly as the horizon does; a orders them backwards.
    b = np.arange(1.0, 21.0)
    shares = shares_of_max({"a": b[::-1].copy(), "b": b})
    choice = choose_weights(shares, b * 10, 5, {"a": 0.8, "b": 0.2})
    assert choice.start_value < 1.0
    assert choice.value == pytest.approx(1.0)
    assert choice.weights["b"] > choice.weights["a"]
    assert sum(choice.weights.values()) == pytest.approx(1.0)
    # Deterministic: the same input gives the same weights.
    assert choose_weights(shares, b * 10, 5, {"a": 0.8, "b": 0.2}) == choice
