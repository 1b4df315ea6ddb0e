"""Centrality on a topic projection: each algorithm mutates node properties of the projection.

All run on `ENGAGES` (engager -> influencer). Weighted: PageRank, ArticleRank, degree,
eigenvector. Betweenness is unweighted (GDS reads weights as distances, ours are strengths)
and sampled on graphs above BETWEENNESS_EXACT_MAX_NODES. HITS has no weights in GDS, is
streamed (its mutate mode copies the authority score into the hub property) and bounded at
HITS_MAX_ITERATIONS.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from service.analytics.algorithms import AlgorithmRun
from service.analytics.options import AnalysisOptions, Centrality
from service.db import gds_algorithms

if TYPE_CHECKING:
    from graphdatascience import Graph, GraphDataScience

PROCEDURES: dict[Centrality, str] = {
    "pagerank": "gds.pageRank.mutate",
    "articlerank": "gds.articleRank.mutate",
    "betweenness": "gds.betweenness.mutate",
    "degree": "gds.degree.mutate",
    "eigenvector": "gds.eigenvector.mutate",
    "hits": "gds.hits.stream",
}
ENGAGES = ["ENGAGES"]
HITS_MAX_ITERATIONS = 20


def betweenness_sample_size(
    options: AnalysisOptions, node_count: int, exact_max_nodes: int, default_sample: int
) -> int | None:
    """None (exact) on small graphs; else the job's sample size or the default one."""
    if options.betweenness_sample_size is not None:
        return min(options.betweenness_sample_size, node_count)
    return None if node_count <= exact_max_nodes else default_sample


Outcome = tuple[tuple[str, ...], dict[str, float | int | bool]]  # properties written, details
Step = Callable[
    ["GraphDataScience", "Graph", "AnalysisOptions", gds_algorithms.Scope, int | None], Outcome
]


def run_hits(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions, tag: str
) -> AlgorithmRun:
    """HITS, streamed (authScore, hubScore by GDS node id), at most HITS_MAX_ITERATIONS:
    bench/approximation.py measured its top sets equal to 200 iterations' from 10 on."""
    start = time.perf_counter()
    scope = gds_algorithms.Scope(ENGAGES, options.concurrency, tag)
    iterations = min(options.max_iterations, HITS_MAX_ITERATIONS)
    found = gds_algorithms.hits(gds, graph, scope, hits_iterations=iterations)
    streamed = {node: {"authScore": a, "hubScore": h} for node, (a, h) in found.items()}
    return AlgorithmRun(
        "hits", (), time.perf_counter() - start, {"ranIterations": iterations}, streamed
    )


def run(
    gds: GraphDataScience,
    graph: Graph,
    name: Centrality,
    options: AnalysisOptions,
    tag: str,
    sample_size: int | None = None,
) -> AlgorithmRun:
    """Run one centrality algorithm in mutate mode (HITS streamed); `tag` is the GDS job id
    (for progress)."""
    if name == "hits":
        return run_hits(gds, graph, options, tag)
    start = time.perf_counter()
    scope = gds_algorithms.Scope(ENGAGES, options.concurrency, tag)
    properties, details = STEPS[name](gds, graph, options, scope, sample_size)
    return AlgorithmRun(name, properties, time.perf_counter() - start, details)


def _iterations(options: AnalysisOptions) -> dict[str, Any]:
    return {
        "max_iterations": options.max_iterations,
        "tolerance": options.tolerance,
        "relationship_weight_property": "weight",
    }


def _pagerank(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions,
    scope: gds_algorithms.Scope, _: int | None,
) -> Outcome:  # fmt: skip
    pr = gds_algorithms.page_rank(
        gds, graph, "authority", scope, damping_factor=options.damping_factor,
        **_iterations(options),
    )  # fmt: skip
    return ("authority",), {"ranIterations": pr.ran, "didConverge": pr.converged}


def _articlerank(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions,
    scope: gds_algorithms.Scope, _: int | None,
) -> Outcome:  # fmt: skip
    ar = gds_algorithms.article_rank(
        gds, graph, "articleRank", scope, damping_factor=options.damping_factor,
        **_iterations(options),
    )  # fmt: skip
    return ("articleRank",), {"ranIterations": ar.ran, "didConverge": ar.converged}


def _betweenness(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions,
    scope: gds_algorithms.Scope, sample_size: int | None,
) -> Outcome:  # fmt: skip
    gds_algorithms.betweenness(
        gds, graph, "betweenness", scope, sampling_size=sample_size,
        sampling_seed=options.seed if sample_size is not None else None,
    )  # fmt: skip
    return ("betweenness",), {"sampled": sample_size is not None, "sampleSize": sample_size or 0}


def _degree(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions,
    scope: gds_algorithms.Scope, _: int | None,
) -> Outcome:  # fmt: skip
    # In-degree (engagement received) is resonance; out-degree is the person's activity.
    gds_algorithms.degree(
        gds, graph, "inDegree", scope, orientation="REVERSE",
        relationship_weight_property="weight",
    )  # fmt: skip
    gds_algorithms.degree(
        gds, graph, "outDegree", scope, orientation="NATURAL",
        relationship_weight_property="weight",
    )  # fmt: skip
    return ("inDegree", "outDegree"), {}


def _eigenvector(
    gds: GraphDataScience, graph: Graph, options: AnalysisOptions,
    scope: gds_algorithms.Scope, _: int | None,
) -> Outcome:  # fmt: skip
    ev = gds_algorithms.eigenvector(gds, graph, "eigenvector", scope, **_iterations(options))
    return ("eigenvector",), {"ranIterations": ev.ran, "didConverge": ev.converged}


STEPS: dict[Centrality, Step] = {
    "pagerank": _pagerank,
    "articlerank": _articlerank,
    "betweenness": _betweenness,
    "degree": _degree,
    "eigenvector": _eigenvector,
}
