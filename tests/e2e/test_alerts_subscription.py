"""The `alerts(brand)` subscription over graphql-transport-ws, past its first message: an
alert raised by a load while subscribed arrives, then each change of its status
(acknowledged, resolved) made through the API; a subscription opened later first gets the
brand's unresolved alerts, and none of the resolved ones."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.ingest.loader import load_records
from service.settings import Settings
from tests.e2e.test_mutations import call, on_graph
from tests.integration.test_crisis_watch import world
from tests.support.bounded_ws import BoundedReceiver
from tests.support.keys import bearer, make_key

pytestmark = pytest.mark.neo4j
WATCH = 'subscription { alerts(brand: "nw") { id kind status } }'
ACK = "mutation($id: ID!) { acknowledgeAlert(id: $id) { id status } }"
RESOLVE = "mutation($id: ID!) { resolveAlert(id: $id) { id status } }"
WAIT = 30  # seconds for each expected message (the subscription polls every second)


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    with TestClient(create_app(empty_graph), headers=bearer(token)) as c:
        yield c


def surge(receiver: BoundedReceiver, waiting_for: str, wait: float = WAIT) -> dict[str, Any]:
    """The next NEGATIVE_SURGE alert the subscription sends (other kinds are skipped)."""
    deadline = time.monotonic() + wait
    while True:
        message = receiver.next(waiting_for, deadline)
        assert message["type"] == "next", message
        alert: dict[str, Any] = message["payload"]["data"]["alerts"]
        if alert["kind"] == "NEGATIVE_SURGE":
            return alert


def subscribe(ws: Any) -> BoundedReceiver:
    receiver = BoundedReceiver(ws)
    ws.send_json({"type": "connection_init"})
    assert receiver.next("connection_ack", time.monotonic() + WAIT)["type"] == "connection_ack"
    ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": WATCH}})
    return receiver


def test_a_subscriber_sees_an_alert_raised_then_each_change_of_its_status(
    client: TestClient, empty_graph: Settings
) -> None:
    records = [r for r in world(crisis=True) if not str(getattr(r, "id", "")).startswith("after")]
    crisis = [r for r in records if re.fullmatch(r"d\d+-\d+", str(getattr(r, "id", "")))]
    calm = [r for r in records if r not in crisis]
    assert len(crisis) == 50
    on_graph(empty_graph, lambda db: load_records(db, calm))
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        receiver = subscribe(ws)
        on_graph(empty_graph, lambda db: load_records(db, crisis))  # detection raises it
        raised = surge(receiver, "the alert the load raised")
        assert raised["status"] == "OPEN"
        assert call(client, ACK, id=raised["id"])["status"] == "ACKNOWLEDGED"
        assert surge(receiver, "the acknowledgement") == {**raised, "status": "ACKNOWLEDGED"}

        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as late:
            assert surge(subscribe(late), "the unresolved alert, at once") == {
                **raised, "status": "ACKNOWLEDGED"}  # fmt: skip

        assert call(client, RESOLVE, id=raised["id"])["status"] == "RESOLVED"
        assert surge(receiver, "the resolution") == {**raised, "status": "RESOLVED"}
        ws.send_json({"id": "1", "type": "complete"})

    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        receiver = subscribe(ws)
        with pytest.raises(pytest.fail.Exception, match="deadline passed"):
            surge(receiver, "a resolved alert (none is sent)", wait=5)
