"""Acceptance on real networks: the service's analytics (graph model -> GDS projection ->
scores in the graph) agree with igraph computed independently on the same edge lists.

Each dataset is loaded through the ingest loader as one topic and analysed by a worker like
any job; the reference side never touches Neo4j.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

import igraph as ig
import pytest

from service.analytics.jobs import memberships, rankings, run_analysis
from service.analytics.options import AnalysisOptions
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.queries import Queries
from service.ingest.loader import load_records
from service.models import InfluenceScore, Job
from service.settings import Settings
from tests.conftest import DATASETS, drop_gds_graphs
from tests.realdata import Dataset, email_eu_core, iter_records, timme_retweets

pytestmark = pytest.mark.neo4j

OPTIONS = AnalysisOptions(
    centrality=["pagerank", "degree"],
    communities=["louvain", "leiden"],
    # Converge well past the comparison's tolerance.
    max_iterations=500,
    tolerance=1e-10,
)


@dataclass
class Outcome:
    data: Dataset
    job: Job
    scores: dict[str, InfluenceScore]
    louvain: dict[str, str]
    leiden: dict[str, str]
    reference: ig.Graph  # directed, weighted, one edge per pair
    catalog_after: int


def _reference_graph(data: Dataset) -> ig.Graph:
    weights: dict[tuple[str, str], float] = {}
    for a, b, w in data.edges:
        weights[a, b] = weights.get((a, b), 0.0) + w
    names = sorted({p for pair in weights for p in pair})
    index = {name: i for i, name in enumerate(names)}
    g = ig.Graph(directed=True)
    g.add_vertices(len(names))
    g.vs["name"] = names
    g.add_edges([(index[a], index[b]) for a, b in weights])
    g.es["weight"] = list(weights.values())
    return g


async def _analyse(settings: Settings) -> dict[str, Outcome]:
    driver = create_async_driver(settings)
    db = Database(driver, Queries(settings.cypher_dir), settings.neo4j_database, 120)
    datasets = [
        timme_retweets(DATASETS / "timme-purep"),
        email_eu_core(DATASETS / "email-eu-core"),
    ]
    worker = Worker(db, settings)
    try:
        await wipe(db)
        await load_records(db, iter_records(*datasets))
        out = {}
        for data in datasets:
            job = await run_analysis(db, data.topic, OPTIONS, settings)
            done = await worker.run_once(job.id)
            assert done is not None
            assert done.status == "succeeded", done.error
            gds = open_gds(settings)
            try:
                catalog = len(gds.graph.list())
            finally:
                gds.close()
            scores = await rankings(db, data.topic, first=10_000)
            out[data.topic] = Outcome(
                data=data,
                job=done,
                scores={s.person: s for s in scores},
                louvain=await memberships(db, data.topic, "louvain"),
                leiden=await memberships(db, data.topic, "leiden"),
                reference=_reference_graph(data),
                catalog_after=catalog,
            )
        return out
    finally:
        worker.close()
        await driver.close()


@pytest.fixture(scope="module")
def outcomes(neo4j_server: Settings) -> dict[str, Outcome]:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_analyse(neo4j_server))


DATASET_TOPICS = ["timme-retweets", "email-eu-core"]


def _by_max(values: dict[str, float]) -> dict[str, float]:
    top = max(values.values())
    return {k: v / top for k, v in values.items()}


def _top(values: dict[str, float], n: int) -> set[str]:
    return {k for k, _ in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:n]}


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_the_service_projects_exactly_the_edge_list(
    outcomes: dict[str, Outcome], topic: str
) -> None:
    o = outcomes[topic]
    assert o.job.summary is not None
    assert o.job.summary["nodes"] == o.reference.vcount()
    assert o.job.summary["relationships"] == o.reference.ecount()
    assert set(o.scores) == set(o.reference.vs["name"])
    assert o.catalog_after == 0


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_pagerank_agrees_with_igraph(outcomes: dict[str, Outcome], topic: str) -> None:
    """GDS PageRank starts every node at 1 - d and lets the rank of dangling nodes leak;
    igraph (PRPACK) spreads it uniformly and sums to 1. With a uniform teleport both are the
    same vector up to a constant factor, since r_gds = (1-d)(I - dP)^-1 1 and the uniform
    dangling mass only rescales (I - dP)^-1 1. So after dividing each by its maximum they
    must agree to the solvers' precision: 1e-3 of the top score is far above the 1e-10
    tolerance both runs converge to, and far below any real difference of method."""
    o = outcomes[topic]
    g = o.reference
    reference = dict(
        zip(g.vs["name"], g.pagerank(directed=True, weights="weight", damping=0.85), strict=True)
    )
    ours = {p: s.components["authority"] for p, s in o.scores.items()}
    ref_n, ours_n = _by_max(reference), _by_max(ours)
    worst = max(abs(ref_n[p] - ours_n[p]) for p in ref_n)
    print(f"{topic}: PageRank max |difference| after normalisation {worst:.2e}")
    assert worst < 1e-3
    assert _top(ours, 20) == _top(reference, 20)


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_weighted_in_degree_agrees_with_igraph(outcomes: dict[str, Outcome], topic: str) -> None:
    """Resonance is the weighted in-degree (engagement received): a sum, so exact."""
    o = outcomes[topic]
    g = o.reference
    reference = dict(zip(g.vs["name"], g.strength(mode="in", weights="weight"), strict=True))
    ours = {p: s.components["resonance"] for p, s in o.scores.items()}
    ref_n, ours_n = _by_max(reference), _by_max(ours)
    worst = max(abs(ref_n[p] - ours_n[p]) for p in ref_n)
    print(f"{topic}: weighted in-degree max |difference| after normalisation {worst:.2e}")
    assert worst < 1e-9
    assert _top(ours, 20) == _top(reference, 20)


def _undirected(g: ig.Graph) -> ig.Graph:
    """The graph community detection sees: undirected, both directions' weights summed."""
    u = g.copy()
    u.to_undirected(mode="collapse", combine_edges="sum")
    return u


def _membership(u: ig.Graph, communities: dict[str, str]) -> list[int]:
    ids: dict[str, int] = {}
    return [ids.setdefault(communities[name], len(ids)) for name in u.vs["name"]]


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_modularity_of_louvain_and_leiden_close_to_igraph(
    outcomes: dict[str, Outcome], topic: str
) -> None:
    """Both sides' partitions are scored by igraph on the same undirected weighted graph."""
    o = outcomes[topic]
    u = _undirected(o.reference)
    assert set(o.louvain) == set(u.vs["name"]) == set(o.leiden)
    q_louvain = u.modularity(_membership(u, o.louvain), weights="weight")
    q_leiden = u.modularity(_membership(u, o.leiden), weights="weight")
    random.seed(1)
    q_ig_louvain = u.community_multilevel(weights="weight").modularity
    q_ig_leiden = u.community_leiden(
        objective_function="modularity", weights="weight", n_iterations=-1
    ).modularity
    print(f"{topic}: modularity GDS Louvain {q_louvain:.4f} vs igraph {q_ig_louvain:.4f}; "
          f"GDS Leiden {q_leiden:.4f} vs igraph {q_ig_leiden:.4f}")  # fmt: skip
    assert abs(q_louvain - q_ig_louvain) < 0.02
    assert abs(q_leiden - q_ig_leiden) < 0.02


# NMI floors. email-eu-core: Louvain recovers departments with NMI about 0.60 (networkx,
# datasets README; we measured 0.57 Louvain, 0.59 Leiden); a floor of 0.50 leaves room for the
# heuristics' randomness, while a structural error (wrong direction, lost weights, a scrambled
# id mapping) falls toward the shuffled-label baseline (~0.06) computed below. timme-purep:
# 87% of retweets stay inside a party, but modularity splits the parties into several groups
# (5 here), which caps NMI against a 3-label truth well below 1; we measured 0.52 Louvain,
# 0.46 Leiden (shuffled: 0.005) and set the floor at 0.35.
NMI_FLOORS = {"email-eu-core": 0.50, "timme-retweets": 0.35}


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_communities_recover_the_ground_truth(outcomes: dict[str, Outcome], topic: str) -> None:
    o = outcomes[topic]
    people = sorted(o.louvain)
    truth = [o.data.labels[p] for p in people]
    truth_ids: dict[str, int] = {}
    truth_m = [truth_ids.setdefault(t, len(truth_ids)) for t in truth]
    shuffled = truth_m[:]
    random.Random(7).shuffle(shuffled)
    for name, communities in (("louvain", o.louvain), ("leiden", o.leiden)):
        found_ids: dict[str, int] = {}
        found = [found_ids.setdefault(communities[p], len(found_ids)) for p in people]
        nmi = ig.compare_communities(found, truth_m, method="nmi")
        baseline = ig.compare_communities(found, shuffled, method="nmi")
        print(f"{topic} {name}: NMI {nmi:.3f} (shuffled labels {baseline:.3f}), "
              f"{len(found_ids)} communities")  # fmt: skip
        assert nmi >= NMI_FLOORS[topic]
        assert nmi >= baseline + 0.3
