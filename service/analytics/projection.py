"""A topic's influence graph in the GDS catalog: memory check, projection, clean-up.

Edges go engager -> influencer (`INFLUENCES`, weight = type weight x count x decay, one edge
per pair), so PageRank flows to the people others engage with. Community algorithms run on
`LINKS`, the same edges made undirected (weights of both directions summed).

Two ways to project, measured in bench/analytics.py: one Cypher projection (the default), or
"native": the filtered edges are first written as relationships of a job-private type between
people with a job-private label, natively projected, and removed again. A native projection
cannot filter by topic or window itself: both live on Interaction nodes two hops away.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphdatascience import GraphDataScience

from service.analytics.options import AnalysisError, AnalysisOptions
from service.db.gds import query_text, run_query
from service.db.queries import Queries

EDGE_PROPERTIES = ["weight", "interactions", "lastAt"]
MIB = 1024 * 1024


@dataclass(frozen=True)
class Projection:
    graph_name: str
    method: str
    node_count: int
    relationship_count: int
    seconds: float
    graph: Any  # the client's Graph handle


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
    gds: GraphDataScience, queries: Queries, topic: str, options: AnalysisOptions
) -> MemoryEstimate:
    """Estimate the GDS heap the analysis needs, before projecting anything.

    The graph's size is bounded from above by counting the topic's interactions (at most one
    edge each, two people each); GDS estimates the projection plus each chosen algorithm on a
    graph of that size, and the largest of them is taken. Raises AnalysisError for an unknown
    topic or an empty window.
    """
    since, until = options.window()
    size = run_query(gds, queries, "analytics/topic_size", topic=topic, since=since, until=until)[0]
    if not size["topicFound"]:
        raise AnalysisError(f"unknown topic '{topic}'")
    interactions = int(size["interactions"])
    if interactions == 0:
        raise AnalysisError(f"no interactions about topic '{topic}' in the window")
    nodes = min(int(size["people"]), 2 * interactions)
    rels = interactions
    directed = {
        "nodeProjection": "*",
        "relationshipProjection": {
            "INFLUENCES": {"type": "*", "properties": EDGE_PROPERTIES, "indexInverse": True}
        },
        "nodeCount": nodes,
        "relationshipCount": rels,
    }
    undirected = {
        **directed,
        "relationshipProjection": {
            "LINKS": {"type": "*", "orientation": "UNDIRECTED", "properties": EDGE_PROPERTIES}
        },
    }
    estimates = [gds.page_rank.estimate(directed, relationship_weight_property="weight")]
    if "betweenness" in options.centrality:
        estimates.append(gds.betweenness.estimate(directed))
    if "louvain" in options.communities:
        estimates.append(gds.louvain.estimate(undirected, relationship_weight_property="weight"))
    if "leiden" in options.communities:
        estimates.append(gds.leiden.estimate(undirected, relationship_weight_property="weight"))
    # Every algorithm's estimate includes the graph; add the undirected copy and the ~16
    # properties that mutate adds to every node (8 bytes each).
    required = max(e.bytes_max for e in estimates) + 2 * rels * 16 + nodes * 16 * 8
    budget = options.max_memory_bytes
    if budget is None:
        budget = int(run_query(gds, queries, "analytics/available_heap")[0]["bytes"])
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
) -> Projection:
    """Project the topic's graph under the run's name, then add the undirected `LINKS`."""
    name = graph_name(job_id, lease)
    start = time.perf_counter()
    if options.projection == "native":
        graph, nodes, rels = _project_native(gds, queries, job_id, name, topic, options)
    else:
        graph, result = gds.graph.project.cypher(
            query_text(queries, "analytics/project_topic"),
            graphName=name,
            **query_params(topic, options),
        )
        nodes, rels = result.node_count, result.relationship_count
    gds.graph.relationships.to_undirected(
        graph,
        "INFLUENCES",
        "LINKS",
        aggregation={"weight": "SUM", "interactions": "SUM", "lastAt": "MAX"},
        concurrency=options.concurrency,
    )
    return Projection(
        name, options.projection or "cypher", nodes, rels, time.perf_counter() - start, graph
    )


def _project_native(
    gds: GraphDataScience,
    queries: Queries,
    job_id: str,
    name: str,
    topic: str,
    options: AnalysisOptions,
) -> tuple[Any, int, int]:
    label, rel_type = _stage_names(job_id)
    try:
        run_query(
            gds,
            queries,
            "analytics/stage_topic",
            stageLabel=label,
            stageType=rel_type,
            **query_params(topic, options),
        )
        graph, result = gds.graph.project.native(
            name,
            {"Person": {"label": label}},
            {"INFLUENCES": {"type": rel_type, "properties": EDGE_PROPERTIES, "indexInverse": True}},
            read_concurrency=options.concurrency,
        )
    finally:
        unstage(gds, queries, job_id)
    return graph, result.node_count, result.relationship_count


def unstage(gds: GraphDataScience, queries: Queries, job_id: str) -> None:
    """Remove what the native route staged for the job (nothing, for a Cypher projection)."""
    label, rel_type = _stage_names(job_id)
    while run_query(gds, queries, "analytics/unstage_edges", stageType=rel_type, limit=50_000)[0][
        "deleted"
    ]:
        pass
    while run_query(gds, queries, "analytics/unstage_labels", stageLabel=label, limit=50_000)[0][
        "removed"
    ]:
        pass


def drop(gds: GraphDataScience, queries: Queries, job_id: str, lease: str) -> None:
    """Drop the run's projection and staged data, if any: safe to call more than once."""
    gds.graph.drop(graph_name(job_id, lease), fail_if_missing=False)
    unstage(gds, queries, job_id)


def drop_leftovers(gds: GraphDataScience, queries: Queries, job_id: str) -> list[str]:
    """Drop what any run of the job left behind (a dead worker's): projections and staging."""
    prefix = f"influence-{job_id}-"
    names = [g.graph_name for g in gds.graph.list() if g.graph_name.startswith(prefix)]
    for name in names:
        gds.graph.drop(name, fail_if_missing=False)
    unstage(gds, queries, job_id)
    return names
