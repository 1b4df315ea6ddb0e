"""Centrality on a topic projection: each algorithm mutates node properties of the projection.

All run on `INFLUENCES` (engager -> influencer). Weighted: PageRank, ArticleRank, degree,
eigenvector. Betweenness is unweighted (GDS reads weights as distances, ours are strengths)
and sampled on graphs above BETWEENNESS_EXACT_MAX_NODES. HITS has no weights in GDS.
"""

from __future__ import annotations

import time
from typing import Any

from graphdatascience import GraphDataScience

from service.analytics.algorithms import AlgorithmRun
from service.analytics.options import AnalysisOptions, Centrality

PROCEDURES: dict[Centrality, str] = {
    "pagerank": "gds.pageRank.mutate",
    "articlerank": "gds.articleRank.mutate",
    "betweenness": "gds.betweenness.mutate",
    "degree": "gds.degree.mutate",
    "eigenvector": "gds.eigenvector.mutate",
    "hits": "gds.hits.mutate",
}
INFLUENCES = ["INFLUENCES"]


def betweenness_sample_size(
    options: AnalysisOptions, node_count: int, exact_max_nodes: int, default_sample: int
) -> int | None:
    """None (exact) on small graphs; else the job's sample size or the default one."""
    if options.betweenness_sample_size is not None:
        return min(options.betweenness_sample_size, node_count)
    return None if node_count <= exact_max_nodes else default_sample


def run(
    gds: GraphDataScience,
    graph: Any,
    name: Centrality,
    options: AnalysisOptions,
    tag: str,
    sample_size: int | None = None,
) -> AlgorithmRun:
    """Run one centrality algorithm in mutate mode; `tag` is the GDS job id (for progress)."""
    start = time.perf_counter()
    common: dict[str, Any] = {
        "relationship_types": INFLUENCES,
        "concurrency": options.concurrency,
        "job_id": tag,
    }
    details: dict[str, float | int | bool] = {}
    properties: tuple[str, ...]
    if name == "pagerank":
        pr = gds.page_rank.mutate(
            graph,
            "authority",
            damping_factor=options.damping_factor,
            max_iterations=options.max_iterations,
            tolerance=options.tolerance,
            relationship_weight_property="weight",
            **common,
        )
        details = {"ranIterations": pr.ran_iterations, "didConverge": pr.did_converge}
        properties = ("authority",)
    elif name == "articlerank":
        ar = gds.article_rank.mutate(
            graph,
            "articleRank",
            damping_factor=options.damping_factor,
            max_iterations=options.max_iterations,
            tolerance=options.tolerance,
            relationship_weight_property="weight",
            **common,
        )
        details = {"ranIterations": ar.ran_iterations, "didConverge": ar.did_converge}
        properties = ("articleRank",)
    elif name == "betweenness":
        gds.betweenness.mutate(
            graph,
            "betweenness",
            sampling_size=sample_size,
            sampling_seed=options.seed if sample_size is not None else None,
            **common,
        )
        details = {"sampled": sample_size is not None, "sampleSize": sample_size or 0}
        properties = ("betweenness",)
    elif name == "degree":
        # In-degree (engagement received) is resonance; out-degree is the person's activity.
        gds.degree.mutate(
            graph, "inDegree", orientation="REVERSE", relationship_weight_property="weight",
            **common,
        )  # fmt: skip
        gds.degree.mutate(
            graph, "outDegree", orientation="NATURAL", relationship_weight_property="weight",
            **common,
        )  # fmt: skip
        properties = ("inDegree", "outDegree")
    elif name == "eigenvector":
        ev = gds.eigenvector.mutate(
            graph,
            "eigenvector",
            max_iterations=options.max_iterations,
            tolerance=options.tolerance,
            relationship_weight_property="weight",
            **common,
        )
        details = {"ranIterations": ev.ran_iterations, "didConverge": ev.did_converge}
        properties = ("eigenvector",)
    else:
        hits = gds.hits.mutate(
            graph,
            # GDS names the properties auth/hub property + mutate property: authScore, hubScore.
            mutate_property="Score",
            hits_iterations=min(options.max_iterations, 100),
            auth_property="auth",
            hub_property="hub",
            **common,
        )
        details = {"ranIterations": hits.ran_iterations, "didConverge": hits.did_converge}
        properties = ("authScore", "hubScore")
    return AlgorithmRun(name, properties, time.perf_counter() - start, details)
