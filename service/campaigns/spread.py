"""The independent-cascade model of a shortlist, estimated by Monte-Carlo on fixed samples.

Propagation probabilities follow the weighted-cascade rule on the interaction weights: the edge
influencer u -> engager v fires with p(u, v) = w(u, v) / (sum of w(x, v) over all influencers x
of v), v's share of engagement that went to u (docs/shortlist.md says why). `Cascade` draws
`samples` live-edge graphs once, with a fixed seed (each edge is live with its probability),
and lays them side by side as one graph of samples x people nodes; the expected spread of a set
is then the number of nodes its copies reach, divided by the number of samples. Every set is
measured on the same samples (common random numbers), so two sets' estimates differ by their
reach, not by sampling noise, and marginal gains are never negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.db.shortlist import EdgeLists

SAMPLES = 200
SEED = 20_261_204
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TopicGraph:
    """People as indices 0..n-1 and the edges influencer -> engager with their probabilities
    (the weights of one pair summed over the brief's topics first)."""

    people: list[str]
    index: dict[str, int]
    sources: Ints
    targets: Ints
    probabilities: npt.NDArray[np.float64]

    def first_hop(self) -> npt.NDArray[np.float64]:
        """Per person, the expected number of engagers they activate directly (the sum of
        their out-edges' probabilities): a cheap proxy of spread, to choose whom to search."""
        return np.bincount(
            self.sources, weights=self.probabilities, minlength=len(self.people)
        ).astype(np.float64)


def topic_graph(edges: EdgeLists, extra: Sequence[str] = ()) -> TopicGraph:
    people = sorted(set(edges.sources) | set(edges.targets) | set(extra))
    index = {p: i for i, p in enumerate(people)}
    n = max(len(people), 1)
    src = np.fromiter((index[s] for s in edges.sources), np.int64, len(edges.sources))
    dst = np.fromiter((index[t] for t in edges.targets), np.int64, len(edges.targets))
    weight = np.asarray(edges.weights, dtype=np.float64).clip(min=0.0)
    pair = src * n + dst
    pairs, inverse = np.unique(pair, return_inverse=True)
    summed = np.bincount(inverse, weights=weight, minlength=len(pairs))
    src, dst = pairs // n, pairs % n
    incoming = np.bincount(dst, weights=summed, minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(incoming[dst] > 0, summed / incoming[dst], 0.0)
    return TopicGraph(people, index, src, dst, p)


def engagers(graph: TopicGraph) -> dict[int, set[int]]:
    """Each influencer's direct engagers (the people who engaged with them on the topics)."""
    found: dict[int, set[int]] = {}
    for s, t in zip(graph.sources.tolist(), graph.targets.tolist(), strict=True):
        found.setdefault(s, set()).add(t)
    return found


class Cascade:
    """Live-edge samples of a TopicGraph and the reach of node sets on them."""

    def __init__(self, graph: TopicGraph, samples: int = SAMPLES, seed: int = SEED) -> None:
        self.n = len(graph.people)
        self.samples = samples
        rng = np.random.default_rng(seed)
        sources, targets = [], []
        for r in range(samples):
            live = rng.random(len(graph.probabilities)) < graph.probabilities
            sources.append(graph.sources[live] + r * self.n)
            targets.append(graph.targets[live] + r * self.n)
        src = np.concatenate(sources) if sources else np.zeros(0, np.int64)
        dst = np.concatenate(targets) if targets else np.zeros(0, np.int64)
        order = np.argsort(src, kind="stable")
        self.indices = dst[order]
        counts = np.bincount(src, minlength=self.n * samples)
        self.indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.has_out = np.bincount(graph.sources, minlength=self.n) > 0
        self.visited = np.zeros(self.n * samples, dtype=bool)
        self.stamp = np.zeros(self.n * samples, dtype=np.int32)  # de-duplication, see below
        self.offsets = np.arange(samples, dtype=np.int64) * self.n

    def reset(self) -> None:
        self.visited[:] = False

    def _spread_from(self, frontier: Ints) -> list[Ints]:
        """Mark what `frontier` (unvisited nodes) reaches; the marked nodes, level by level."""
        self.visited[frontier] = True
        touched = [frontier]
        while frontier.size:
            starts = self.indptr[frontier]
            counts = self.indptr[frontier + 1] - starts
            total = int(counts.sum())
            if total == 0:
                break
            ends = np.cumsum(counts)
            positions = np.repeat(starts - ends + counts, counts) + np.arange(total)
            reached = self.indices[positions]
            reached = reached[~self.visited[reached]]
            # Keep one copy of each node without sorting: the last write of its position wins.
            positions = np.arange(reached.size, dtype=np.int32)
            self.stamp[reached] = positions
            reached = reached[self.stamp[reached] == positions]
            self.visited[reached] = True
            touched.append(reached)
            frontier = reached
        return touched

    def gain(self, node: int, keep: bool = False) -> float:
        """Expected number of people `node` activates beyond those already marked; with
        `keep`, they stay marked (the node joins the set)."""
        copies = self.offsets + node
        copies = copies[~self.visited[copies]]
        if not self.has_out[node]:
            if keep:
                self.visited[copies] = True
            return copies.size / self.samples
        touched = self._spread_from(copies)
        reached = sum(t.size for t in touched)
        if not keep:
            for t in touched:
                self.visited[t] = False
        return reached / self.samples

    def spread(self, nodes: Sequence[int]) -> float:
        """Expected spread of a set, from scratch (leaves the marks reset)."""
        self.reset()
        total = sum(self.gain(v, keep=True) for v in nodes)
        self.reset()
        return total
