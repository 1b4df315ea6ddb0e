"""CELF: lazy greedy selection of a set maximising a submodular objective.

The objective of a pick is `spread_weight * marginal spread / best single spread +
score_weight * score / best score`: spread_weight 1, score_weight 0 is SPREAD, 0.5 and 0.5 is
BALANCED. The score part is modular and the spread part submodular (independent cascade), so
the blend is submodular and a gain computed in an earlier round bounds the gain now: a
candidate is re-evaluated only when it reaches the top of the queue with a stale gain.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.campaigns.spread import Cascade


@dataclass(frozen=True)
class Pick:
    node: int
    gain: float  # marginal expected spread when picked
    objective: float  # the blended objective it was picked by


def celf(
    cascade: Cascade,
    nodes: Sequence[int],
    scores: Sequence[float],
    k: int,
    spread_weight: float = 1.0,
    tick: Callable[[int], None] | None = None,
) -> list[Pick]:
    """Up to k of `nodes` (indices into the cascade), greedily by the blended objective; ties
    go to the earlier node (callers pass them best score first). `tick` is told the number
    of picks after each one (a job's progress; it may raise to stop the search)."""
    cascade.reset()
    first = [cascade.gain(v) for v in nodes]
    if tick is not None:
        tick(0)
    top_gain = max(first, default=0.0) or 1.0
    top_score = max((abs(s) for s in scores), default=0.0) or 1.0

    def blend(gain: float, i: int) -> float:
        return spread_weight * gain / top_gain + (1 - spread_weight) * scores[i] / top_score

    heap = [(-blend(g, i), i, 0, g) for i, g in enumerate(first)]
    heapq.heapify(heap)
    picks: list[Pick] = []
    while heap and len(picks) < k:
        negative, i, round_, gain = heapq.heappop(heap)
        if round_ == len(picks):
            cascade.gain(nodes[i], keep=True)
            picks.append(Pick(nodes[i], gain, -negative))
            if tick is not None:
                tick(len(picks))
            continue
        gain = cascade.gain(nodes[i])
        heapq.heappush(heap, (-blend(gain, i), i, len(picks), gain))
    cascade.reset()
    return picks


def sequential(cascade: Cascade, nodes: Sequence[int]) -> list[float]:
    """The marginal spread of each node when added in the given order."""
    cascade.reset()
    gains = [cascade.gain(v, keep=True) for v in nodes]
    cascade.reset()
    return gains
