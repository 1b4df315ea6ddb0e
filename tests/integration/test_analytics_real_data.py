"""Acceptance on real networks: the service's analytics (graph model -> GDS projection ->
scores in the graph) agree with igraph computed independently on the same data.

Each dataset is read by the service's importer (service/ingest/importers) and loaded through
the ingest loader, as `influence-graph import` does, then analysed by a worker like any job.
The reference graph is built from the very records the importer produced, the way
cypher/analytics/project_topic.cypher reads them with the job's options: every interaction
about the topic adds weight[type] x count to the edge engager (actor) -> influencer
(target), one edge per pair. The reference side never touches Neo4j.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import igraph as ig
import pytest

from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import graph_names, open_gds
from service.db.graph import wipe
from service.db.scores import memberships, rankings
from service.ingest.importers import email_eu, timme
from service.ingest.loader import load_records
from service.ingest.records import AnyRecord, InteractionRecord, PersonRecord, TopicRecord
from service.models import InfluenceScore, Job
from service.settings import Settings
from tests.conftest import DATASETS, drop_gds_graphs
from tests.support.queries import queries_with_tests

pytestmark = pytest.mark.neo4j

OPTIONS = AnalysisOptions(
    centrality=["pagerank", "degree"],
    communities=["louvain", "leiden"],
    # One thread: parallel Louvain and Leiden differ from run to run (NMI on politics has
    # ranged 0.33-0.42), and a floor must judge the algorithm's output, not the scheduler's.
    concurrency=1,
    # Converge well past the comparison's tolerance.
    max_iterations=500,
    tolerance=1e-10,
)


@dataclass(frozen=True)
class Dataset:
    topic: str
    folder: Path
    read: Callable[[Path], Iterator[AnyRecord]]
    label: str  # the person attribute that is the ground truth for communities


DATASETS_READ = [
    Dataset(timme.TOPIC_ID, DATASETS / "timme-purep", timme.read_timme, "party"),
    Dataset(email_eu.TOPIC_ID, DATASETS / "email-eu-core", email_eu.read_email_eu, "department"),
]


@dataclass
class Outcome:
    records: list[AnyRecord]  # as the importer yielded them, and as they were loaded
    options: AnalysisOptions  # what the job ran with (defaults resolved)
    job: Job
    scores: dict[str, InfluenceScore]
    louvain: dict[str, str]
    leiden: dict[str, str]
    # (engager, influencer) -> (weight, interactions): written by the analysis, and computed
    edges: dict[tuple[str, str], tuple[float, int]]
    reference_edges: dict[tuple[str, str], tuple[float, int]]
    reference: ig.Graph  # reference_edges as a graph: directed, weighted
    labels: dict[str, str]  # person id -> ground-truth group
    catalog_after: int


def _topics_under(records: Iterable[AnyRecord], root: str) -> set[str]:
    """The topic and its subtopics, from the records' parent links."""
    parent = {r.id: r.parent for r in records if isinstance(r, TopicRecord)}
    under = set()
    for topic in parent:
        seen: set[str] = set()
        at: str | None = topic
        while at is not None and at not in seen:
            if at == root:
                under.add(topic)
                break
            seen.add(at)
            at = parent.get(at)
    return under | {root}


def _reference_edges(
    records: list[AnyRecord], topic: str, options: AnalysisOptions
) -> dict[tuple[str, str], tuple[float, int]]:
    """(engager, influencer) -> (weight, interactions), as project_topic.cypher computes them
    from the graph: no window and no decay here, so weight = sum of weights[type] x count."""
    assert options.since is None, "the reference applies no window"
    assert options.until is None, "the reference applies no window"
    assert not options.half_life_days, "the reference applies no decay"
    weights = options.weights or {}
    topics = _topics_under(records, topic)
    edges: dict[tuple[str, str], tuple[float, int]] = {}
    for r in records:
        if isinstance(r, InteractionRecord) and topics.intersection(r.topics):
            weight, count = edges.get((r.actor, r.target), (0.0, 0))
            edges[r.actor, r.target] = (
                weight + weights.get(r.type, 0.0) * r.count,
                count + r.count,
            )
    return {pair: value for pair, value in edges.items() if value[0] > 0}


def _reference_graph(edges: dict[tuple[str, str], tuple[float, int]]) -> ig.Graph:
    names = sorted({p for pair in edges for p in pair})
    index = {name: i for i, name in enumerate(names)}
    g = ig.Graph(directed=True)
    g.add_vertices(len(names))
    g.vs["name"] = names
    g.add_edges([(index[a], index[b]) for a, b in edges])
    g.es["weight"] = [weight for weight, _ in edges.values()]
    return g


def _labels(records: list[AnyRecord], attribute: str) -> dict[str, str]:
    return {
        r.id: str(r.attributes[attribute])
        for r in records
        if isinstance(r, PersonRecord) and r.attributes and attribute in r.attributes
    }


async def _analyse(settings: Settings) -> dict[str, Outcome]:
    driver = create_async_driver(settings)
    db = Database(driver, queries_with_tests(settings), settings.neo4j_database, 120)
    worker = Worker(db, settings)
    try:
        await wipe(db)
        imported = {d.topic: list(d.read(d.folder)) for d in DATASETS_READ}
        for records in imported.values():
            loaded = await load_records(db, records)
            # Everything the importer produced was written: no record dropped on the way.
            kinds: Counter[str] = Counter(r.kind for r in records)
            assert +Counter(loaded.written) == kinds
        out = {}
        for data in DATASETS_READ:
            records = imported[data.topic]
            job = await enqueue_analysis(db, data.topic, OPTIONS, settings)
            done = await worker.run_once(job.id)
            assert done is not None
            assert done.status == "succeeded", done.error
            gds = open_gds(settings)
            try:
                catalog = len(graph_names(gds))
            finally:
                gds.close()
            options = AnalysisOptions.model_validate(done.params)
            reference = _reference_edges(records, data.topic, options)
            scores = await rankings(db, data.topic, first=10_000)
            written = await db.read("test/influences", topic=data.topic)
            out[data.topic] = Outcome(
                records=records,
                options=options,
                job=done,
                scores={s.person: s for s in scores},
                louvain=await memberships(db, data.topic, "louvain"),
                leiden=await memberships(db, data.topic, "leiden"),
                edges={
                    (r["engager"], r["influencer"]): (r["weight"], r["interactions"])
                    for r in written
                },
                reference_edges=reference,
                reference=_reference_graph(reference),
                labels=_labels(records, data.label),
                catalog_after=catalog,
            )
        return out
    finally:
        await worker.aclose()
        await driver.close()


@pytest.fixture(scope="module")
def outcomes(neo4j_server: Settings) -> dict[str, Outcome]:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_analyse(neo4j_server))


DATASET_TOPICS = [timme.TOPIC_ID, email_eu.TOPIC_ID]


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


# One pair per data set, counted by hand in the raw files: (engager, influencer), the
# interaction types the importer yields for the whole data set, the edge's weight and its
# number of interactions.
HAND_PICKED: dict[str, tuple[tuple[str, str], set[str], float, int]] = {
    # 1055685948 retweeted 14135426 5 times, mentioned them 14 times, replied 3 times and liked
    # 3 of their tweets (retweet_list, mention_list, reply_list and favorite_list.csv).
    timme.TOPIC_ID: (
        ("timme-1055685948", "timme-14135426"),
        {"share", "mention", "reply", "like"},
        5 * 1.0 + 14 * 0.5 + 3 * 0.7 + 3 * 0.2,
        5 + 14 + 3 + 3,
    ),
    # Line "0 1" of email-Eu-core.txt: one e-mail, a mention of weight 0.5.
    email_eu.TOPIC_ID: (("email-0", "email-1"), {"mention"}, 0.5, 1),
}


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_the_written_edges_are_the_reference_edges_with_their_weights(
    outcomes: dict[str, Outcome], topic: str
) -> None:
    """Pair by pair: the influence edges the analysis wrote carry the weight and the number
    of interactions the reference computed from the importer's records."""
    o = outcomes[topic]
    assert set(o.edges) == set(o.reference_edges)
    worst = max(abs(o.edges[pair][0] - w) / w for pair, (w, _) in o.reference_edges.items())
    print(f"{topic}: edge weight max relative difference {worst:.2e}")
    assert worst < 1e-9
    assert {pair: n for pair, (_, n) in o.edges.items()} == {
        pair: n for pair, (_, n) in o.reference_edges.items()
    }
    # The reference above uses the job's own weights; this pair is checked against the
    # weights the README documents (WEIGHT_SHARE 1.0, WEIGHT_MENTION 0.5, WEIGHT_REPLY 0.7,
    # WEIGHT_LIKE 0.2), so a job that recorded and used wrong weights cannot pass.
    types = {r.type for r in o.records if isinstance(r, InteractionRecord)}
    pair, expected_types, weight, interactions = HAND_PICKED[topic]
    assert types == expected_types
    assert o.edges[pair][1] == interactions
    assert o.edges[pair][0] == pytest.approx(weight, rel=1e-12)


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
    # Both are randomised heuristics (GDS's runs in parallel): one full suite saw GDS Louvain
    # 0.404 against igraph's 0.429 on email (2026-12-05). A structural error (lost weights,
    # a wrong direction, scrambled ids) costs far more than 0.03.
    assert abs(q_louvain - q_ig_louvain) < 0.03
    assert abs(q_leiden - q_ig_leiden) < 0.03


# NMI floors. email: Louvain recovers departments with NMI about 0.60 (networkx, datasets
# README; we measured 0.59 Louvain, 0.59 Leiden); a floor of 0.50 leaves room for the
# heuristics' randomness, while a structural error (wrong direction, lost weights, a scrambled
# id mapping) falls toward the shuffled-label baseline (~0.06) computed below. politics (TIMME,
# its four kinds of interaction weighted by type): 87% of retweets stay inside a party, but
# modularity splits the parties into several groups (5-6 here), which caps NMI against a
# 3-label truth well below 1. igraph on the same graph, 30 seeds: Louvain 0.39-0.44, Leiden
# 0.39-0.40 (2026-12-05). GDS's Louvain lands lower at times, even on one thread: 0.41 with
# this module alone, 0.343 in a full suite (we take it that its partition follows the node
# order of the projection, which the store's layout, changed by the tests before, decides);
# parallel runs 0.33-0.42. The floor is 0.30: far above the shuffled baseline (0.003), below
# what that order dependence reaches; the modularity test above holds it to igraph's.
NMI_FLOORS = {email_eu.TOPIC_ID: 0.50, timme.TOPIC_ID: 0.30}


@pytest.mark.parametrize("topic", DATASET_TOPICS)
def test_communities_recover_the_ground_truth(outcomes: dict[str, Outcome], topic: str) -> None:
    o = outcomes[topic]
    people = sorted(o.louvain)
    truth = [o.labels[p] for p in people]
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
