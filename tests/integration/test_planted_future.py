"""The planted future (service/ingest/demo/future.py) through a real analysis of the window
before its split: the temporal components rank the planted risers above the faders, a plain
count of engagement does not, and the recorded truth after the split agrees with the plant."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from statistics import mean

import pytest

from service.analytics.analysis import Analysis, JobControl
from service.analytics.options import AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.analytics.scoring import Scored
from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds
from service.db.graph import wipe
from service.db.queries import Queries
from service.db.scores import rankings
from service.ingest.demo.future import FutureDemo, generate_future
from service.ingest.loader import load_records
from service.models import InfluenceScore
from service.settings import Settings
from tests.conftest import drop_gds_graphs

pytestmark = pytest.mark.neo4j


@dataclass
class Before:
    scores: dict[str, InfluenceScore]  # what the analysis job wrote
    computed: list[Scored]  # Analysis.compute() of the same window, run afterwards
    scores_after_compute: dict[str, InfluenceScore]


async def _analyse_before_split(settings: Settings, demo: FutureDemo) -> Before:
    driver = create_async_driver(settings)
    db = Database(driver, Queries(settings.cypher_dir), settings.neo4j_database, 120)
    worker = Worker(db, settings)
    gds = open_gds(settings)
    try:
        await wipe(db)
        await load_records(db, demo.records())
        options = AnalysisOptions(since=demo.start, until=demo.split)
        job = await enqueue_analysis(db, demo.topic, options, settings)
        done = await worker.run_once(job.id)
        assert done is not None
        assert done.status == "succeeded", done.error
        written = {s.person: s for s in await rankings(db, demo.topic, first=100_000)}
        analysis = Analysis(
            db, gds, settings, "backtest-1", "lease-1", demo.topic, options, JobControl()
        )
        computed = await analysis.compute()
        assert not computed.written
        after = {s.person: s for s in await rankings(db, demo.topic, first=100_000)}
        return Before(written, computed.people, after)
    finally:
        gds.close()
        await worker.aclose()
        await driver.close()


@pytest.fixture(scope="module")
def planted() -> FutureDemo:
    return generate_future()


@pytest.fixture(scope="module")
def before(neo4j_server: Settings, planted: FutureDemo) -> Before:
    drop_gds_graphs(neo4j_server)
    return asyncio.run(_analyse_before_split(neo4j_server, planted))


@pytest.fixture(scope="module")
def scores(before: Before) -> dict[str, InfluenceScore]:
    return before.scores


def test_compute_scores_as_the_job_did_and_writes_nothing(before: Before) -> None:
    assert before.scores_after_compute == before.scores
    assert len(before.computed) == len(before.scores)
    for person in before.computed:
        stored = before.scores[person.person]
        assert (person.rank, person.score) == (stored.rank, stored.score)
        for name in ("recency", "momentum", "engagers"):
            assert person.components[name] == pytest.approx(stored.components[name])


def _order(scores: dict[str, InfluenceScore], component: str) -> list[str]:
    return sorted(scores, key=lambda p: (-scores[p].components[component], p))


def _positions(order: list[str], people: tuple[str, ...]) -> list[int]:
    return [order.index(p) for p in people]


def test_the_plant_holds_in_the_data(planted: FutureDemo) -> None:
    before = Counter(i.target for i in planted.interactions if i.at < planted.split)
    after = Counter(i.target for i in planted.interactions if i.at >= planted.split)
    assert min(before[p] for p in planted.faders) > max(before[p] for p in planted.risers)
    assert min(after[p] for p in planted.risers) > max(after[p] for p in planted.faders)
    top_after = {p for p, _ in after.most_common(len(planted.risers))}
    assert top_after == set(planted.risers)


@pytest.mark.parametrize("component", ["momentum", "recency"])
def test_temporal_components_rank_every_riser_above_every_fader(
    scores: dict[str, InfluenceScore], planted: FutureDemo, component: str
) -> None:
    order = _order(scores, component)
    assert max(_positions(order, planted.risers)) < min(_positions(order, planted.faders))


def test_a_plain_count_ranks_the_faders_first(
    scores: dict[str, InfluenceScore], planted: FutureDemo
) -> None:
    for count in ("received", "resonance"):
        order = _order(scores, count)
        assert max(_positions(order, planted.faders)) < min(_positions(order, planted.risers))


def test_risers_gain_momentum_and_faders_have_stopped(
    scores: dict[str, InfluenceScore], planted: FutureDemo
) -> None:
    momentum = {p: scores[p].components["momentum"] for p in (*planted.risers, *planted.faders)}
    assert min(momentum[p] for p in planted.risers) > 0.5
    assert max(momentum[p] for p in planted.faders) < -0.9
    pct = {p: scores[p].percentiles["momentum"] for p in planted.risers}
    assert mean(pct.values()) > 95
    engagers = [scores[p].components["engagers"] for p in planted.risers]
    assert all(e >= 2 for e in engagers)
