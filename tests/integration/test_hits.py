"""HITS as the service stores it: the authority and hub scores of the topic graph (engager ->
influencer), each its own (GDS 2.13's mutate mode copied the authority score into the hub
property), equal to igraph's on the same edges."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import igraph as ig
import pytest

from service.analytics.options import AnalysisOptions
from service.db.database import Database
from service.db.scores import rankings
from service.ingest.loader import load_records
from service.ingest.records import InteractionRecord, PersonRecord, TopicRecord
from service.settings import Settings
from tests.analysis import run_job

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 3, 1, tzinfo=UTC)


def _graph(seed: int = 5) -> tuple[list[str], list[tuple[str, str]]]:
    """60 people; a few prolific engagers (hubs) and a few much-engaged people (authorities);
    a ring through everyone, so that no score is 0 and the solution is unique."""
    rng = random.Random(seed)
    people = [f"p{i:02d}" for i in range(60)]
    edges = {(people[i], people[(i + 1) % 60]) for i in range(60)}
    while len(edges) < 400:
        engager = people[min(int(rng.expovariate(0.15)), 59)]
        influencer = people[59 - min(int(rng.expovariate(0.1)), 59)]
        if engager != influencer:
            edges.add((engager, influencer))
    return people, sorted(edges)


def _scaled(values: list[float]) -> list[float]:
    top = max(values)
    return [v / top for v in values]


async def test_hits_scores_are_authority_and_hub_as_igraph_computes_them(
    db: Database, neo4j_server: Settings
) -> None:
    people, edges = _graph()
    records: list[TopicRecord | PersonRecord | InteractionRecord] = [
        TopicRecord(id="t", name="T"),
        *[PersonRecord(id=p, name=p) for p in people],
        *[
            InteractionRecord(
                id=f"i{n}",
                type="share",
                actor=a,
                target=b,
                topics=["t"],
                at=AT + timedelta(hours=n),
            )
            for n, (a, b) in enumerate(edges)
        ],
    ]
    await load_records(db, records)
    done = await run_job(db, neo4j_server, "t", AnalysisOptions(centrality=["hits"]))
    assert done.status == "succeeded", done.error
    assert "hits" in (done.summary or {})["algorithms"]
    scores = {s.person: s.components for s in await rankings(db, "t", first=1000)}

    ranked = sorted(scores)
    index = {p: i for i, p in enumerate(ranked)}
    g = ig.Graph(n=len(ranked), edges=[(index[a], index[b]) for a, b in edges], directed=True)
    authority = _scaled(g.authority_score())
    hub = _scaled(g.hub_score())
    stored_auth = _scaled([scores[p]["authScore"] for p in ranked])
    stored_hub = _scaled([scores[p]["hubScore"] for p in ranked])
    assert stored_auth == pytest.approx(authority, abs=1e-3)
    assert stored_hub == pytest.approx(hub, abs=1e-3)
    assert stored_auth != pytest.approx(stored_hub, abs=1e-2)
