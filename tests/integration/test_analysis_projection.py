"""What a topic's influence graph holds: subtopics in, other topics and the outside of the
window out, type weights x count x half-life decay, one edge per pair; and the Cypher and the
staged native projections give the same results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.analytics.options import AnalysisOptions
from service.db.database import Database
from service.db.scores import rankings
from service.ingest.loader import load_records
from service.ingest.records import InteractionRecord, PersonRecord, TopicRecord
from service.models import Job
from service.settings import Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs

pytestmark = pytest.mark.neo4j

UNTIL = datetime(2026, 6, 1, tzinfo=UTC)
SINCE = UNTIL - timedelta(days=60)
NOW = UNTIL - timedelta(seconds=1)


def _records() -> list[TopicRecord | PersonRecord | InteractionRecord]:
    def act(n: int, kind: str, actor: str, target: str, topics: list[str], at: datetime,
            count: int = 1) -> InteractionRecord:  # fmt: skip
        return InteractionRecord(
            id=f"i{n}", type=kind, actor=actor, target=target, topics=topics, at=at,
            count=count, sentiment=0.5,
        )  # fmt: skip

    return [
        TopicRecord(id="t", name="T"),
        TopicRecord(id="t-sub", name="T sub", parent="t"),
        TopicRecord(id="other", name="Other"),
        *[PersonRecord(id=p, name=p.upper(), followers=10) for p in ("a", "b", "c")],
        act(1, "share", "b", "a", ["t-sub"], NOW - timedelta(days=10)),  # 1.0 x 0.5
        act(2, "reply", "b", "a", ["t"], NOW),  # 0.7
        act(3, "share", "b", "a", ["other"], NOW),  # another topic: out
        act(4, "share", "b", "a", ["t"], SINCE - timedelta(days=1)),  # before the window: out
        act(5, "like", "c", "a", ["t"], NOW - timedelta(days=20), count=3),  # 0.2 x 3 x 0.25
        act(6, "mention", "a", "b", ["t", "t-sub"], NOW),  # 0.5, counted once
    ]


async def _analyse(db: Database, settings: Settings, projection: str) -> Job:
    options = AnalysisOptions(
        since=SINCE, until=UNTIL, half_life_days=10, projection=projection,
        communities=["wcc"],
    )  # fmt: skip
    done = await run_job(db, settings, "t", options)
    assert done.status == "succeeded", done.error
    return done


async def test_the_topic_graph_and_its_weights(db: Database, neo4j_server: Settings) -> None:
    await load_records(db, _records())
    job = await _analyse(db, neo4j_server, "cypher")
    assert job.summary is not None
    assert job.summary["nodes"] == 3
    assert job.summary["relationships"] == 3
    edges = {
        (r["influencer"], r["engager"]): (r["weight"], r["interactions"])
        for r in await db.read("test/influences", topic="t")
    }
    assert set(edges) == {("a", "b"), ("a", "c"), ("b", "a")}
    assert edges["a", "b"][0] == pytest.approx(0.5 + 0.7, abs=1e-5)
    assert edges["a", "b"][1] == 2
    assert edges["a", "c"][0] == pytest.approx(0.2 * 3 * 0.25, abs=1e-5)
    assert edges["a", "c"][1] == 3
    assert edges["b", "a"][0] == pytest.approx(0.5, abs=1e-5)
    scores = {s.person: s for s in await rankings(db, "t")}
    assert scores["a"].rank == 1
    assert scores["a"].components["resonance"] == pytest.approx(1.2 + 0.15, abs=1e-5)
    assert scores["a"].components["received"] == 1 + 1 + 3  # i1, i2 and i5 (count 3)
    assert scores["a"].components["sentiment"] == pytest.approx(0.5)
    drop_gds_graphs(neo4j_server)


async def test_native_and_cypher_projections_agree(db: Database, neo4j_server: Settings) -> None:
    await load_records(db, _records())
    await _analyse(db, neo4j_server, "cypher")
    by_cypher = {s.person: s for s in await rankings(db, "t")}
    edges_by_cypher = await db.read_one("test/influence_edges", topic="t")
    await _analyse(db, neo4j_server, "native")
    by_native = {s.person: s for s in await rankings(db, "t")}
    edges_by_native = await db.read_one("test/influence_edges", topic="t")
    assert set(by_native) == set(by_cypher) == {"a", "b", "c"}
    # The stored edges GDS wrote from either projection: the same, influencer -> engager.
    assert edges_by_cypher is not None
    assert edges_by_native is not None
    assert len(edges_by_native["edges"]) == 3
    assert edges_by_native["edges"] == edges_by_cypher["edges"]
    for person, s in by_native.items():
        assert s.rank == by_cypher[person].rank
        assert s.score == pytest.approx(by_cypher[person].score, abs=1e-9)
        assert s.components["authority"] == pytest.approx(
            by_cypher[person].components["authority"], abs=1e-9
        )
    leftovers = await db.read("test/stage_leftovers")
    assert leftovers == [{"labels": 0, "types": 0}]
