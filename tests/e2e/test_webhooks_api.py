"""Webhooks over HTTP and the command line on a real Neo4j: refusals that name the argument
and write nothing (also in the production profile, for targets that resolve to this
machine), the admin scope, the secret shown once, campaign changes published in their
transaction, the delivery log, replay and delete; `influence-graph webhooks`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.db.database import Database
from service.settings import Settings
from service.webhooks.worker import DeliveryWorker
from tests.e2e.test_campaigns_api import (
    CREATE,
    ENLIST,
    RECORD_REPRESENTS,
    SINCE,
    UPSERT_BRANDS,
    WITHDRAW,
    campaign_input,
)
from tests.e2e.test_cli import cli, env_for
from tests.e2e.test_mutations import RECORD_INTERACTIONS, UPSERT_PEOPLE, UPSERT_TOPICS, call
from tests.support.db import open_db
from tests.support.graphql import data, gql
from tests.support.keys import bearer, make_key
from tests.support.webhook_receiver import receiving

pytestmark = pytest.mark.neo4j
CREATE_WEBHOOK = """mutation($url: String!, $events: [String!]!, $d: String! = "") {
  createWebhook(url: $url, events: $events, description: $d) {
    secret webhook { id url events description enabled } } }"""
LIST = """{ webhooks { id url events deliveries { id event status attempts lastStatus } } }"""
REPLAY = "mutation($w: ID) { replayWebhookDeliveries(webhook: $w) }"
DELETE = "mutation($id: ID!) { deleteWebhook(id: $id) }"
ALL = ["alert.raised", "alert.resolved", "analysis.finished", "evaluation.finished",
       "campaign.results_updated", "shortlist.finished"]  # fmt: skip


def app_client(settings: Settings, *scopes: Scope) -> TestClient:
    token = make_key(settings, *scopes, rate=100_000.0)
    return TestClient(create_app(settings), headers=bearer(token))


@pytest.fixture
def dev(empty_graph: Settings) -> Settings:
    return empty_graph.model_copy(
        update={"webhook_allow_private_targets": True, "webhook_backoff_base": 0.05}
    )


@pytest.fixture
def client(dev: Settings) -> Iterator[TestClient]:
    with app_client(dev, Scope.ADMIN) as c:
        yield c


def refusal(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert body["data"] is None, body
    (error,) = body["errors"]
    return dict(error["extensions"])


def test_bad_input_names_the_argument_and_writes_nothing(client: TestClient) -> None:
    cases = [("ftp://partner.example/x", ALL, "url"), ("partner.example", ALL, "url"),
             ("http://127.0.0.1:9/x", ["alert.raised", "alert.exploded"], "events"),
             ("http://127.0.0.1:9/x", [], "events")]  # fmt: skip
    for url, events, argument in cases:
        ext = refusal(client, CREATE_WEBHOOK, url=url, events=events)
        assert (ext["code"], ext["argument"]) == ("INVALID_ARGUMENT", argument), (url, events)
    assert data(client, LIST) == {"webhooks": []}


@pytest.mark.parametrize("url", ["http://localhost:9/x", "http://127.0.0.1/x",
                                 "http://[::1]/x", "https://10.0.0.8/x",
                                 "http://169.254.169.254/latest/meta-data/"])  # fmt: skip
def test_production_refuses_targets_on_this_machine_or_network(
    empty_graph: Settings, url: str
) -> None:
    production = empty_graph.model_copy(
        update={"profile": "production", "webhook_allow_private_targets": False}
    )
    with app_client(production, Scope.ADMIN) as c:
        ext = refusal(c, CREATE_WEBHOOK, url=url, events=ALL)
        assert (ext["code"], ext["argument"]) == ("INVALID_ARGUMENT", "url")
        assert data(c, LIST) == {"webhooks": []}


def test_managing_webhooks_needs_the_admin_scope(dev: Settings) -> None:
    with app_client(dev, Scope.READ, Scope.WRITE, Scope.ANALYZE) as c:
        for query, variables in ((LIST, {}), (CREATE_WEBHOOK, {"url": "http://a/", "events": ALL})):
            body = gql(c, query, **variables)
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert data(c, "{ webhookEvents }") == {"webhookEvents": ALL}


def deliver(settings: Settings) -> None:
    async def rounds(db: Database) -> None:
        worker = DeliveryWorker(db, settings)
        for _ in range(10):
            await worker.run_once()
            await asyncio.sleep(0.1)

    async def body() -> None:
        async with open_db(settings) as db:
            await rounds(db)

    asyncio.run(body())


def seed_campaign_graph(client: TestClient) -> None:
    topics = [{"id": t, "name": t.title()} for t in ("shoes", "hats")]
    assert call(client, UPSERT_TOPICS, topics=topics)["errors"] == []
    people = [{"id": p, "name": p} for p in ("p1", "p2")]
    assert call(client, UPSERT_PEOPLE, people=people)["errors"] == []
    assert call(client, UPSERT_BRANDS, brands=[{"id": "acme", "name": "Acme"}])["written"] == 1


def test_campaign_changes_reach_a_subscriber_signed_once_each(
    client: TestClient, dev: Settings
) -> None:
    seed_campaign_graph(client)
    with receiving() as receiver:
        created = data(client, CREATE_WEBHOOK, url=receiver.url,
                       events=["campaign.results_updated"], d="crm")["createWebhook"]  # fmt: skip
        receiver.secret = created["secret"]
        webhook = created["webhook"]
        assert created["secret"].startswith("whsec_")
        assert webhook["events"] == ["campaign.results_updated"]
        refused = gql(client, CREATE, c=campaign_input(brand="nobody"))
        assert refused["errors"][0]["extensions"]["argument"] == "brand"
        call(client, CREATE, c=campaign_input())
        call(client, ENLIST, c="spring", people=["p1", "p2"])
        call(client, WITHDRAW, c="spring", people=["p2"])
        deliver(dev)
        seen = receiver.all_seen()
    listed = data(client, LIST)["webhooks"]
    assert [w["id"] for w in listed] == [webhook["id"]]
    assert "secret" not in str(listed)
    changes = sorted(x.body["data"]["change"] for x in seen)
    assert changes == ["created", "enlisted", "withdrawn"]
    assert all(x.verified and x.body["data"]["campaign"] == "spring" for x in seen)
    log = listed[0]["deliveries"]
    assert sorted(d["id"] for d in log) == sorted(x.id for x in seen)
    assert {(d["status"], d["attempts"], d["lastStatus"]) for d in log} == {("delivered", 1, 200)}
    assert data(client, REPLAY, w=webhook["id"]) == {"replayWebhookDeliveries": 0}
    assert data(client, DELETE, id=webhook["id"]) == {"deleteWebhook": True}
    assert data(client, DELETE, id=webhook["id"]) == {"deleteWebhook": False}
    assert data(client, LIST) == {"webhooks": []}


def test_the_command_line_lists_tests_and_replays(client: TestClient, dev: Settings) -> None:
    env = env_for(dev, WEBHOOK_ALLOW_PRIVATE_TARGETS="true")
    refused = cli("webhooks", "create", "--url", "ftp://x/", "--event", "alert.raised", env=env)
    assert refused.returncode == 1
    assert "--url" in refused.stderr
    assert cli("webhooks", "replay", env=env).returncode == 1
    assert cli("webhooks", "test", "wh_none", env=env).returncode == 1
    with receiving() as receiver:
        created = data(client, CREATE_WEBHOOK, url=receiver.url, events=ALL)["createWebhook"]
        receiver.secret = created["secret"]
        listed = cli("webhooks", "list", env=env)
        tested = cli("webhooks", "test", created["webhook"]["id"], env=env)
        receiver.down = True
        failed = cli("webhooks", "test", created["webhook"]["id"], env=env)
        seen = receiver.all_seen()
    assert listed.returncode == 0, listed.stderr
    assert created["webhook"]["id"] in listed.stdout
    assert created["secret"] not in listed.stdout
    assert tested.returncode == 0, tested.stderr
    assert failed.returncode == 1
    assert "503" in failed.stdout + failed.stderr
    assert [x.body["type"] for x in seen] == ["webhook.test", "webhook.test"]
    assert all(x.verified for x in seen)
    replayed = cli("webhooks", "replay", "--all", env=env)
    assert replayed.returncode == 0, replayed.stderr
    assert "Queued 0 dead deliveries" in replayed.stdout


def test_the_command_line_replays_a_dead_delivery_with_its_id(
    client: TestClient, dev: Settings
) -> None:
    """A delivery that ran out of attempts while its receiver was down is queued again by
    `influence-graph webhooks replay --delivery ID`, then delivered once, with the same id."""
    once = dev.model_copy(update={"webhook_max_attempts": 1})
    env = env_for(dev, WEBHOOK_ALLOW_PRIVATE_TARGETS="true")
    with receiving() as receiver:
        created = data(client, CREATE_WEBHOOK, url=receiver.url,
                       events=["campaign.results_updated"])["createWebhook"]  # fmt: skip
        receiver.secret = created["secret"]
        seed_campaign_graph(client)
        receiver.down = True
        call(client, CREATE, c=campaign_input())
        deliver(once)
        (dead,) = data(client, LIST)["webhooks"][0]["deliveries"]
        assert (dead["status"], dead["attempts"], dead["lastStatus"]) == ("dead", 1, 503)
        receiver.down = False
        replayed = cli("webhooks", "replay", "--delivery", dead["id"], env=env)
        assert replayed.returncode == 0, replayed.stderr
        assert "Queued 1 dead deliveries" in replayed.stdout
        deliver(dev)
        accepted = receiver.accepted_ids()
        seen = receiver.all_seen()
    assert accepted == [dead["id"]]
    assert all(x.verified for x in seen)
    (after,) = data(client, LIST)["webhooks"][0]["deliveries"]
    assert (after["id"], after["status"]) == (dead["id"], "delivered")
    again = cli("webhooks", "replay", "--delivery", dead["id"], env=env)
    assert "Queued 0 dead deliveries" in again.stdout


def queued(settings: Settings, webhook: str) -> list[dict[str, Any]]:
    async def body() -> list[dict[str, Any]]:
        async with open_db(settings) as db:
            rows = await db.read("test/webhook_payloads", webhookId=webhook)
        return [json.loads(r["payload"])["data"] for r in rows]

    return asyncio.run(body())


def test_loads_that_can_change_a_campaigns_results_are_announced(
    client: TestClient, dev: Settings
) -> None:
    """A load is announced for a campaign when its interactions fall in the campaign's window
    or its baseline (the equal window before) and are about one of its topics or face the
    brand's representatives; a load before both windows, or on another topic with no
    representative, is not."""
    seed_campaign_graph(client)
    assert call(client, UPSERT_TOPICS, topics=[{"id": "boots", "name": "Boots"}])["errors"] == []
    assert call(client, UPSERT_PEOPLE, people=[{"id": "p3", "name": "p3"}])["errors"] == []
    official = [{"person": "p2", "brand": "acme", "role": "official"}]
    assert call(client, RECORD_REPRESENTS, represents=official)["written"] == 1
    hook = data(client, CREATE_WEBHOOK, url="http://127.0.0.1:9/crm",
                events=["campaign.results_updated"])["createWebhook"]["webhook"]  # fmt: skip
    call(client, CREATE, c=campaign_input())
    created = queued(dev, hook["id"])
    assert [q["change"] for q in created] == ["created"]

    def load(iid: str, at: datetime, topic: str, target: str = "p2") -> list[dict[str, Any]]:
        item = {"id": iid, "type": "mention", "actor": "p1", "target": target,
                "topics": [topic], "at": at.isoformat()}  # fmt: skip
        assert call(client, RECORD_INTERACTIONS, interactions=[item])["errors"] == []
        return queued(dev, hook["id"])[len(created) :]

    assert load("long-before", SINCE - timedelta(days=30), "shoes") == []
    assert load("elsewhere", SINCE + timedelta(days=1), "boots", target="p3") == []
    announced = {"campaign": "spring", "brand": "acme", "change": "interactions"}
    assert load("in-window", SINCE + timedelta(days=1), "shoes", target="p3") == [announced]
    assert load("baseline", SINCE - timedelta(days=3), "boots") == [announced] * 2
