"""Scoring rules without a database: percentiles, the blend, roles, community numbering."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest

from service.analytics.options import AnalysisOptions
from service.analytics.scoring import (
    LEADERS_KEPT,
    RANKED_COMPONENTS,
    NodeValues,
    community_rows,
    percentiles,
    score_people,
)
from service.db.influence import ORDER_KEYS
from service.db.signals import Signals
from service.settings import Settings


def test_percentiles_count_ties_half_and_span_0_to_100() -> None:
    assert list(percentiles([1.0, 2.0, 3.0])) == [0.0, 50.0, 100.0]
    assert list(percentiles([5.0, 5.0, 1.0])) == [75.0, 75.0, 0.0]
    assert list(percentiles([7.0])) == [100.0]
    assert list(percentiles([])) == []


def test_values_equal_but_for_the_last_bits_are_ties() -> None:
    """Parallel sums in GDS differ in the last bits from run to run: such values tie, while
    any difference a ranking should see still orders them."""
    a = 0.1 + 0.2  # 0.30000000000000004
    b = 0.3
    assert a != b
    assert list(percentiles([a, b, 1.0])) == list(percentiles([b, a, 1.0])) == [25.0, 25.0, 100.0]
    assert list(percentiles([0.3, 0.3 + 1e-9, 1.0])) == [0.0, 50.0, 100.0]


def _signals(**overrides: Any) -> Signals:
    base = Signals(
        kind="regular", followers=100, followed_by=0, received=10, with_sentiment=10,
        negative=0, sentiment=0.1, on_topic=10, all_activity=10,
    )  # fmt: skip
    return replace(base, **overrides)


def _crowd(n: int) -> tuple[list[NodeValues], dict[str, Signals]]:
    """n ordinary people with rising authority and resonance, in two communities."""
    nodes = [
        NodeValues(
            f"p{i:03d}",
            {"authority": 1.0 + i / 100, "inDegree": 1.0 + i / 50, "betweenness": 0.0},
            {"louvain": i % 2},
        )
        for i in range(n)
    ]
    return nodes, {n.person: _signals() for n in nodes}


def test_score_is_led_by_authority_and_resonance_not_reach() -> None:
    nodes, signals = _crowd(100)
    nodes.append(NodeValues("leader", {"authority": 9.0, "inDegree": 30.0}, {"louvain": 0}))
    signals["leader"] = _signals(followers=500, sentiment=0.2)
    nodes.append(NodeValues("star", {"authority": 1.0, "inDegree": 0.5}, {"louvain": 1}))
    signals["star"] = _signals(followers=50_000_000, on_topic=1, all_activity=5)
    people = {p.person: p for p in score_people(nodes, signals, "t", "louvain")}
    assert people["leader"].rank == 1
    assert people["star"].rank > 50
    assert people["star"].percentiles["reach"] == 100.0
    assert people["star"].role == "macro"
    assert people["leader"].role == "opinion_leader"
    assert people["leader"].community == "t/louvain/0"


def test_detractor_ambassador_and_ranks() -> None:
    nodes, signals = _crowd(100)
    nodes.append(NodeValues("critic", {"authority": 2.0, "inDegree": 5.0}, {"louvain": 0}))
    signals["critic"] = _signals(with_sentiment=40, negative=30, sentiment=-0.5)
    nodes.append(NodeValues("fan", {"authority": 2.0, "inDegree": 4.0}, {"louvain": 1}))
    signals["fan"] = _signals(kind="employee", followers=10, sentiment=0.6)
    people = score_people(nodes, signals, "t", "louvain")
    by_id = {p.person: p for p in people}
    assert by_id["critic"].role == "detractor"
    assert by_id["fan"].role == "ambassador"
    assert [p.rank for p in people] == list(range(1, len(people) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(people))


def test_equal_scores_rank_by_person_id() -> None:
    nodes = [NodeValues(pid, {"authority": 1.0, "inDegree": 1.0}, {}) for pid in ("b", "a", "c")]
    people = score_people(nodes, {n.person: _signals() for n in nodes}, "t", "louvain")
    assert [p.person for p in people] == ["a", "b", "c"]


def test_every_component_rank_is_a_plain_sort_highest_first_ties_by_id() -> None:
    nodes, signals = _crowd(60)
    nodes += [NodeValues(pid, {"authority": 1.0, "inDegree": 1.0}, {}) for pid in ("zz", "aa")]
    signals |= {"zz": _signals(), "aa": _signals()}
    people = score_people(nodes, signals, "t", "louvain")
    assert set(RANKED_COMPONENTS) == set(ORDER_KEYS) - {"score"}
    for name in RANKED_COMPONENTS:
        expected = sorted(people, key=lambda p: (-p.components[name], p.person))
        assert [p.component_ranks[name] for p in expected] == list(range(1, len(people) + 1))
        assert all(p.properties()[f"{name}Rank"] == p.component_ranks[name] for p in people)
    tied = sorted(("zz", "aa"), key=lambda pid: next(
        p.component_ranks["authority"] for p in people if p.person == pid))  # fmt: skip
    assert tied == ["aa", "zz"]


def test_communities_are_numbered_by_size() -> None:
    nodes = [NodeValues(f"p{i}", {}, {"louvain": 7 if i < 3 else 2}) for i in range(5)]
    rows = community_rows(nodes, "t", ["louvain"])
    assert [(r["id"], r["size"]) for r in rows] == [("t/louvain/0", 3), ("t/louvain/1", 2)]


def test_communities_keep_their_best_ranked_members_as_leaders() -> None:
    nodes = [NodeValues(f"p{i:02d}", {}, {"louvain": 1 if i % 2 else 2}) for i in range(50)]
    ranks = {f"p{i:02d}": 50 - i for i in range(50) if i != 49}  # p49 has no score
    rows = {r["id"]: r for r in community_rows(nodes, "t", ["louvain"], ranks)}
    odd = rows["t/louvain/0"]  # 25 members each; ties on size number by community number
    even = rows["t/louvain/1"]
    assert odd["leaders"] == [f"p{i:02d}" for i in range(47, 7, -2)]  # best rank first, no p49
    assert even["leaders"] == [f"p{i:02d}" for i in range(48, 8, -2)]
    assert len(odd["leaders"]) == LEADERS_KEPT
    assert community_rows(nodes, "t", ["louvain"])[0]["leaders"] == []


def test_options_take_defaults_from_settings_and_always_run_what_the_score_needs() -> None:
    options = AnalysisOptions(centrality=["hits"], weights={"like": 0.0})
    resolved = options.resolved(Settings(weight_share=2.0))
    assert resolved.centrality == ["hits", "pagerank", "degree"]
    assert resolved.weights is not None
    assert resolved.weights["share"] == 2.0
    assert resolved.weights["like"] == 0.0
    assert resolved.projection == "cypher"
    with pytest.raises(ValueError, match="since must be before until"):
        AnalysisOptions(since="2026-02-01T00:00:00Z", until="2026-01-01T00:00:00Z")
