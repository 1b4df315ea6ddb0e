"""An independent Monte-Carlo estimate of a seed set's spread under the independent-cascade
model docs/shortlist.md describes, written apart from service/campaigns (plain Python, its own
random stream): edge influencer u -> engager v fires with w(u, v) / sum of w(x, v) over v's
influencers; a run draws every edge's coin once and counts the people the seeds reach."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence


def probabilities(edges: Iterable[tuple[str, str, float]]) -> dict[tuple[str, str], float]:
    weight: dict[tuple[str, str], float] = defaultdict(float)
    for u, v, w in edges:
        weight[(u, v)] += max(w, 0.0)
    incoming: dict[str, float] = defaultdict(float)
    for (_, v), w in weight.items():
        incoming[v] += w
    return {e: (w / incoming[e[1]] if incoming[e[1]] > 0 else 0.0) for e, w in weight.items()}


def paired_spreads(
    p: dict[tuple[str, str], float], sets: Sequence[Sequence[str]], runs: int, seed: int
) -> list[list[int]]:
    """Per seed set, the people reached in each run; every set sees the same coins per run."""
    edges = sorted(p)
    rng = random.Random(seed)
    reached: list[list[int]] = [[] for _ in sets]
    for _ in range(runs):
        out: dict[str, list[str]] = defaultdict(list)
        for e in edges:
            if rng.random() < p[e]:
                out[e[0]].append(e[1])
        for i, seeds in enumerate(sets):
            seen = set(seeds)
            stack = list(seen)
            while stack:
                for v in out.get(stack.pop(), ()):
                    if v not in seen:
                        seen.add(v)
                        stack.append(v)
            reached[i].append(len(seen))
    return reached


def engagers(edges: Iterable[tuple[str, str, float]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, _ in edges:
        found[u].add(v)
    return found
