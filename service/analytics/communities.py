"""Community detection on a topic projection, over `LINKS` (the influence edges, undirected,
weights of both directions summed): Louvain, Leiden, Label Propagation, WCC."""

from __future__ import annotations

import time
from typing import Any

from graphdatascience import GraphDataScience

from service.analytics.algorithms import AlgorithmRun
from service.analytics.options import AnalysisOptions, CommunityAlgorithm

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
    graph: Any,
    name: CommunityAlgorithm,
    options: AnalysisOptions,
    tag: str,
) -> AlgorithmRun:
    """Run one community algorithm in mutate mode; `tag` is the GDS job id (for progress)."""
    start = time.perf_counter()
    prop = property_name(name)
    common: dict[str, Any] = {
        "relationship_types": LINKS,
        "relationship_weight_property": "weight",
        "concurrency": options.concurrency,
        "job_id": tag,
    }
    details: dict[str, float | int | bool]
    if name == "louvain":
        lv = gds.louvain.mutate(graph, prop, **common)
        details = {"modularity": lv.modularity, "communities": lv.community_count}
    elif name == "leiden":
        ld = gds.leiden.mutate(graph, prop, random_seed=options.seed, **common)
        details = {"modularity": ld.modularity, "communities": ld.community_count}
    elif name == "labelPropagation":
        lp = gds.label_propagation.mutate(
            graph, prop, max_iterations=min(options.max_iterations, 100), **common
        )
        details = {"communities": lp.community_count, "didConverge": lp.did_converge}
    else:
        wcc = gds.wcc.mutate(graph, prop, **common)
        details = {"communities": wcc.component_count}
    return AlgorithmRun(name, (prop,), time.perf_counter() - start, details)
