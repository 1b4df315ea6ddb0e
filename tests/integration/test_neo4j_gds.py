"""The local server is a real Neo4j 5.26 with GDS: Cypher, constraints, GDS via its client."""

from __future__ import annotations

import numpy as np
import pytest
from graphdatascience import GraphDataScience
from neo4j.exceptions import ConstraintError

from service.db.database import Database
from service.db.gds import run_query
from service.db.graph import server_info
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.localdb.home import pinned_versions
from service.settings import Settings
from tests.support.queries import queries_with_tests


async def test_server_reports_pinned_versions(db: Database) -> None:
    info = await server_info(db)
    versions = pinned_versions()
    assert info.neo4j_version == versions.neo4j
    assert info.gds_version == versions.gds


async def test_person_id_is_unique(db: Database) -> None:
    await load_records(db, [PersonRecord(id="p1", name="A", followers=1)])
    with pytest.raises(ConstraintError):
        await db.write("test/create_person_raw", id="p1")


def _power_iteration_pagerank(n: int, edges: list[tuple[int, int]], damping: float) -> np.ndarray:
    """PageRank as GDS defines it (unnormalised: each node starts at 1 - d), by power iteration."""
    out_degree = np.zeros(n)
    for a, _ in edges:
        out_degree[a] += 1
    rank = np.full(n, 1 - damping)
    for _ in range(200):
        incoming = np.zeros(n)
        for a, b in edges:
            incoming[b] += rank[a] / out_degree[a]
        rank = (1 - damping) + damping * incoming
    return rank


def test_pagerank_through_graphdatascience_client(empty_graph: Settings) -> None:
    s = empty_graph
    queries = queries_with_tests(s)
    edges = [(0, 1), (1, 2), (2, 0), (3, 0), (4, 0), (4, 3), (5, 4), (1, 5)]
    gds = GraphDataScience(
        s.bolt_uri,
        auth=(s.neo4j_user, s.neo4j_password.get_secret_value()),
        database=s.neo4j_database,
        arrow=False,
        show_progress=False,
    )
    try:
        created = run_query(
            gds, queries, "test/pr_test_graph", nodes=6, edges=[list(e) for e in edges]
        )
        assert created == [{"nodes": 6, "relationships": len(edges)}]
        graph, result = gds.graph.project.native("pr-test", "PrTest", "R")
        assert result.node_count == 6
        assert result.relationship_count == len(edges)
        scores = gds.page_rank.stream(graph, max_iterations=100, tolerance=1e-10)
        by_n = {
            row["nodeId"]: row["n"]
            for row in run_query(
                gds, queries, "test/pr_test_numbers", ids=[int(x) for x in scores["nodeId"]]
            )
        }
        got = np.zeros(6)
        for node_id, score in zip(scores["nodeId"], scores["score"], strict=True):
            got[int(by_n[node_id])] = score
        expected = _power_iteration_pagerank(6, edges, 0.85)
        assert np.max(np.abs(got - expected)) < 1e-4
        assert int(np.argmax(got)) == 0
        graph.drop()
        assert len(gds.graph.list()) == 0
    finally:
        gds.close()
