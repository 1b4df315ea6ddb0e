"""Acceptance on the demo: the brand's stored relationship stages equal the independent
reference over the demo's records (and the planted histories reach their stages), and the
planted crisis raises exactly one NEGATIVE_SURGE alert, starting on its first day and naming
the planted detractor, while the calm weeks (the rest of the year) raise none. The same
detractor raises exactly one DETRACTOR_EMERGED alert, on its first day (both alerts already
on data cut at that day's end), and the demo's scattered criticism raises no other: the
alerts equal the rule recomputed independently over the demo's records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from service.alerts import lifecycle
from service.alerts.watch import AlertChanges, detect_all
from service.db import relationships as rel_db
from service.db.database import Database
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.analysis import run_job
from tests.support.detractor_reference import detractors
from tests.support.relationship_reference import reference, stored_as_reference

pytestmark = pytest.mark.neo4j


async def test_demo_stages_and_planted_crisis(db: Database, neo4j_server: Settings) -> None:
    data = generate(seed=7, people=3000)
    await load_records(db, data.records())
    brand = data.brand.id

    rows = await rel_db.page(db, brand, None, None, None, 1_000_000)
    got = {str(r["person"]): stored_as_reference(r) for r in rows}
    joined: dict[str, list[datetime]] = {}  # the demo enlists nobody and has no campaign
    assert got == reference(data.interactions, data.brand.represents, brand, joined)
    order = ["unaware", "noticed", "engaged", "collaborating", "advocate"]
    for person, stage in data.relationships.stages.items():  # the planted histories
        assert got[person][stage] is not None, person
        assert order.index(got[person]["stage"]) >= order.index(stage), person
    assert {r["stage"] for r in got.values()} >= {"noticed", "engaged", "advocate"}

    alerts = await lifecycle.page(db, brand, None, None, 100)
    surges = [a for a in alerts if a.kind == "NEGATIVE_SURGE"]
    assert len(surges) == 1, [(a.topic, a.started_at) for a in surges]
    (alert,) = surges
    assert alert.started_at == data.crisis.day
    assert data.crisis.detractor in [d["person"] for d in alert.drivers]
    assert alert.drivers[0]["person"] == data.crisis.detractor
    assert await detect_all(db) == AlertChanges()  # the load ran it; nothing new

    # Weighted by authority once the topic is analysed: still exactly the one surge (and the
    # one detractor behind it).
    await run_job(db, neo4j_server, data.brand.topic)
    await db.write("test/delete_alerts")
    changes = await detect_all(db)
    assert len(changes.raised) == 2
    found = await lifecycle.page(db, brand, None, None, 100)
    assert sorted(a.kind for a in found) == ["DETRACTOR_EMERGED", "NEGATIVE_SURGE"]
    (again,) = [a for a in found if a.kind == "NEGATIVE_SURGE"]
    (emerged,) = [a for a in found if a.kind == "DETRACTOR_EMERGED"]
    assert [d["person"] for d in emerged.drivers] == [data.crisis.detractor]
    assert emerged.started_at == data.crisis.day
    assert emerged.drivers[0]["community"] is not None
    assert again.started_at == data.crisis.day
    assert again.drivers[0]["person"] == data.crisis.detractor
    assert again.drivers[0]["community"] is not None


async def test_demo_planted_detractor_emerges_once(db: Database, neo4j_server: Settings) -> None:
    data = generate(seed=7, people=3000)
    await load_records(db, data.records())  # detection runs after the load
    brand = data.brand.id
    alerts = await lifecycle.page(db, brand, None, None, 100)
    emerged = [a for a in alerts if a.kind == "DETRACTOR_EMERGED"]
    got = {(a.topic, a.drivers[0]["person"], a.started_at.date()) for a in emerged}
    expected = detractors(data.interactions, data.brand.represents, brand, neo4j_server)
    assert got == expected
    assert got == {(data.brand.topic, data.crisis.detractor, data.crisis.day.date())}
    (alert,) = emerged
    assert [d["person"] for d in alert.drivers] == [data.crisis.detractor]
    assert alert.drivers[0]["weight"] == 42.0  # 18 + 24 acts, no scores yet
    assert set(alert.drivers[0]["evidence"]) <= {i.id for i in data.crisis.interactions}
    assert alert.responders
    assert alert.status == "resolved"  # two months of data after it, without them
    assert [a.kind for a in alerts].count("NEGATIVE_SURGE") == 1  # unchanged
    assert await detect_all(db) == AlertChanges()  # a re-run raises nothing new

    # Within its first day: with the data cut at the end of it, the same alert is raised.
    await db.write("test/delete_alerts")
    cut = data.crisis.day + timedelta(days=1)
    await db.write("test/delete_interactions_from", **{"from": cut.isoformat()})
    changes = await detect_all(db)
    assert alert.id in changes.raised
    (first_day,) = [a for a in await lifecycle.page(db, brand, None, None, 100)
                    if a.kind == "DETRACTOR_EMERGED"]  # fmt: skip
    assert first_day.id == alert.id
    assert first_day.status == "open"
    assert first_day.drivers[0]["weight"] == 18.0
    # The surge too is raised on data that ends with its first day: one NEGATIVE_SURGE,
    # starting that day, the detractor its first driver.
    (surge,) = [a for a in await lifecycle.page(db, brand, None, None, 100)
                if a.kind == "NEGATIVE_SURGE"]  # fmt: skip
    assert surge.id in changes.raised
    assert surge.started_at == data.crisis.day
    assert surge.drivers[0]["person"] == data.crisis.detractor
