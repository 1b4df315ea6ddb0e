"""A topic's influence graph in the GDS catalog: memory check, projection, clean-up.

Edges go engager -> influencer (`ENGAGES`, weight = type weight x count x decay, one edge per
pair), so PageRank flows to the people others engage with. Community algorithms run on
`LINKS`, the same edges made undirected (weights of both directions summed). An analysis that
writes its results also projects each edge the other way, influencer -> engager
(`INFLUENCES`, tagged with the run's generation number), which GDS writes back as the stored
`INFLUENCES` edges (service/analytics/generation.py).

Two ways to project, measured in bench/analytics.py: one Cypher projection (the default), or
"native": the filtered edges are first written as relationships of a job-private type between
people with a job-private label, natively projected, and removed again. A native projection
cannot filter by topic or window itself: both live on Interaction nodes two hops away.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from service.analytics.options import AnalysisError, AnalysisOptions
from service.db import gds as gds_db
from service.db import projections as projection_db
from service.db.queries import Queries

if TYPE_CHECKING:
    from graphdatascience import Graph, GraphDataScience

EDGE_PROPERTIES = ["weight", "interactions", "lastAt"]
ENGAGES, INFLUENCES, LINKS = "ENGAGES", "INFLUENCES", "LINKS"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Projection:
    graph_name: str
    method: str
    node_count: int
    relationship_count: int
    seconds: float
    graph: Graph  # the client's handle


@dataclass(frozen=True)
class MemoryEstimate:
    required_bytes: int
    budget_bytes: int
    nodes: int
    relationships: int
    interactions: int

    @property
    def fits(self) -> bool:
        return self.required_bytes <= self.budget_bytes


def graph_name(job_id: str, lease: str) -> str:
    """The catalog name of one run of a job: recovery finds every run's by the job id, and a
    stale run cannot drop the projection of the run that took its job over."""
    return f"influence-{job_id}-{lease[:8]}"


def _stage_names(job_id: str) -> tuple[str, str]:
    token = "".join(c for c in job_id if c.isalnum())
    return f"InfluenceStage_{token}", f"INFLUENCE_STAGE_{token}"


def query_params(topic: str, options: AnalysisOptions) -> dict[str, Any]:
    """The parameters of the topic-graph queries (projection, staging, edge write-back)."""
    since, until = options.window()
    as_of = options.as_of or options.until or datetime.now(UTC)
    return {
        "topic": topic,
        "since": since,
        "until": until,
        "asOf": as_of.isoformat(),
        "halfLifeDays": options.half_life_days or None,
        "weights": dict(options.weights or {}),
    }


def estimate_memory(
    gds: GraphDataScience,
    queries: Queries,
    topic: str,
    options: AnalysisOptions,
    exact_betweenness_max_nodes: int,
) -> MemoryEstimate:
    """Estimate the GDS heap the analysis needs, before projecting anything.

    The graph's size is bounded from above by counting the topic's interactions (at most one
    edge each, two people each); GDS estimates the projection plus each chosen algorithm on a
    graph of that size, and the largest of them is taken. Raises AnalysisError for an unknown
    topic or an empty window.
    """
    since, until = options.window()
    size = projection_db.topic_size(gds, queries, topic, since, until)
    if not size.topic_found:
        raise AnalysisError(f"unknown topic '{topic}'")
    interactions = size.interactions
    if interactions == 0:
        raise AnalysisError(f"no interactions about topic '{topic}' in the window")
    nodes = min(size.people, 2 * interactions)
    rels = interactions
    directed = {
        "nodeProjection": "*",
        "relationshipProjection": {
            ENGAGES: {"type": "*", "properties": EDGE_PROPERTIES, "indexInverse": True}
        },
        "nodeCount": nodes,
        "relationshipCount": rels,
    }
    undirected = {
        **directed,
        "relationshipProjection": {
            LINKS: {"type": "*", "orientation": "UNDIRECTED", "properties": EDGE_PROPERTIES}
        },
    }
    estimates = [gds_db.estimate_bytes(gds, "pageRank", directed, "weight")]
    if "betweenness" in options.centralities(nodes, exact_betweenness_max_nodes):
        estimates.append(gds_db.estimate_bytes(gds, "betweenness", directed))
    if "louvain" in options.communities:
        estimates.append(gds_db.estimate_bytes(gds, "louvain", undirected, "weight"))
    if "leiden" in options.communities:
        estimates.append(gds_db.estimate_bytes(gds, "leiden", undirected, "weight"))
    # Every algorithm's estimate includes the graph; add the undirected copy, the INFLUENCES
    # copy written back (its adjacency and four properties) and the ~16 properties that
    # mutate adds to every node (8 bytes each).
    required = max(estimates) + 2 * rels * 16 + rels * 40 + nodes * 16 * 8
    budget = options.max_memory_bytes
    if budget is None:
        budget = projection_db.available_heap(gds, queries)
    return MemoryEstimate(required, budget, nodes, rels, interactions)


def check_memory(estimate: MemoryEstimate, topic: str) -> None:
    if not estimate.fits:
        raise AnalysisError(
            f"the analysis of topic '{topic}' would need about "
            f"{estimate.required_bytes / MIB:.1f} MiB of GDS heap ({estimate.interactions} "
            f"interactions, up to {estimate.nodes} people) but the budget is "
            f"{estimate.budget_bytes / MIB:.1f} MiB: narrow the time window, or raise "
            "ANALYSIS_MAX_MEMORY_BYTES (or the server's heap)"
        )


def project(
    gds: GraphDataScience,
    queries: Queries,
    job_id: str,
    lease: str,
    topic: str,
    options: AnalysisOptions,
    generation: int | None = None,
) -> Projection:
    """Project the topic's graph under the run's name, then add the undirected `LINKS`; with a
    `generation`, also the `INFLUENCES` edges to write back, tagged with it."""
    name = graph_name(job_id, lease)
    start = time.perf_counter()
    if options.projection == "native":
        projected = _project_native(gds, queries, job_id, name, topic, options, generation)
    else:
        params = query_params(topic, options) | {"generation": generation}
        projected = projection_db.project_topic(gds, queries, name, params)
    gds_db.to_undirected(
        gds,
        projected.graph,
        ENGAGES,
        LINKS,
        aggregation=_undirected_aggregation(options),
        concurrency=options.concurrency,
    )
    return Projection(
        name,
        options.projection or "cypher",
        projected.node_count,
        projected.relationship_count // (1 if generation is None else 2),  # ENGAGES only
        time.perf_counter() - start,
        projected.graph,
    )


def _undirected_aggregation(options: AnalysisOptions) -> dict[str, str]:
    """How LINKS combines the two directions' properties (every property of ENGAGES needs
    one; the Cypher projection gives ENGAGES the generation tag too, an unused constant)."""
    aggregation = {"weight": "SUM", "interactions": "SUM", "lastAt": "MAX"}
    if options.projection != "native":
        aggregation["generation"] = "MAX"
    return aggregation


def _project_native(
    gds: GraphDataScience,
    queries: Queries,
    job_id: str,
    name: str,
    topic: str,
    options: AnalysisOptions,
    generation: int | None,
) -> gds_db.Projected:
    label, rel_type = _stage_names(job_id)
    types: dict[str, Any] = {
        ENGAGES: {"type": rel_type, "properties": EDGE_PROPERTIES, "indexInverse": True}
    }
    if generation is not None:  # the staged edges read the other way, with the tag
        tag = {"property": "generation", "defaultValue": float(generation)}
        stored = {p: p for p in EDGE_PROPERTIES} | {"generation": tag}
        types[INFLUENCES] = {"type": rel_type, "orientation": "REVERSE", "properties": stored}
    try:
        projection_db.stage_topic(gds, queries, label, rel_type, query_params(topic, options))
        return gds_db.project_native(
            gds, name, {"Person": {"label": label}}, types, read_concurrency=options.concurrency
        )
    finally:
        unstage(gds, queries, job_id)


def unstage(gds: GraphDataScience, queries: Queries, job_id: str) -> None:
    """Remove what the native route staged for the job (nothing, for a Cypher projection)."""
    label, rel_type = _stage_names(job_id)
    projection_db.unstage(gds, queries, label, rel_type)


def drop(gds: GraphDataScience, queries: Queries, job_id: str, lease: str) -> None:
    """Drop the run's projection and staged data, if any: safe to call more than once."""
    gds_db.drop_graph(gds, graph_name(job_id, lease))
    unstage(gds, queries, job_id)


def drop_leftovers(gds: GraphDataScience, queries: Queries, job_id: str) -> list[str]:
    """Drop what any run of the job left behind (a dead worker's): projections and staging."""
    prefix = f"influence-{job_id}-"
    names = gds_db.graph_names(gds, prefix)
    for name in names:
        gds_db.drop_graph(gds, name)
    unstage(gds, queries, job_id)
    return names
