"""docs/data-science.md runs as written, on the demo analysed by the service's own CLI.

Convention: a fenced ```python block whose previous non-blank line is `<!-- run -->` is
runnable. Every Python block of the document must be runnable (an untested snippet rots).
The blocks run in document order in one namespace, like a notebook, from the project root,
with NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE set to the test server. A block
that raises fails the tests; the assertions then check what the blocks left behind against
the ranking the service itself serves over GraphQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from service.db.gds import graph_names, open_gds
from service.settings import PROJECT_ROOT, Settings
from tests.conftest import drop_gds_graphs
from tests.support.served import served

pytestmark = pytest.mark.neo4j

DOC = PROJECT_ROOT / "docs" / "data-science.md"
RUN_MARK = "<!-- run -->"
TOPIC = "climate"
TOP_COLUMNS = [
    "rank", "person", "name", "score", "role", "authorityPct", "resonancePct", "reachPct",
    "relevancePct", "betweennessPct", "community", "topEngagers", "jobId",
]  # fmt: skip
RANKING = """
query Ranking($topic: ID!, $first: Int!) {
  influencers(topic: $topic, first: $first) {
    totalCount
    edges { node { rank jobId person { id } } }
  }
}
"""


@dataclass(frozen=True)
class Block:
    line: int
    code: str
    runnable: bool


def python_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            start = i
            end = lines.index("```", i + 1)
            previous = next((s.strip() for s in reversed(lines[:start]) if s.strip()), "")
            code = "\n".join(lines[start + 1 : end]) + "\n"
            blocks.append(Block(start + 1, code, previous == RUN_MARK))
            i = end
        i += 1
    return blocks


@dataclass(frozen=True)
class ServiceRanking:
    people: list[str]
    job_id: str
    total: int


@dataclass(frozen=True)
class DocRun:
    namespace: dict[str, Any]
    ranking: ServiceRanking
    blocks: list[Block]
    settings: Settings


def _cli(settings: Settings, state: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        NEO4J_URI=settings.bolt_uri,
        NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
        STATE_DIR=str(state / "neo4j"),
    )
    subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _service_ranking(settings: Settings) -> ServiceRanking:
    with served(settings) as url:
        response = httpx.post(
            f"{url}/graphql",
            json={"query": RANKING, "variables": {"topic": TOPIC, "first": 20}},
            timeout=60,
        )
    body = response.json()
    assert "errors" not in body, body
    page = body["data"]["influencers"]
    nodes = [edge["node"] for edge in page["edges"]]
    assert [n["rank"] for n in nodes] == list(range(1, 21))
    assert len({n["jobId"] for n in nodes}) == 1
    return ServiceRanking([n["person"]["id"] for n in nodes], nodes[0]["jobId"], page["totalCount"])


def _run_blocks(blocks: list[Block]) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "data_science_doc"}
    for block in blocks:
        if block.runnable:
            exec(compile(block.code, f"{DOC.name}:{block.line}", "exec"), namespace)  # noqa: S102
    return namespace


@pytest.fixture(scope="module")
def doc_run(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocRun]:
    settings = neo4j_server
    state = tmp_path_factory.mktemp("ds-state")
    drop_gds_graphs(settings)
    _cli(settings, state, "db", "wipe", "--yes")
    _cli(settings, state, "demo", "load")
    _cli(settings, state, "analyze", "--topic", TOPIC)
    ranking = _service_ranking(settings)
    blocks = python_blocks(DOC.read_text())
    saved = {k: os.environ.get(k) for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    os.environ.update(
        NEO4J_URI=settings.bolt_uri,
        NEO4J_USER=settings.neo4j_user,
        NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
    )
    cwd = Path.cwd()
    os.chdir(PROJECT_ROOT)
    try:
        namespace = _run_blocks(blocks)
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield DocRun(namespace, ranking, blocks, settings)
    drop_gds_graphs(settings)


def test_every_python_block_is_marked_runnable_and_there_are_some() -> None:
    blocks = python_blocks(DOC.read_text())
    assert len(blocks) >= 6
    unmarked = [b.line for b in blocks if not b.runnable]
    assert unmarked == [], f"python blocks without {RUN_MARK} at lines {unmarked}"


def test_the_block_parser_sees_the_mark_only_right_before_a_block() -> None:
    text = f"{RUN_MARK}\n\n```python\na = 1\n```\n\ntext\n\n```python\nb = 2\n```\n"
    assert [(b.code, b.runnable) for b in python_blocks(text)] == [
        ("a = 1\n", True),
        ("b = 2\n", False),
    ]


def test_top_influencers_frame_is_the_services_ranking(doc_run: DocRun) -> None:
    top = doc_run.namespace["top"]
    assert isinstance(top, pd.DataFrame)
    assert list(top.columns) == TOP_COLUMNS
    assert top["rank"].tolist() == list(range(1, 21))
    assert top["person"].tolist() == doc_run.ranking.people
    assert set(top["jobId"]) == {doc_run.ranking.job_id}


def test_neighbourhood_of_the_leader(doc_run: DocRun) -> None:
    ns = doc_run.namespace
    assert ns["leader"] == doc_run.ranking.people[0]
    neighbours = ns["neighbours"]
    assert len(neighbours) > 0
    assert set(neighbours["direction"]) <= {"influenced by", "influences"}
    assert "influenced by" in set(neighbours["direction"])  # the leader is engaged with
    assert (neighbours["weight"] > 0).all()


def test_scores_frame_holds_the_whole_current_ranking(doc_run: DocRun) -> None:
    scores = doc_run.namespace["scores"]
    ranked = scores.dropna(subset=["rank"])
    assert len(ranked) == doc_run.ranking.total
    assert ranked["person"].tolist()[:20] == doc_run.ranking.people
    assert scores["authority"].notna().all()


def test_the_projection_is_the_one_the_job_analysed(doc_run: DocRun) -> None:
    ns = doc_run.namespace
    assert ns["job"].loc[0, "id"] == doc_run.ranking.job_id
    assert ns["projected"].node_count == len(ns["scores"])
    assert ns["projected"].relationship_count > ns["projected"].node_count / 2


def test_rerun_pagerank_matches_stored_authority(doc_run: DocRun) -> None:
    comparison = doc_run.namespace["comparison"]
    scores = doc_run.namespace["scores"]
    assert len(comparison) == len(scores)
    stored_first = scores.loc[scores["authority"].idxmax(), "person"]
    rerun_first = comparison.loc[comparison["pagerank"].idxmax(), "person"]
    assert rerun_first == stored_first
    rho = comparison[["authority", "pagerank"]].corr(method="spearman").iloc[0, 1]
    assert rho > 0.999
    assert (comparison["authority"] - comparison["pagerank"]).abs().max() < 1e-6


def test_louvain_on_the_projection_finds_communities(doc_run: DocRun) -> None:
    louvain = doc_run.namespace["louvain"]
    assert len(louvain) == doc_run.namespace["projected"].node_count
    assert 1 < louvain["communityId"].nunique() < len(louvain)


def test_the_projection_is_dropped_at_the_end(doc_run: DocRun) -> None:
    name = doc_run.namespace["G"].name()
    assert name == "ds-climate"
    gds = open_gds(doc_run.settings)
    try:
        assert graph_names(gds, name) == []
    finally:
        gds.close()
