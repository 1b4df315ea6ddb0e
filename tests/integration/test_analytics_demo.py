"""Acceptance on the demo data: the planted people are found, rankings are explainable, and
the data scientists' queries run on the results."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from service.analytics.explain import explain
from service.analytics.options import CENTRALITIES, AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db import query_files
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.queries import Queries
from service.db.scores import rankings
from service.ingest.demo import DemoData, generate
from service.ingest.loader import load_records
from service.models import Explanation, InfluenceScore, Job
from service.settings import Settings
from tests.conftest import drop_gds_graphs

pytestmark = pytest.mark.neo4j

TOP_TOPICS = ["climate", "technology", "health"]
# The same topic again, as of one time: by default, with every centrality, and by default on a
# server that deems the graph too big for exact betweenness.
VARIANT_TOPIC = "climate"


@dataclass
class Demo:
    data: DemoData
    jobs: dict[str, Job] = field(default_factory=dict)
    scores: dict[str, dict[str, InfluenceScore]] = field(default_factory=dict)
    explanation: dict[str, Explanation | None] = field(default_factory=dict)
    analyses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    analysis_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    catalog_after: int = -1
    variants: dict[str, tuple[Job, dict[str, InfluenceScore]]] = field(default_factory=dict)


async def _run(settings: Settings) -> Demo:
    driver = create_async_driver(settings)
    db = Database(driver, Queries(settings.cypher_dir), settings.neo4j_database, 120)
    demo = Demo(generate(seed=7, people=3000))
    worker = Worker(db, settings)
    try:
        await wipe(db)
        await load_records(db, demo.data.records())
        for topic in TOP_TOPICS:
            job = await enqueue_analysis(db, topic, None, settings)
            done = await worker.run_once(job.id)
            assert done is not None
            demo.jobs[topic] = done
            demo.scores[topic] = {s.person: s for s in await rankings(db, topic, first=100_000)}
            leader = demo.data.planted.opinion_leaders[topic]
            demo.explanation[topic] = await explain(db, topic, leader)
        for name in db.queries.names("analyses/"):
            params = query_files.header_params(db.queries[name])
            demo.analysis_params[name] = params
            demo.analyses[name] = await query_files.run(db, name, params)
        # One decay reference time for the three, so that only the algorithms differ.
        as_of = datetime.now(UTC)
        default = AnalysisOptions(as_of=as_of)
        full = AnalysisOptions(centrality=list(CENTRALITIES), as_of=as_of)
        big = settings.model_copy(update={"betweenness_exact_max_nodes": 10})
        for variant, options, worker_settings in (
            ("default", default, settings),
            ("full", full, settings),
            ("big", default, big),
        ):
            job = await enqueue_analysis(db, VARIANT_TOPIC, options, worker_settings)
            variant_worker = Worker(db, worker_settings)
            try:
                done = await variant_worker.run_once(job.id)
            finally:
                variant_worker.close()
            assert done is not None
            ranked = await rankings(db, VARIANT_TOPIC, first=100_000)
            demo.variants[variant] = (done, {s.person: s for s in ranked})
        gds = open_gds(settings)
        try:
            demo.catalog_after = len(gds.graph.list())
        finally:
            gds.close()
        return demo
    finally:
        await worker.aclose()
        await driver.close()


@pytest.fixture(scope="module")
def demo(neo4j_server: Settings) -> Demo:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_run(neo4j_server))


@pytest.mark.parametrize("topic", TOP_TOPICS)
def test_jobs_succeed_and_leave_the_catalog_empty(demo: Demo, topic: str) -> None:
    job = demo.jobs[topic]
    assert job.status == "succeeded", job.error
    assert job.summary is not None
    assert job.summary["people"] == len(demo.scores[topic]) > 100
    assert demo.catalog_after == 0


@pytest.mark.parametrize("topic", TOP_TOPICS)
def test_planted_opinion_leader_ranks_above_the_celebrity(demo: Demo, topic: str) -> None:
    scores = demo.scores[topic]
    planted = demo.data.planted
    leader = scores[planted.opinion_leaders[topic]]
    celebrity = scores.get(planted.celebrity)
    followers = {p.id: p.followers or 0 for p in demo.data.persons}
    assert followers[planted.celebrity] == max(followers.values())
    assert followers[leader.person] < followers[planted.celebrity]
    # The celebrity barely engages, so they may not be in a topic's graph at all.
    if celebrity is not None:
        assert leader.rank < celebrity.rank
    assert leader.rank <= 3
    assert leader.role == "opinion_leader"


def test_the_celebrity_is_ranked_somewhere_and_low(demo: Demo) -> None:
    planted = demo.data.planted
    present = [
        demo.scores[t][planted.celebrity] for t in TOP_TOPICS if planted.celebrity in demo.scores[t]
    ]
    assert present, "the celebrity appears in no topic graph: the check above proved nothing"
    for s in present:
        assert s.percentiles["reach"] == 100.0
        assert s.rank > demo.scores[s.topic][demo.data.planted.opinion_leaders[s.topic]].rank


@pytest.mark.parametrize("topic", sorted(generate(7, 200).planted.detractors))
def test_planted_detractor_gets_role_detractor(demo: Demo, topic: str) -> None:
    detractor = demo.scores[topic][demo.data.planted.detractors[topic]]
    assert detractor.role == "detractor"
    assert detractor.components["negativeShare"] >= 0.5


@pytest.mark.parametrize("topic", TOP_TOPICS)
def test_planted_ambassadors_are_found(demo: Demo, topic: str) -> None:
    for person in demo.data.planted.ambassadors[topic]:
        assert demo.scores[topic][person].role == "ambassador"


@pytest.mark.parametrize("topic", TOP_TOPICS)
def test_rankings_are_consistent(demo: Demo, topic: str) -> None:
    ranked = sorted(demo.scores[topic].values(), key=lambda s: s.rank)
    assert [s.rank for s in ranked] == list(range(1, len(ranked) + 1))
    for a, b in itertools.pairwise(ranked):
        assert (a.score, b.person) >= (b.score, a.person)
    assert {s.job_id for s in ranked} == {demo.jobs[topic].id}
    for s in ranked[:50]:
        assert set(s.percentiles) == {
            "authority", "resonance", "reach", "relevance", "betweenness", "community",
            "recency", "momentum", "engagers",
        }  # fmt: skip
        assert all(0.0 <= v <= 100.0 for v in s.percentiles.values())


@pytest.mark.parametrize("topic", TOP_TOPICS)
def test_the_leaders_ranking_is_explained(demo: Demo, topic: str) -> None:
    explanation = demo.explanation[topic]
    assert explanation is not None
    assert explanation.score.person == demo.data.planted.opinion_leaders[topic]
    assert explanation.score.components["authority"] > 0
    people = explanation.contributors
    assert len(people) == 10
    assert [p.contribution for p in people] == sorted(
        (p.contribution for p in people), reverse=True
    )
    assert people[0].contribution > 0
    evidence = explanation.interactions
    assert len(evidence) == 10
    assert [e.weight for e in evidence] == sorted((e.weight for e in evidence), reverse=True)
    assert evidence[0].weight == 1.0  # a share or a quote: the strongest type


def test_every_analysis_query_runs_with_its_header_params(demo: Demo) -> None:
    assert set(demo.analyses) == {
        "analyses/community_summary",
        "analyses/detractor_watch",
        "analyses/influence_neighbourhood",
        "analyses/shared_influencers",
        "analyses/top_influencers",
    }
    top = demo.analyses["analyses/top_influencers"]
    assert [r["rank"] for r in top] == list(range(1, 21))
    assert top[0]["person"] == demo.data.planted.opinion_leaders["climate"]
    assert len(top[0]["topEngagers"]) == 3
    hood = demo.analyses["analyses/influence_neighbourhood"]
    assert {r["direction"] for r in hood} == {"influenced by", "influences"}
    communities = demo.analyses["analyses/community_summary"]
    assert len(communities) == 10
    assert all(0.0 <= r["inside"] <= 1.0 for r in communities)
    watch = demo.analyses["analyses/detractor_watch"]
    assert watch[0]["person"] == demo.data.planted.detractors["climate"]
    # shared_influencers: the people in the top $top of both topics' current rankings, with
    # their rank and role on each, ordered by rankA + rankB, then id (the file's header).
    params = demo.analysis_params["analyses/shared_influencers"]
    a, b = demo.scores[params["topicA"]], demo.scores[params["topicB"]]
    names = {p.id: p.name for p in demo.data.persons}
    both = [p for p in a.keys() & b.keys() if max(a[p].rank, b[p].rank) <= params["top"]]
    expected = [
        {
            "person": p,
            "name": names[p],
            "rankA": a[p].rank,
            "roleA": a[p].role,
            "rankB": b[p].rank,
            "roleB": b[p].role,
            "bestRank": min(a[p].rank, b[p].rank),
        }
        for p in sorted(both, key=lambda p: (a[p].rank + b[p].rank, p))
    ]
    assert expected, "no one is in both top lists: the comparison would prove nothing"
    assert demo.analyses["analyses/shared_influencers"] == expected


def _same_scores(a: dict[str, InfluenceScore], b: dict[str, InfluenceScore]) -> bool:
    return a.keys() == b.keys() and all(a[p].score == pytest.approx(b[p].score) for p in a)


def _ranking(scores: dict[str, InfluenceScore]) -> list[tuple[int, str]]:
    return sorted((s.rank, s.person) for s in scores.values())


def test_the_default_set_computes_only_what_the_score_weighs(demo: Demo) -> None:
    ran = demo.variants["default"][0].summary or {}
    assert ran["algorithms"].keys() == (demo.jobs[VARIANT_TOPIC].summary or {})["algorithms"].keys()
    full, _ = demo.variants["full"]
    # articleRank, eigenvector and HITS weigh 0 in the default blend: not computed by default.
    assert set(ran["algorithms"]) == {"pagerank", "degree", "betweenness", "louvain", "wcc"}
    assert set((full.summary or {})["algorithms"]) == {*CENTRALITIES, "louvain", "wcc"}


def test_the_default_ranking_equals_the_full_sets(demo: Demo) -> None:
    _, default = demo.variants["default"]
    _, full = demo.variants["full"]
    assert _ranking(default) == _ranking(full)
    assert _same_scores(default, full)
    assert {p: s.roles for p, s in default.items()} == {p: s.roles for p, s in full.items()}
    someone = next(iter(full.values()))
    assert {"articleRank", "eigenvector", "authScore", "hubScore"} <= set(someone.components)
    assert not {"articleRank", "eigenvector", "authScore"} & set(default[someone.person].components)


def test_too_big_for_exact_betweenness_the_default_set_leaves_it_out(demo: Demo) -> None:
    job, big = demo.variants["big"]
    _, default = demo.variants["default"]
    assert "betweenness" not in (job.summary or {})["algorithms"]
    assert _ranking(big) == _ranking(default)  # betweenness weighs 0 in the default blend
    assert _same_scores(big, default)
    assert all("betweenness" not in s.components for s in big.values())
    assert all("betweenness" not in s.percentiles for s in big.values())
    # Only the bridge role reads betweenness; every other role stays.
    assert any("bridge" in s.roles for s in default.values())
    assert {p: [r for r in s.roles if r != "bridge"] for p, s in default.items()} == {
        p: s.roles for p, s in big.items()
    }
