"""Webhooks against a real Neo4j and real HTTP receivers: every delivery verified with the
`standardwebhooks` package; a receiver that fails then recovers gets each event once it is
back, with the same id; one that stays down ends in the dead-letter list and a replay
delivers it; a worker process killed with SIGKILL mid-delivery loses nothing."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections import Counter

import pytest

from service.analytics.options import AnalysisOptions
from service.db import webhooks as store
from service.db.database import Database
from service.ingest.loader import load_records
from service.settings import PROJECT_ROOT, Settings
from service.webhooks import subscriptions
from service.webhooks.events import EVENTS
from service.webhooks.publish import publish
from service.webhooks.worker import DeliveryWorker
from tests.analysis import run_job
from tests.integration.test_backtest import SPLIT, _known_graph, _run
from tests.support.webhook_receiver import Receiver, receiving

pytestmark = pytest.mark.neo4j


def dev(settings: Settings, **extra: object) -> Settings:
    """Development settings that may reach the receivers on this machine, retrying fast."""
    update = {"webhook_allow_private_targets": True, "webhook_backoff_base": 0.05,
              "webhook_backoff_max": 0.2, "webhook_max_attempts": 4, "webhook_timeout": 5.0,
              **extra}  # fmt: skip
    return settings.model_copy(update=update)


async def subscribe(db: Database, settings: Settings, receiver: Receiver) -> str:
    created = await subscriptions.create_webhook(db, settings, receiver.url, list(EVENTS), "t")
    receiver.secret = created.secret
    return str(created.webhook["id"])


async def drain(worker: DeliveryWorker, db: Database, webhook: str, rounds: int = 60) -> None:
    """Run delivery rounds until nothing of the webhook is pending (or `rounds` pass)."""
    for _ in range(rounds):
        await worker.run_once()
        if not await store.deliveries(db, webhook, "pending", 500):
            return
        await asyncio.sleep(0.1)


async def test_every_delivery_is_signed_and_verified(db: Database, settings: Settings) -> None:
    s = dev(settings)
    with receiving() as receiver:
        webhook = await subscribe(db, s, receiver)
        for n, event in enumerate(EVENTS):
            assert await publish(db, event, {"n": n}) == 1
        await drain(DeliveryWorker(db, s), db, webhook)
        seen = receiver.all_seen()
    log = await store.deliveries(db, webhook, None, 500)
    assert len(seen) == len(EVENTS)
    assert all(x.verified for x in seen), [x.id for x in seen if not x.verified]
    assert sorted(x.id for x in seen) == sorted(str(d["id"]) for d in log)
    assert {x.body["type"] for x in seen} == set(EVENTS)
    assert {x.body["data"]["n"] for x in seen} == set(range(len(EVENTS)))
    assert {d["status"] for d in log} == {"delivered"}


async def test_a_receiver_that_recovers_gets_each_event_once(
    db: Database, settings: Settings
) -> None:
    s = dev(settings, webhook_max_attempts=50)
    worker = DeliveryWorker(db, s)
    with receiving() as receiver:
        webhook = await subscribe(db, s, receiver)
        receiver.down = True
        for n in range(5):
            await publish(db, "analysis.finished", {"n": n})
        for _ in range(3):
            await worker.run_once()
            await asyncio.sleep(0.25)
        failed_ids = {x.id for x in receiver.all_seen()}
        pending = await store.deliveries(db, webhook, "pending", 500)
        receiver.down = False
        await drain(worker, db, webhook)
        seen = receiver.all_seen()
    accepted = Counter(x.id for x in seen if x.answered == 200)
    assert len(pending) == 5
    assert all(int(d["attempts"]) >= 1 for d in pending)
    assert len(failed_ids) == 5
    assert set(accepted) == failed_ids  # the same ids once it is back
    assert set(accepted.values()) == {1}
    assert all(x.verified for x in seen)


async def test_a_receiver_that_stays_down_ends_dead_and_a_replay_delivers(
    db: Database, settings: Settings
) -> None:
    s = dev(settings, webhook_max_attempts=3)
    worker = DeliveryWorker(db, s)
    with receiving() as receiver:
        webhook = await subscribe(db, s, receiver)
        receiver.down = True
        await publish(db, "evaluation.finished", {"evaluation": "e1"})
        await drain(worker, db, webhook)
        dead = await store.deliveries(db, webhook, "dead", 500)
        attempts_down = len(receiver.all_seen())
        receiver.down = False
        await asyncio.sleep(0.3)
        await worker.run_once()
        ignored = receiver.accepted_ids()  # dead stays dead until replayed
        replayed = await subscriptions.replay(db, None, webhook)
        await drain(worker, db, webhook)
        accepted = receiver.accepted_ids()
    after = await store.deliveries(db, webhook, None, 500)
    assert len(dead) == 1
    assert int(dead[0]["attempts"]) == 3
    assert dead[0]["lastStatus"] == 503
    assert attempts_down == 3
    assert ignored == []
    assert replayed == 1
    assert accepted == [str(dead[0]["id"])]
    assert [d["status"] for d in after] == ["delivered"]


def _worker_process(settings: Settings, lease: float) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "WEBHOOK_"))}
    env.update(
        NEO4J_URI=settings.bolt_uri,
        NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
        WEBHOOK_ALLOW_PRIVATE_TARGETS="true",
        WEBHOOK_LEASE_SECONDS=str(lease),
        WEBHOOK_BATCH="2",
        WEBHOOK_POLL_INTERVAL="0.2",
        MIGRATE_ON_START="false",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "service", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_a_worker_killed_mid_delivery_loses_nothing(db: Database, settings: Settings) -> None:
    lease = 3.0
    s = dev(settings, webhook_lease_seconds=lease)
    with receiving() as receiver:
        webhook = await subscribe(db, s, receiver)
        receiver.hold = threading.Event()  # requests wait: the worker is mid-delivery
        for n in range(6):
            await publish(db, "campaign.results_updated", {"n": n})
        queued = {str(d["id"]) for d in await store.deliveries(db, webhook, None, 500)}
        proc = _worker_process(settings, lease)
        try:
            arrived = await asyncio.to_thread(receiver.arrived.wait, 90)
            assert arrived, proc.poll() is None or proc.communicate()
            assert proc.poll() is None
        finally:
            proc.kill()  # SIGKILL mid-delivery: its leases and attempts are never recorded
            proc.wait()
        receiver.hold.set()
        receiver.hold = None
        leased = await store.deliveries(db, webhook, "pending", 500)
        await asyncio.sleep(lease + 0.5)
        await drain(DeliveryWorker(db, s), db, webhook)
        seen = receiver.all_seen()
    final = await store.deliveries(db, webhook, None, 500)
    assert len(queued) == 6
    assert len(leased) == 6  # nothing was recorded as delivered by the killed worker
    assert {str(d["id"]): d["status"] for d in final} == dict.fromkeys(queued, "delivered")
    assert {x.id for x in seen} == queued  # each at least once, with its stable id
    whole = [x for x in seen if x.complete]  # not the request cut short by the kill
    assert {x.id for x in whole if x.answered == 200} == queued
    assert all(x.verified for x in whole)


async def test_finished_analyses_and_back_tests_are_published_to_their_subscribers(
    db: Database, settings: Settings
) -> None:
    s = dev(settings)
    await load_records(db, _known_graph())
    with receiving() as receiver, receiving() as other:
        created = await subscriptions.create_webhook(
            db, s, receiver.url, ["analysis.finished", "evaluation.finished"]
        )
        receiver.secret = created.secret
        alerts = await subscriptions.create_webhook(db, s, other.url, ["alert.raised"])
        analysis = await run_job(db, s, "t", AnalysisOptions(centrality=["degree"]))
        evaluation = await _run(
            db, s, topic="t", split_at=SPLIT.isoformat(), horizon="10d", k=2,
            target="engagement", calibrate=False,
        )  # fmt: skip
        await drain(DeliveryWorker(db, s), db, str(created.webhook["id"]))
        seen = receiver.all_seen()
        others = other.all_seen()
    assert analysis.status == "succeeded"
    assert sorted((x.body["type"], x.body["data"]["job"]) for x in seen) == [
        ("analysis.finished", analysis.id),
        ("evaluation.finished", evaluation),
    ]
    assert all(x.verified for x in seen)
    assert {x.body["data"]["topic"] for x in seen} == {"t"}
    assert others == []
    assert await store.deliveries(db, str(alerts.webhook["id"]), None, 10) == []


async def test_the_address_is_checked_again_at_delivery_and_connected_to(
    db: Database, settings: Settings
) -> None:
    """A name that resolved to a public address when the webhook was created but resolves to
    this machine at delivery time (DNS rebinding) is refused in production: the delivery is
    parked dead and the receiver sees nothing. In development the same name is delivered to
    the address it resolved to, with the name as its Host."""
    answers = {"partner.test": ["93.184.216.34"]}

    async def resolver(host: str, port: int) -> list[str]:
        return answers[host]

    production = settings.model_copy(
        update={"profile": "production", "webhook_allow_private_targets": False}
    )
    with receiving() as receiver:
        url = f"http://partner.test:{receiver.port}/hooks"
        created = await subscriptions.create_webhook(db, production, url, ["alert.raised"], "",
                                                     resolver)  # fmt: skip
        receiver.secret = created.secret
        webhook = str(created.webhook["id"])
        answers["partner.test"] = ["127.0.0.1"]  # rebound
        await publish(db, "alert.raised", {"alert": "a1"})
        await drain(DeliveryWorker(db, production, resolver), db, webhook)
        refused = await store.deliveries(db, webhook, None, 10)
        nothing = receiver.all_seen()
        await subscriptions.replay(db, None, webhook)
        await drain(DeliveryWorker(db, dev(settings), resolver), db, webhook)
        seen = receiver.all_seen()
    assert [d["status"] for d in refused] == ["dead"]
    assert "127.0.0.1" in str(refused[0]["lastError"])
    assert int(refused[0]["attempts"]) == 1  # a refused target is not retried
    assert nothing == []
    assert [(x.id, x.host, x.verified) for x in seen] == [
        (str(refused[0]["id"]), f"partner.test:{receiver.port}", True)
    ]
