"""Community detection on a topic projection, over `LINKS` (the influence edges, undirected,
weights of both directions summed): Louvain, Leiden, Label Propagation, WCC."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from service.analytics.algorithms import AlgorithmRun
from service.analytics.options import AnalysisOptions, CommunityAlgorithm
from service.db import gds_algorithms

if TYPE_CHECKING:
    from graphdatascience import Graph, GraphDataScience

PROCEDURES: dict[CommunityAlgorithm, str] = {
    "louvain": "gds.louvain.mutate",
    "leiden": "gds.leiden.mutate",
    "labelPropagation": "gds.labelPropagation.mutate",
    "wcc": "gds.wcc.mutate",
}
LINKS = ["LINKS"]


def property_name(name: CommunityAlgorithm) -> str:
    return f"{name}Community"


def run(
    gds: GraphDataScience,
    graph: Graph,
    name: CommunityAlgorithm,
    options: AnalysisOptions,
    tag: str,
) -> AlgorithmRun:
    """Run one community algorithm in mutate mode; `tag` is the GDS job id (for progress)."""
    start = time.perf_counter()
    prop = property_name(name)
    scope = gds_algorithms.Scope(LINKS, options.concurrency, tag)
    weight = "weight"
    details: dict[str, float | int | bool]
    if name == "louvain":
        lv = gds_algorithms.louvain(gds, graph, prop, scope, relationship_weight_property=weight)
        details = {"modularity": lv.modularity, "communities": lv.communities}
    elif name == "leiden":
        ld = gds_algorithms.leiden(
            gds, graph, prop, scope, random_seed=options.seed, relationship_weight_property=weight
        )
        details = {"modularity": ld.modularity, "communities": ld.communities}
    elif name == "labelPropagation":
        lp = gds_algorithms.label_propagation(
            gds, graph, prop, scope, max_iterations=min(options.max_iterations, 100),
            relationship_weight_property=weight,
        )  # fmt: skip
        details = {"communities": lp.communities, "didConverge": lp.converged}
    else:
        wcc = gds_algorithms.wcc(gds, graph, prop, scope, relationship_weight_property=weight)
        details = {"communities": wcc.communities}
    return AlgorithmRun(name, (prop,), time.perf_counter() - start, details)
