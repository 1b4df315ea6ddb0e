"""Crisis watch on a synthetic brand: calm weeks of scattered criticism raise nothing, a
detractor's two-day surge raises exactly one NEGATIVE_SURGE alert starting on its first day
and naming them, and one DETRACTOR_EMERGED alert for them (a newcomer among the critics);
detection is idempotent, resolves both once quiet, and the lifecycle (acknowledge, resolve)
returns what changed. The detector's figures are checked against a plain recomputation of the
robust z-score."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

import pytest

from service.alerts import lifecycle
from service.alerts.watch import AlertChanges, detect, detect_all
from service.db import relationships as rel_db
from service.db.database import Database
from service.db.scores import rankings
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)
from service.settings import Settings
from service.webhooks.events import ALERT_RAISED, ALERT_RESOLVED
from service.webhooks.subscriptions import create_webhook
from tests.analysis import run_job

pytestmark = pytest.mark.neo4j
D0 = datetime(2026, 1, 1, tzinfo=UTC)
CRISIS = 35  # days after D0


def act(n: str, actor: str, target: str, at: datetime, sentiment: float,
        kind: str = "reply") -> InteractionRecord:  # fmt: skip
    return InteractionRecord.model_validate(
        {"id": n, "type": kind, "actor": actor, "target": target, "topics": ["energy"],
         "at": at.isoformat(), "sentiment": sentiment})  # fmt: skip


def world(crisis: bool) -> list[Any]:
    rng = random.Random(19)
    crowd = [f"c{n}" for n in range(40)]
    out: list[Any] = [TopicRecord(id="energy", name="Energy"), BrandRecord(id="nw", name="NW")]
    out += [PersonRecord(id=p, name=p) for p in [*crowd, "off", "emp", "detractor"]]
    out += [RepresentsRecord(person="off", brand="nw", role="official"),
            RepresentsRecord(person="emp", brand="nw", role="employee")]  # fmt: skip
    for n in range(CRISIS * 12):  # calm: about 12 acts a day, a third of them critical
        at = D0 + timedelta(minutes=rng.randrange(CRISIS * 24 * 60))
        sentiment = rng.uniform(-0.9, -0.3) if rng.random() < 0.33 else rng.uniform(0, 0.9)
        out.append(act(f"calm{n}", rng.choice(crowd), rng.choice(["off", "emp"]), at, sentiment))
    if crisis:
        for day in (CRISIS, CRISIS + 1):
            for n in range(25):
                at = D0 + timedelta(days=day, minutes=rng.randrange(24 * 60))
                out.append(act(f"d{day}-{n}", "detractor", "off", at, -0.9))
    for day in range(CRISIS + 2, CRISIS + 6):  # calm again afterwards
        at = D0 + timedelta(days=day, hours=12)
        out.append(act(f"after{day}", rng.choice(crowd), "emp", at, 0.5))
    return out


def plain_z(series: dict[date, float], day: date, first: date) -> float:
    base = [series.get(first + timedelta(days=k), 0.0)
            for k in range(max(0, (day - first).days - 28), (day - first).days)]  # fmt: skip
    mid = median(base)
    mad = median(abs(v - mid) for v in base)
    return (series.get(day, 0.0) - mid) / max(1.4826 * mad, 1.0)


async def test_calm_weeks_raise_nothing(db: Database) -> None:
    await load_records(db, world(crisis=False))
    assert await lifecycle.count(db, "nw", None) == 0
    assert await detect_all(db) == AlertChanges()
    assert await lifecycle.count(db, "nw", None) == 0


async def test_a_two_day_surge_raises_one_alert_naming_the_detractor(db: Database) -> None:
    records = world(crisis=True)
    await load_records(db, records)
    # The load ran detection already: the alerts are there, and a run raises nothing new.
    by_load = await lifecycle.page(db, "nw", None, None, 10)
    assert sorted(a.kind for a in by_load) == ["DETRACTOR_EMERGED", "NEGATIVE_SURGE"]
    assert await detect(db, "nw") == AlertChanges()
    await db.write("test/delete_alerts")
    changes = await detect(db, "nw")
    assert sorted(changes.raised) == sorted(a.id for a in by_load)
    alerts = await lifecycle.page(db, "nw", None, None, 10)
    assert sorted(a.id for a in alerts) == sorted(changes.raised)
    (alert,) = [a for a in alerts if a.kind == "NEGATIVE_SURGE"]
    (emerged,) = [a for a in alerts if a.kind == "DETRACTOR_EMERGED"]
    # The detractor's 25 acts on the first day are enough: they emerge on it, alone.
    assert (emerged.topic, emerged.started_at) == ("energy", D0 + timedelta(days=CRISIS))
    assert [d["person"] for d in emerged.drivers] == ["detractor"]
    assert emerged.drivers[0]["weight"] == 50.0  # both days: the episode
    assert emerged.responders == alert.responders
    assert alert.kind == "NEGATIVE_SURGE"
    assert alert.topic == "energy"
    assert alert.started_at == D0 + timedelta(days=CRISIS)
    assert alert.drivers[0]["person"] == "detractor"
    assert len(alert.drivers[0]["evidence"]) == 5
    # Without an analysis nobody has a community: representatives and advocates by id.
    advocates = [str(r["person"]) for r in await rel_db.page(db, "nw", "advocate", None, None, 99)]
    assert advocates
    assert [r["person"] for r in alert.responders] == sorted(["off", "emp", *advocates])[:5]
    # The severity is the larger robust z of the two days, recomputed plainly.
    series: dict[date, float] = {}
    for r in records:
        if isinstance(r, InteractionRecord) and r.sentiment is not None and r.sentiment <= -0.3:
            day = r.at.astimezone(UTC).date()
            series[day] = series.get(day, 0.0) + r.count
    first = D0.date()
    zs = [plain_z(series, first + timedelta(days=d), first) for d in (CRISIS, CRISIS + 1)]
    assert alert.severity == pytest.approx(max(zs), abs=0.01)
    # Data ends four quiet days later: the same run resolved both, in data time (the last day
    # with acts + ALERT_QUIET_DAYS); a re-run changes nothing.
    assert sorted(changes.resolved) == sorted(changes.raised)
    assert alert.status == emerged.status == "resolved"
    assert emerged.resolved_at == D0 + timedelta(days=CRISIS + 1 + 2)
    assert await detect(db, "nw") == AlertChanges()
    assert await lifecycle.count(db, "nw", None) == 2


async def test_acts_weigh_by_their_actors_score_once_the_topic_is_analysed(
    db: Database, neo4j_server: Settings
) -> None:
    """After an analysis each negative act weighs count x (1 + the actor's score / 100): the
    surge's volume and severity equal a plain recomputation with the scores the analysis
    wrote (docs/relationships-and-alerts.md, crisis watch)."""
    records = [r for r in world(crisis=True) if not str(getattr(r, "id", "")).startswith("after")]
    await load_records(db, records)
    assert (await run_job(db, neo4j_server, "energy")).status == "succeeded"
    scores = {s.person: s.score for s in await rankings(db, "energy", first=1000)}
    await db.write("test/delete_alerts")
    await detect(db, "nw")
    (alert,) = [a for a in await lifecycle.page(db, "nw", None, None, 10)
                if a.kind == "NEGATIVE_SURGE"]  # fmt: skip
    series: dict[date, float] = {}
    counts: dict[date, float] = {}
    for r in records:
        if isinstance(r, InteractionRecord) and r.sentiment is not None and r.sentiment <= -0.3:
            day = r.at.astimezone(UTC).date()
            series[day] = series.get(day, 0.0) + r.count * (1 + scores.get(r.actor, 0.0) / 100)
            counts[day] = counts.get(day, 0.0) + r.count
    assert series != counts  # some critics have a score: the weights are not the counts
    first = D0.date()
    days = [first + timedelta(days=d) for d in (CRISIS, CRISIS + 1)]
    z = {d: plain_z(series, d, first) for d in days}
    surge = [d for d in days if series.get(d, 0.0) >= 5 and z[d] >= 3.5]
    assert alert.started_at.date() == surge[0] == days[0]
    assert alert.severity == pytest.approx(max(z[d] for d in surge), abs=0.01)
    assert alert.volume == pytest.approx(sum(series[d] for d in surge), abs=0.002)
    assert alert.drivers[0]["person"] == "detractor"


async def test_lifecycle_returns_what_changed(db: Database) -> None:
    records = [r for r in world(crisis=True) if not str(getattr(r, "id", "")).startswith("after")]
    await load_records(db, records)
    await db.write("test/delete_alerts")
    changes = await detect(db, "nw")
    assert len(changes.raised) == 2  # the surge and the detractor, still open
    assert changes.resolved == ()
    alert_id = changes.raised[0]
    acked = await lifecycle.acknowledge(db, alert_id)
    assert acked.status == "acknowledged"
    assert acked.acknowledged_at is not None
    resolved, done = await lifecycle.resolve(db, alert_id)
    assert resolved.status == "resolved"
    assert done == AlertChanges(resolved=(alert_id,))
    again, nothing = await lifecycle.resolve(db, alert_id)
    assert nothing == AlertChanges()
    assert again.resolved_at == resolved.resolved_at
    with pytest.raises(lifecycle.AlertInputError):
        await lifecycle.acknowledge(db, alert_id)
    with pytest.raises(lifecycle.AlertInputError):
        await lifecycle.acknowledge(db, "nope")


async def test_raised_and_resolved_alerts_are_published_to_webhooks(
    db: Database, neo4j_server: Settings
) -> None:
    """Subscribers of alert.raised and alert.resolved get one event per alert, each carrying
    the alert's summary; a subscriber of other events gets none."""
    allowed = neo4j_server.model_copy(update={"webhook_allow_private_targets": True})
    hooks = await create_webhook(
        db, allowed, "http://127.0.0.1:9/alerts", [ALERT_RAISED, ALERT_RESOLVED]
    )
    other = await create_webhook(db, allowed, "http://127.0.0.1:9/other", ["analysis.finished"])
    records = [r for r in world(crisis=True) if not str(getattr(r, "id", "")).startswith("after")]
    await load_records(db, records)  # detection runs after the load
    alerts = await lifecycle.page(db, "nw", None, None, 10)
    (alert,) = [a for a in alerts if a.kind == "NEGATIVE_SURGE"]
    await lifecycle.resolve(db, alert.id)
    queued = await db.read("test/webhook_payloads", webhookId=hooks.webhook["id"])
    assert [q["event"] for q in queued] == [ALERT_RAISED, ALERT_RAISED, ALERT_RESOLVED]
    bodies = [json.loads(q["payload"]) for q in queued]
    raised = {b["data"]["alert"]["id"]: b["data"]["alert"] for b in bodies[:2]}
    assert raised.keys() == {a.id for a in alerts}
    assert sorted(r["kind"] for r in raised.values()) == ["DETRACTOR_EMERGED", "NEGATIVE_SURGE"]
    assert {r["status"] for r in raised.values()} == {"open"}
    assert bodies[2]["data"]["alert"]["id"] == alert.id
    assert bodies[2]["data"]["alert"]["status"] == "resolved"
    assert {b["data"]["alert"]["brand"] for b in bodies} == {"nw"}
    assert await db.read("test/webhook_payloads", webhookId=other.webhook["id"]) == []
