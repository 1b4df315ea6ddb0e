"""The GDS adapter of the db layer: the `graphdatascience` client, built from settings, and
every call through it that runs something on the server but the algorithms (those are in
`gds_algorithms`): named queries from `cypher/` (Cypher projections among them), the graph
catalog (projecting, listing, dropping), memory estimates and progress.

Analytics receives the client as an argument and passes it to the functions here; it decides
what to run and what the results mean, and makes no call on the client itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from graphdatascience import Graph, GraphDataScience
from neo4j.exceptions import ClientError

from service.db.queries import Queries
from service.settings import Settings

Row = dict[str, Any]
EstimatedAlgorithm = Literal["pageRank", "betweenness", "louvain", "leiden"]
LIST_ATTEMPTS, LIST_RETRY_PAUSE = 5, 0.05


@dataclass(frozen=True)
class Projected:
    """A graph just projected into the catalog: the client's handle and its size."""

    graph: Graph
    node_count: int
    relationship_count: int


def open_gds(settings: Settings) -> GraphDataScience:
    """A GDS client over Bolt (the open GDS has no Arrow server), without progress bars."""
    return GraphDataScience(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        database=settings.neo4j_database,
        arrow=False,
        show_progress=False,
    )


def run_query(
    gds: GraphDataScience, queries: Queries, name: str, *, auto_commit: bool = False, **params: Any
) -> list[Row]:
    """Run the named query from `cypher/` on the client's connection; rows as dicts. With
    `auto_commit`, in an auto-commit transaction, never retried (a write procedure that
    commits batches of its own would write them twice)."""
    frame = gds.run_cypher(queries[name].text, params=params, auto_commit=auto_commit)
    return [dict(row) for row in frame.to_dict("records")]


def offered_procedures(gds: GraphDataScience, queries: Queries) -> frozenset[str]:
    """The GDS procedures of this server (`gds.list()`): tiers and versions differ."""
    return frozenset(str(r["name"]) for r in run_query(gds, queries, "analytics/gds_procedures"))


def project_cypher(
    gds: GraphDataScience, queries: Queries, name: str, graph_name: str, **params: Any
) -> Projected:
    """Project with the named Cypher projection query (one ending in
    `RETURN gds.graph.project($graphName, ...)`), run with `graphName` and `params`."""
    graph, result = gds.graph.project.cypher(queries[name].text, graphName=graph_name, **params)
    return Projected(graph, result.node_count, result.relationship_count)


def project_native(
    gds: GraphDataScience,
    graph_name: str,
    node_projection: dict[str, Any],
    relationship_projection: dict[str, Any],
    read_concurrency: int | None,
) -> Projected:
    """A native projection (`gds.graph.project`) of labels and relationship types."""
    graph, result = gds.graph.project.native(
        graph_name, node_projection, relationship_projection, read_concurrency=read_concurrency
    )
    return Projected(graph, result.node_count, result.relationship_count)


def to_undirected(
    gds: GraphDataScience,
    graph: Graph,
    relationship_type: str,
    undirected_type: str,
    aggregation: dict[str, str],
    concurrency: int | None,
) -> None:
    """Add `undirected_type` to the projection: `relationship_type` made undirected, the
    properties of both directions combined by `aggregation`."""
    gds.graph.relationships.to_undirected(
        graph, relationship_type, undirected_type, aggregation=aggregation, concurrency=concurrency
    )


def drop_graph(gds: GraphDataScience, graph_name: str) -> None:
    """Drop a projection from the catalog; nothing happens when there is none of that name."""
    gds.graph.drop(graph_name, fail_if_missing=False)


def graph_names(gds: GraphDataScience, prefix: str = "") -> list[str]:
    """The names of the catalog's projections that start with `prefix`. GDS's listing fails
    with a ConcurrentModificationException when a projection is added or dropped while it
    reads the catalog (seen in a test suite, beside a running job): read again, a few times."""
    for attempt in range(1, LIST_ATTEMPTS):
        try:
            return _listed(gds, prefix)
        except ClientError as exc:
            if "ConcurrentModificationException" not in str(exc):
                raise
            time.sleep(LIST_RETRY_PAUSE * attempt)
    return _listed(gds, prefix)


def _listed(gds: GraphDataScience, prefix: str) -> list[str]:
    return [g.graph_name for g in gds.graph.list() if g.graph_name.startswith(prefix)]


def estimate_bytes(
    gds: GraphDataScience,
    algorithm: EstimatedAlgorithm,
    dimensions: dict[str, Any],
    relationship_weight_property: str | None = None,
) -> int:
    """GDS's upper estimate, in bytes, of the heap one algorithm run needs (the graph
    included) on a graph described by `dimensions` (a projection config with node and
    relationship counts), before anything is projected."""
    weight = relationship_weight_property
    if algorithm == "pageRank":
        estimate = gds.page_rank.estimate(dimensions, relationship_weight_property=weight)
    elif algorithm == "betweenness":
        estimate = gds.betweenness.estimate(dimensions, relationship_weight_property=weight)
    elif algorithm == "louvain":
        estimate = gds.louvain.estimate(dimensions, relationship_weight_property=weight)
    else:
        estimate = gds.leiden.estimate(dimensions, relationship_weight_property=weight)
    return int(estimate.bytes_max)


def progress(gds: GraphDataScience, job_id: str) -> list[str]:
    """The progress GDS reports for the tasks of a running job (`gds.listProgress`), as it
    reports it: percentages such as "42.5%", or "n/a"."""
    return [str(row.progress) for row in gds.list_progress(job_id)]
