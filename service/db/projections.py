"""A topic's influence graph in the GDS catalog, from the db side: its size before projecting,
the heap GDS has left, the two ways to project it (a Cypher projection, or staging the edges
for a native one), removing what staging wrote, reading back what the algorithms added, and
writing the projection's INFLUENCES edges back.

The analytics side names the projection and the staging label and type, chooses the route
and the parameters (`topic`, `since`, `until`, `asOf`, `halfLifeDays`, `weights`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from neo4j.exceptions import Neo4jError

from service.db.database import MEMORY_LIMIT_CODES, QueryMemoryLimitExceeded
from service.db.gds import Projected, project_cypher, run_query
from service.db.queries import Queries

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

UNSTAGE_BATCH = 50_000


@dataclass(frozen=True)
class TopicSize:
    """Upper bounds of a topic graph's size in a window (analytics/topic_size)."""

    topic_found: bool
    interactions: int
    people: int


@dataclass(frozen=True)
class StreamedNode:
    """What the algorithms added to one person's node: (property, value) pairs."""

    person: str
    values: list[tuple[str, float]]
    node_id: int  # the projection's, for values streamed apart (HITS)


def topic_size(
    gds: GraphDataScience, queries: Queries, topic: str, since: str | None, until: str | None
) -> TopicSize:
    row = run_query(gds, queries, "analytics/topic_size", topic=topic, since=since, until=until)[0]
    return TopicSize(bool(row["topicFound"]), int(row["interactions"]), int(row["people"]))


def available_heap(gds: GraphDataScience, queries: Queries) -> int:
    """The heap GDS may still use, in bytes."""
    return int(run_query(gds, queries, "analytics/available_heap")[0]["bytes"])


def project_topic(
    gds: GraphDataScience, queries: Queries, graph_name: str, params: dict[str, Any]
) -> Projected:
    """The topic's edges, projected by one Cypher projection (analytics/project_topic)."""
    return project_cypher(gds, queries, "analytics/project_topic", graph_name, **params)


def write_influences(
    gds: GraphDataScience, queries: Queries, graph_name: str, concurrency: int
) -> int:
    """Write the projection's `INFLUENCES` edges (tagged with their generation) to the
    database, once (GDS commits batches of its own: a retry would write them twice); the
    number written. Raises QueryMemoryLimitExceeded when a batch of GDS's is over the
    server's transaction memory (some batches may be committed)."""
    try:
        rows = run_query(
            gds,
            queries,
            "analytics/write_influences",
            auto_commit=True,
            graphName=graph_name,
            concurrency=concurrency,
        )
    except Neo4jError as exc:
        if exc.code in MEMORY_LIMIT_CODES:
            raise QueryMemoryLimitExceeded(exc.message or str(exc)) from exc
        raise
    return int(rows[0]["relationshipsWritten"])


def stage_topic(
    gds: GraphDataScience,
    queries: Queries,
    stage_label: str,
    stage_type: str,
    params: dict[str, Any],
) -> None:
    """Write the topic's edges as `stage_type` relationships between people labelled
    `stage_label`, for a native projection of those."""
    run_query(
        gds,
        queries,
        "analytics/stage_topic",
        stageLabel=stage_label,
        stageType=stage_type,
        **params,
    )


def unstage(gds: GraphDataScience, queries: Queries, stage_label: str, stage_type: str) -> None:
    """Delete the staged relationships, then remove the staging label, in batches."""
    while run_query(
        gds, queries, "analytics/unstage_edges", stageType=stage_type, limit=UNSTAGE_BATCH
    )[0]["deleted"]:
        pass
    while run_query(
        gds, queries, "analytics/unstage_labels", stageLabel=stage_label, limit=UNSTAGE_BATCH
    )[0]["removed"]:
        pass


def node_values(
    gds: GraphDataScience, queries: Queries, graph_name: str, properties: list[str]
) -> list[StreamedNode]:
    """The node properties `properties` of projection `graph_name`, one row per person."""
    rows = run_query(
        gds, queries, "analytics/node_values", graphName=graph_name, properties=properties
    )
    return [
        StreamedNode(
            str(row["person"]), [(str(p), v) for p, v in row["values"]], int(row["nodeId"])
        )
        for row in rows
    ]
