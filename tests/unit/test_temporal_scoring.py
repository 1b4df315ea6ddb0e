"""The temporal components and the blend as an input, without a database: momentum's formula
and bounds, the blend option's checks, the default blend, and that a weight of 0 leaves the
score as it was."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.analytics.options import AnalysisOptions
from service.analytics.scoring import (
    BLEND,
    MOMENTUM_SMOOTHING,
    NodeValues,
    momentum_of,
    score_people,
)
from service.db.signals import Signals, TemporalSignals
from service.settings import Settings


def test_momentum_is_bounded_and_zero_without_engagement() -> None:
    assert momentum_of(TemporalSignals(0.0, 0.0, 0.0, 0), 0.25) == 0.0
    # steady pace: 1 per quarter of the window in both parts
    assert momentum_of(TemporalSignals(0.0, 1.0, 3.0, 1), 0.25) == 0.0
    grows = momentum_of(TemporalSignals(0.0, 10.0, 3.0, 4), 0.25)  # R = 40, B = 4
    assert grows == pytest.approx((40 - 4) / (44 + MOMENTUM_SMOOTHING))
    stops = momentum_of(TemporalSignals(0.0, 0.0, 300.0, 40), 0.25)
    assert -1.0 < stops < -0.99
    surge = momentum_of(TemporalSignals(0.0, 1e9, 0.0, 1), 0.25)
    assert 0.99 < surge < 1.0


def _people() -> tuple[list[NodeValues], dict[str, Signals], dict[str, TemporalSignals]]:
    nodes = [
        NodeValues(f"p{i}", {"authority": 1.0 + i, "inDegree": 10.0 - i}, {"louvain": 0})
        for i in range(5)
    ]
    signals = {n.person: Signals(None, 10, 0, 5, 0, 0, None, 5, 5) for n in nodes}
    temporal = {
        f"p{i}": TemporalSignals(recency=float(i * i), recent=float(i), earlier=float(4 - i),
                                 engagers=i)
        for i in range(5)
    }  # fmt: skip
    return nodes, signals, temporal


def test_temporal_components_are_scored_with_percentiles() -> None:
    nodes, signals, temporal = _people()
    people = {p.person: p for p in score_people(nodes, signals, "t", "louvain", temporal)}
    assert people["p4"].components["recency"] == 16.0
    assert people["p4"].percentiles["recency"] == 100.0
    assert people["p0"].components["momentum"] < 0 < people["p4"].components["momentum"]
    assert people["p3"].components["engagers"] == 3.0
    stored = people["p3"].properties()
    assert {"recency", "recencyPct", "momentum", "momentumPct", "engagers", "engagersPct"} <= set(
        stored
    )


def test_a_weight_of_zero_leaves_the_score_unchanged() -> None:
    nodes, signals, temporal = _people()
    untimed = {k: v for k, v in BLEND.items() if k not in ("recency", "momentum", "engagers")}
    with_temporal = score_people(nodes, signals, "t", "louvain", temporal, untimed)
    without = score_people(nodes, signals, "t", "louvain", None, untimed)
    assert [(p.person, p.score) for p in with_temporal] == [(p.person, p.score) for p in without]


def test_the_default_blend_is_the_documented_back_tested_one() -> None:
    # schema/scoring.md and docs/analytics.md ("The default blend") restate these weights
    assert BLEND == {"authority": 0.15, "resonance": 0.45, "relevance": 0.10,
                     "betweenness": 0.0, "reach": 0.05, "recency": 0.25, "momentum": 0.0,
                     "engagers": 0.0}  # fmt: skip
    assert sum(BLEND.values()) == pytest.approx(1.0)
    nodes, signals, temporal = _people()
    # recency now counts by default: the same people without temporal signals score otherwise
    default = score_people(nodes, signals, "t", "louvain", temporal)
    without = score_people(nodes, signals, "t", "louvain", None)
    assert [p.score for p in default] != [p.score for p in without]


def test_a_given_blend_is_used_and_scaled_to_100() -> None:
    nodes, signals, temporal = _people()
    only_recency = score_people(nodes, signals, "t", "louvain", temporal, {"recency": 2.0})
    assert [p.person for p in only_recency] == ["p4", "p3", "p2", "p1", "p0"]
    assert only_recency[0].score == 100.0
    assert only_recency[1].score == pytest.approx(100 * 9 / 16)
    # momentum counts in a blend only when positive: the faders score 0, not below
    by_momentum = score_people(nodes, signals, "t", "louvain", temporal, {"momentum": 1.0})
    assert min(p.score for p in by_momentum) == 0.0


def test_the_blend_option_refuses_unknown_components_and_all_zero() -> None:
    with pytest.raises(ValidationError, match=r"unknown component.*popularity"):
        AnalysisOptions(blend={"authority": 1.0, "popularity": 2.0})
    with pytest.raises(ValidationError, match="at least one weight"):
        AnalysisOptions(blend={"authority": 0.0})
    with pytest.raises(ValidationError):
        AnalysisOptions(blend={"authority": -1.0})


def test_resolved_options_record_the_blend_and_temporal_settings() -> None:
    settings = Settings(analysis_recency_half_life_days=3.0, analysis_momentum_recent_share=0.5)
    resolved = AnalysisOptions().resolved(settings)
    assert resolved.blend == BLEND
    assert (resolved.recency_half_life_days, resolved.momentum_recent_share) == (3.0, 0.5)
    given = AnalysisOptions(blend={"resonance": 1.0}, recency_half_life_days=14).resolved(settings)
    assert given.blend == {"resonance": 1.0}
    assert given.recency_half_life_days == 14
