"""CELF's lazy search picks what the plain greedy search picks, and reports its progress
through the first pass (every candidate's gain) as well as after each pick, so a job's
progress moves and a cancellation raised from a report stops the search there."""

from __future__ import annotations

import numpy as np
import pytest

from service.campaigns.celf import FIRST_PASS_SHARE, PROGRESS_STEPS, celf
from service.campaigns.spread import Cascade, topic_graph
from service.db.shortlist import EdgeLists


def _cascade(people: int = 300, edges: int = 2_000, seed: int = 3) -> Cascade:
    rng = np.random.default_rng(seed)
    sources = (rng.pareto(1.2, edges) * 20).astype(int) % people  # a few big influencers
    targets = rng.integers(0, people, edges)
    graph = topic_graph(
        EdgeLists(
            [f"p{s}" for s in sources.tolist()],
            [f"p{t}" for t in targets.tolist()],
            rng.uniform(0.5, 2.0, edges).tolist(),
        )
    )
    return Cascade(graph, samples=40, seed=seed)


def _plain_greedy(cascade: Cascade, nodes: list[int], k: int) -> list[int]:
    cascade.reset()
    picked: list[int] = []
    for _ in range(k):
        gains = [(cascade.gain(v), -i) for i, v in enumerate(nodes) if v not in picked]
        best = nodes[-max(gains)[1]]
        cascade.gain(best, keep=True)
        picked.append(best)
    cascade.reset()
    return picked


def test_the_lazy_search_picks_what_the_plain_greedy_search_picks() -> None:
    cascade = _cascade()
    nodes = list(range(cascade.n))
    picks = celf(cascade, nodes, [0.0] * len(nodes), k=12)
    assert [p.node for p in picks] == _plain_greedy(cascade, nodes, 12)
    gains = [p.gain for p in picks]
    assert gains == sorted(gains, reverse=True)
    assert gains[-1] > 0


def test_progress_moves_through_the_first_pass_and_ends_at_one() -> None:
    cascade = _cascade()
    nodes = list(range(cascade.n))
    shares: list[float] = []
    picks = celf(cascade, nodes, [0.0] * len(nodes), k=10, progress=shares.append)
    assert shares[0] == 0.0
    assert shares[-1] == 1.0
    assert shares == sorted(shares)
    during_first_pass = [s for s in shares if s < FIRST_PASS_SHARE]
    assert len(during_first_pass) >= PROGRESS_STEPS
    assert len([s for s in shares if s > FIRST_PASS_SHARE]) == len(picks) == 10
    # The same picks with and without someone listening.
    assert celf(cascade, nodes, [0.0] * len(nodes), k=10) == picks


def test_a_report_that_raises_stops_the_first_pass() -> None:
    cascade = _cascade()
    nodes = list(range(cascade.n))
    evaluated: list[int] = []
    measure = cascade.gain

    def counted(node: int, keep: bool = False) -> float:
        evaluated.append(node)
        return measure(node, keep)

    cascade.gain = counted  # type: ignore[method-assign]

    def stop_midway(share: float) -> None:
        if share > FIRST_PASS_SHARE / 4:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        celf(cascade, nodes, [0.0] * len(nodes), k=10, progress=stop_midway)
    assert 0 < len(evaluated) < len(nodes) / 2
