"""Authentication and authorisation with real keys in the test Neo4j, against the app as
deployed (`create_app` with the service's own schema), over HTTP and graphql-transport-ws.

The matrix covers every root field of the served schema (Query, Mutation and Subscription, read
from `service.api.schema.schema`) against every kind of caller: each field runs, without error,
for callers holding its documented scope (or admin), and is refused with FORBIDDEN, naming the
field and its scope, for everyone else.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.analytics.queue import enqueue_backtest
from service.analytics.worker import Worker
from service.api.schema import schema
from service.api.security.scopes import ROOT_FIELD_SCOPES, Scope
from service.campaigns.campaigns import CampaignFields, create_campaign
from service.db import alerts as alerts_db
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    Record,
    TopicRecord,
)
from service.settings import Settings
from tests.analysis import run_job
from tests.e2e.test_cli import cli, env_for
from tests.support.clients import serve_service as serve
from tests.support.db import open_db
from tests.support.keys import bearer, make_key, revoke

AT = "2026-04-01T08:00:00+02:00"
INTERACTION = f'{{id: "i9", type: "reply", actor: "p3", target: "p1", topics: ["t1"], at: "{AT}"}}'
# Every root field of the served schema, with the scope the README documents for it and a call
# written for its real signature that, on the analysed seed graph, runs without any error for a
# caller holding that scope. `$job` is the seed's finished analysis job. The calls are
# idempotent (upserts, replays, a person who is not there), so callers may run them in turn.
OPERATIONS: dict[str, tuple[Scope, str]] = {
    "Query.person": (Scope.READ, '{ person(id: "p1") { id } }'),
    "Query.topic": (Scope.READ, '{ topic(id: "t1") { id } }'),
    "Query.topics": (Scope.READ, "{ topics { id } }"),
    "Query.graphCounts": (Scope.READ, "{ graphCounts { people } }"),
    "Query.serverInfo": (Scope.READ, "{ serverInfo { neo4jVersion } }"),
    "Query.people": (Scope.READ, "{ people(first: 1) { totalCount } }"),
    "Query.influencers": (Scope.READ, '{ influencers(topic: "t1", first: 1) { totalCount } }'),
    "Query.whoInfluences": (
        Scope.READ,
        '{ whoInfluences(person: "p2", topic: "t1", first: 1) { totalCount } }',
    ),
    "Query.influencedBy": (
        Scope.READ,
        '{ influencedBy(person: "p1", topic: "t1", first: 1) { totalCount } }',
    ),
    "Query.influencePath": (
        Scope.READ,
        '{ influencePath(from: "p1", to: "p2", topic: "t1") { hops } }',
    ),
    "Query.communities": (Scope.READ, '{ communities(topic: "t1", first: 1) { totalCount } }'),
    "Query.influenceNetwork": (
        Scope.READ,
        '{ influenceNetwork(topic: "t1", first: 1) { edges { weight } } }',
    ),
    "Query.job": (Scope.READ, "query($job: ID!) { job(id: $job) { id } }"),
    "Query.jobs": (Scope.READ, "{ jobs(first: 1) { id } }"),
    "Query.evaluation": (Scope.READ, "query($job: ID!) { evaluation(id: $job) { id } }"),
    "Query.evaluations": (Scope.READ, '{ evaluations(topic: "t1") { id summary } }'),
    "Query.campaignShortlist": (
        Scope.READ,
        '{ campaignShortlist(brief: {topics: ["t1"], k: 1}) { k picks { personId } } }',
    ),
    "Mutation.upsertPeople": (
        Scope.WRITE,
        'mutation { upsertPeople(people: [{id: "p3", name: "P3"}]) { written errors { code } } }',
    ),
    "Mutation.upsertTopics": (
        Scope.WRITE,
        'mutation { upsertTopics(topics: [{id: "t2", name: "T2", parent: "t1"}]) '
        "{ written errors { code } } }",
    ),
    "Mutation.recordInteractions": (
        Scope.WRITE,
        f"mutation {{ recordInteractions(interactions: [{INTERACTION}]) "
        "{ written errors { code } } }",
    ),
    "Mutation.recordFollows": (
        Scope.WRITE,
        'mutation { recordFollows(follows: [{follower: "p3", followee: "p1"}]) '
        "{ written errors { code } } }",
    ),
    "Mutation.runAnalysis": (Scope.ANALYZE, 'mutation { runAnalysis(topic: "t1") { status } }'),
    "Mutation.cancelJob": (Scope.ANALYZE, "mutation($job: ID!) { cancelJob(id: $job) { id } }"),
    "Mutation.runEvaluation": (
        Scope.ANALYZE,
        'mutation { runEvaluation(topic: "t1", splitAt: "+1", horizon: "7d", k: 2) { status } }',
    ),
    "Mutation.startShortlist": (
        Scope.ANALYZE,
        'mutation { startShortlist(brief: {topics: ["t1"], k: 1}) { status } }',
    ),
    "Mutation.erasePerson": (Scope.ADMIN, 'mutation { erasePerson(id: "nobody") { found } }'),
    "Subscription.job": (Scope.READ, "subscription($job: ID!) { job(id: $job) { status } }"),
    "Query.brand": (Scope.READ, '{ brand(id: "b1") { id } }'),
    "Query.campaign": (Scope.READ, '{ campaign(id: "c1") { id } }'),
    "Query.campaigns": (Scope.READ, "{ campaigns(first: 1) { totalCount } }"),
    "Mutation.upsertBrands": (
        Scope.WRITE,
        'mutation { upsertBrands(brands: [{id: "b1", name: "B1"}]) { written errors { code } } }',
    ),
    "Mutation.recordRepresents": (
        Scope.WRITE,
        'mutation { recordRepresents(represents: [{person: "p1", brand: "b1", role: "official"}]) '
        "{ written errors { code } } }",
    ),
    "Mutation.createCampaign": (
        Scope.WRITE,
        'mutation { createCampaign(campaign: {id: "c1", brand: "b1", name: "C1", '
        'since: "2026-04-01T00:00:00Z", until: "2026-04-08T00:00:00Z", topics: ["t1"], '
        'markers: ["#c1"]}) { id } }',
    ),
    "Mutation.updateCampaign": (
        Scope.WRITE,
        'mutation { updateCampaign(id: "c1", changes: {name: "C1"}) { id } }',
    ),
    "Mutation.enlist": (Scope.WRITE, 'mutation { enlist(campaign: "c1", people: ["p1"]) { id } }'),
    "Mutation.withdraw": (
        Scope.WRITE,
        'mutation { withdraw(campaign: "c1", people: ["p2"]) { id } }',
    ),
    "Query.relationships": (Scope.READ, '{ relationships(brand: "b1") { totalCount } }'),
    "Query.relationship": (
        Scope.READ,
        '{ relationship(brand: "b1", person: "p1") { stage } }',
    ),
    "Query.warmIntroductions": (
        Scope.READ,
        '{ warmIntroductions(brand: "b1", person: "p3", topic: "t1") { hops } }',
    ),
    "Query.alerts": (Scope.READ, '{ alerts(brand: "b1") { totalCount } }'),
    "Subscription.alerts": (Scope.READ, 'subscription { alerts(brand: "b1") { id status } }'),
    "Mutation.acknowledgeAlert": (
        Scope.WRITE,
        'mutation { acknowledgeAlert(id: "a-open") { status } }',
    ),
    "Mutation.resolveAlert": (Scope.WRITE, 'mutation { resolveAlert(id: "a-done") { status } }'),
    "Query.webhooks": (Scope.ADMIN, "{ webhooks { id events } }"),
    "Query.webhookEvents": (Scope.READ, "{ webhookEvents }"),
    "Mutation.createWebhook": (
        Scope.ADMIN,
        'mutation { createWebhook(url: "https://93.184.216.34/hooks", events: ["alert.raised"]) '
        "{ webhook { id } } }",
    ),
    "Mutation.deleteWebhook": (Scope.ADMIN, 'mutation { deleteWebhook(id: "wh_nobody") }'),
    "Mutation.replayWebhookDeliveries": (
        Scope.ADMIN,
        'mutation { replayWebhookDeliveries(webhook: "wh_nobody") }',
    ),
}
CALLERS: dict[str, frozenset[Scope]] = {
    "read": frozenset({Scope.READ}),
    "write": frozenset({Scope.WRITE}),
    "analyze": frozenset({Scope.ANALYZE}),
    "admin": frozenset({Scope.ADMIN}),
    "read+write": frozenset({Scope.READ, Scope.WRITE}),
}


def forbidden(body: dict[str, Any]) -> list[str]:
    return [
        e["extensions"]["field"]
        for e in body.get("errors") or []
        if e.get("extensions", {}).get("code") == "FORBIDDEN"
    ]


def _alert(alert_id: str) -> dict[str, Any]:
    return {"id": alert_id, "brand": "b1", "topic": "t1", "kind": "NEGATIVE_SURGE",
            "startedAt": AT, "lastSurgeDay": "2099-01-01", "severity": 5.0, "volume": 9.0,
            "baseline": 1.0, "drivers": "[]", "responders": "[]"}  # fmt: skip


async def _seed_and_analyse(settings: Settings) -> str:
    at = datetime.fromisoformat(AT)
    shares = [("p2", "p1"), ("p3", "p2"), ("p3", "p1")]
    records: list[Record] = [
        TopicRecord(id="t1", name="Topic 1"),
        *(PersonRecord(id=f"p{n}", name=f"Person {n}") for n in (1, 2, 3)),
        FollowRecord(follower="p2", followee="p1"),
        BrandRecord(id="b1", name="B1"),
    ]
    for n, (actor, target) in enumerate(shares):
        records.append(
            InteractionRecord(
                id=f"s{n}", type="share", actor=actor, target=target, topics=["t1"], at=at
            )
        )
    # Two days later, so that the topic can be back-tested with a split in between.
    records.append(
        InteractionRecord(id="s3", type="share", actor="p2", target="p1", topics=["t1"],
                          at=at + timedelta(days=2))
    )  # fmt: skip
    async with open_db(settings) as db:
        await load_records(db, records)
        since = datetime(2026, 4, 1, tzinfo=UTC)  # what the createCampaign call sends again
        fields = CampaignFields("C1", since, since + timedelta(days=7), ("t1",), ("#c1",))
        await create_campaign(db, "c1", "b1", fields)
        # Two alerts of b1 to acknowledge and resolve; their surge "lasts" far ahead, so no
        # detection run during the matrix resolves them as gone quiet.
        await alerts_db.merge(db, [_alert("a-open"), _alert("a-done")])
        job = await run_job(db, settings, "t1")
        assert job.status == "succeeded", job.error
        backtest = await enqueue_backtest(
            db, "t1", split_at="+1", horizon="7d", k=2, target="engagement", calibrate=False,
            settings=settings,
        )  # fmt: skip
        worker = Worker(db, settings)
        try:
            done = await worker.run_once(backtest.id)
        finally:
            await worker.aclose()
    assert done is not None
    assert done.status == "succeeded", done.error
    return backtest.id


@pytest.fixture
def analysed(empty_graph: Settings) -> tuple[Settings, str]:
    """Three people and a topic, analysed then back-tested: the settings and the back-test's
    finished job id (also its evaluation's id)."""
    return empty_graph, asyncio.run(_seed_and_analyse(empty_graph))


def test_the_matrix_covers_every_root_field_of_the_served_schema() -> None:
    served = schema._schema
    roots = (served.query_type, served.mutation_type, served.subscription_type)
    fields = {f"{root.name}.{name}" for root in roots if root is not None for name in root.fields}
    assert fields == set(OPERATIONS)
    assert {field.split(".")[0] for field in fields} == {"Query", "Mutation", "Subscription"}


def request(query: str, job: str) -> dict[str, Any]:
    return {"query": query, "variables": {"job": job} if "$job" in query else {}}


def over_http(client: TestClient, token: str | None, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json=payload, headers=bearer(token) if token else {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def over_socket(client: TestClient, token: str | None, payload: dict[str, Any]) -> dict[str, Any]:
    """The first answer to a subscription, shaped like an HTTP body (`data`, `errors`)."""
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        init: dict[str, Any] = {"type": "connection_init"}
        if token:
            init["payload"] = {"apiKey": token}
        ws.send_json(init)
        assert ws.receive_json() == {"type": "connection_ack"}
        ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        message = ws.receive_json()
    if message["type"] == "error":  # refused before it ran
        return {"data": None, "errors": message["payload"]}
    assert message["type"] == "next", message
    result: dict[str, Any] = message["payload"]
    return result


def test_authorisation_matrix_scope_by_operation(analysed: tuple[Settings, str]) -> None:
    # The scopes this test expects are the service's own table, field for field.
    assert {field: scope for field, (scope, _) in OPERATIONS.items()} == ROOT_FIELD_SCOPES
    settings, job = analysed
    callers: dict[str, str | None] = {
        name: make_key(settings, *scopes, name=name) for name, scopes in CALLERS.items()
    }
    callers["anonymous"] = None
    # What the server did with each call: ran it without any error, or refused it with
    # FORBIDDEN naming the field and its scope, and nothing else; anything else is kept whole.
    allowed: dict[str, set[str]] = {caller: set() for caller in callers}
    refused: dict[str, set[str]] = {caller: set() for caller in callers}
    other: dict[tuple[str, str], dict[str, Any]] = {}
    with serve(settings, anonymous_scopes="read") as client:
        for caller, token in callers.items():
            for field, (scope, query) in OPERATIONS.items():
                root, name = field.split(".")
                send = over_socket if root == "Subscription" else over_http
                body = send(client, token, request(query, job))
                if "errors" not in body and body["data"][name] is not None:
                    allowed[caller].add(field)
                elif (
                    forbidden(body) == [field]
                    and len(body["errors"]) == 1
                    and body["errors"][0]["extensions"].get("requiredScope") == scope.value
                    and body["data"] is None
                ):
                    refused[caller].add(field)
                else:
                    other[(caller, field)] = body
    assert other == {}
    # The table the README documents, spelled out: who may do what.
    reads = {"Query.person", "Query.people", "Query.topic", "Query.topics", "Query.graphCounts",
             "Query.serverInfo", "Query.influencers", "Query.whoInfluences", "Query.influencedBy",
             "Query.influencePath", "Query.communities", "Query.influenceNetwork", "Query.job",
             "Query.jobs", "Query.evaluation", "Query.evaluations", "Query.campaignShortlist",
             "Subscription.job", "Query.brand", "Query.campaign", "Query.campaigns",
             "Query.webhookEvents", "Query.relationships", "Query.relationship",
             "Query.warmIntroductions", "Query.alerts", "Subscription.alerts"}  # fmt: skip
    writes = {"Mutation.upsertPeople", "Mutation.upsertTopics", "Mutation.recordInteractions",
              "Mutation.recordFollows", "Mutation.upsertBrands", "Mutation.recordRepresents",
              "Mutation.createCampaign", "Mutation.updateCampaign", "Mutation.enlist",
              "Mutation.withdraw", "Mutation.acknowledgeAlert",
              "Mutation.resolveAlert"}  # fmt: skip
    analyses = {"Mutation.runAnalysis", "Mutation.cancelJob", "Mutation.runEvaluation",
                "Mutation.startShortlist"}  # fmt: skip
    expected = {
        "read": reads,
        "anonymous": reads,
        "write": writes,
        "read+write": reads | writes,
        "analyze": analyses,
        "admin": set(OPERATIONS),
    }
    assert allowed == expected
    assert refused == {caller: set(OPERATIONS) - fields for caller, fields in expected.items()}


def test_a_mixed_mutation_is_refused_whole_and_writes_nothing(empty_graph: Settings) -> None:
    token = make_key(empty_graph, Scope.WRITE)
    query = (
        'mutation { upsertPeople(people: [{id: "a", name: "A"}]) { written } '
        'erasePerson(id: "p1") { found } }'
    )
    with serve(empty_graph, anonymous_scopes="read") as client:
        body = client.post("/graphql", json={"query": query}, headers=bearer(token)).json()
        counts = client.post("/graphql", json={"query": "{ graphCounts { people } }"}).json()
    assert body["data"] is None
    assert forbidden(body) == ["Mutation.erasePerson"]
    assert counts["data"] == {"graphCounts": {"people": 0}}


def test_a_field_missing_from_the_scope_table_is_refused_to_everyone(
    empty_graph: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(ROOT_FIELD_SCOPES, "Mutation.recordFollows")
    token = make_key(empty_graph, Scope.ADMIN)
    query = "mutation { recordFollows(follows: []) { written } }"
    with serve(empty_graph) as client:
        body = client.post("/graphql", json={"query": query}, headers=bearer(token)).json()
    assert forbidden(body) == ["Mutation.recordFollows"]
    assert "declares no scope" in body["errors"][0]["message"]
    assert body["data"] is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-key"},
        {"Authorization": "Bearer ig_000000000000_" + "A" * 43},
        {"X-API-Key": "ig_zzz"},
    ],
    ids=["no key", "malformed", "unknown id", "malformed X-API-Key"],
)
def test_without_a_valid_key_the_answer_is_401(
    empty_graph: Settings, headers: dict[str, str]
) -> None:
    with serve(empty_graph, allow_anonymous=False) as client:
        response = client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_wrong_secret_is_401_and_both_headers_work(empty_graph: Settings) -> None:
    token = make_key(empty_graph, Scope.READ)
    key_id = token.split("_")[1]
    wrong = f"ig_{key_id}_" + ("B" * 43 if not token.endswith("B" * 43) else "C" * 43)
    with serve(empty_graph, allow_anonymous=False) as client:
        query = {"query": "{ graphCounts { people } }"}
        assert client.post("/graphql", json=query, headers=bearer(wrong)).status_code == 401
        assert client.post("/graphql", json=query, headers=bearer(token)).status_code == 200
        assert client.post("/graphql", json=query, headers={"X-API-Key": token}).status_code == 200


def test_a_revoked_key_stops_working_within_the_cache_time(empty_graph: Settings) -> None:
    token = make_key(empty_graph, Scope.READ)
    query = {"query": "{ graphCounts { people } }"}
    with serve(empty_graph, allow_anonymous=False, api_key_cache_seconds=0.5) as client:
        assert client.post("/graphql", json=query, headers=bearer(token)).status_code == 200
        revoke(empty_graph, token.split("_")[1])
        time.sleep(0.6)
        assert client.post("/graphql", json=query, headers=bearer(token)).status_code == 401


def test_rate_limit_per_key_answers_429_with_retry_after(empty_graph: Settings) -> None:
    slow_key = make_key(empty_graph, Scope.READ, rate=1.0)
    other_key = make_key(empty_graph, Scope.READ)
    query = {"query": "{ __typename }"}
    with serve(empty_graph, rate_limit_per_second=10.0, rate_limit_burst=3) as client:
        statuses = [
            client.post("/graphql", json=query, headers=bearer(slow_key)).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        limited = client.post("/graphql", json=query, headers=bearer(slow_key))
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        error = limited.json()["errors"][0]["extensions"]
        assert error["code"] == "RATE_LIMITED"
        assert error["limit"] == 1.0
        # Another key has its own bucket.
        assert client.post("/graphql", json=query, headers=bearer(other_key)).status_code == 200
        time.sleep(1.1)
        assert client.post("/graphql", json=query, headers=bearer(slow_key)).status_code == 200


def test_anonymous_clients_are_rate_limited_too(empty_graph: Settings) -> None:
    with serve(empty_graph, rate_limit_per_second=0.5, rate_limit_burst=2) as client:
        statuses = [
            client.post("/graphql", json={"query": "{ __typename }"}).status_code for _ in range(3)
        ]
    assert statuses == [200, 200, 429]


def test_keys_never_appear_in_logs(empty_graph: Settings, caplog: pytest.LogCaptureFixture) -> None:
    """Refused callers are logged by the service (influence_graph.api.security, WARNING) with
    the request id, the code, the reason and the key's public id when known; rate-limit
    refusals are counted, not logged. No record, the driver's debug output included, holds a
    key's secret."""
    token = make_key(empty_graph, Scope.READ, rate=0.2)  # a burst of 2, then one per 5 s
    key_id, secret = token.split("_", 2)[1:]
    wrong = f"ig_{key_id}_" + ("B" * 43 if secret != "B" * 43 else "C" * 43)
    counts = {"query": "{ graphCounts { people } }"}
    erase = {"query": 'mutation { erasePerson(id: "p1") { found } }'}
    calls: list[tuple[dict[str, str], dict[str, str]]] = [
        (bearer(token), counts),  # runs
        ({"X-API-Key": token}, erase),  # FORBIDDEN: a read key
        (bearer(token), counts),  # 429
        ({"X-API-Key": token}, counts),  # 429
        (bearer(wrong), counts),  # 401: a well-formed key with a wrong secret
        (bearer(token + "x"), counts),  # 401: malformed
        ({}, counts),  # 401: no key
    ]
    with (
        caplog.at_level(logging.DEBUG),
        serve(
            empty_graph, allow_anonymous=False, rate_limit_burst=2, metrics_public=True
        ) as client,
    ):
        responses = [client.post("/graphql", json=body, headers=headers) for headers, body in calls]
        records = list(caplog.records)  # before /metrics, which logs at DEBUG
        metrics = client.get("/metrics").text
    assert [r.status_code for r in responses] == [200, 200, 429, 429, 401, 401, 401]
    assert "errors" not in responses[0].json()
    assert forbidden(responses[1].json()) == ["Mutation.erasePerson"]
    ids = [r.headers["x-request-id"] for r in responses]
    ours = [r for r in records if r.name.startswith("influence_graph")]
    assert [
        (r.name, r.levelno, *(getattr(r, f, "-") for f in ("requestId", "code", "reason", "keyId")))
        for r in ours
    ] == [
        ("influence_graph.api.security", logging.WARNING, ids[1], "FORBIDDEN", "missing_scope",
         key_id),
        ("influence_graph.api.security", logging.WARNING, ids[4], "UNAUTHENTICATED",
         "invalid_key", key_id),
        ("influence_graph.api.security", logging.WARNING, ids[5], "UNAUTHENTICATED",
         "malformed_key", None),
        ("influence_graph.api.security", logging.WARNING, ids[6], "UNAUTHENTICATED",
         "missing_key", None),
    ]  # fmt: skip
    assert (getattr(ours[0], "field", None), getattr(ours[0], "requiredScope", None)) == (
        "Mutation.erasePerson",
        "admin",
    )
    assert "reason=missing_scope" in ours[0].getMessage()
    assert "reason=invalid_key" in ours[1].getMessage()
    refusals = sorted(s for s in metrics.splitlines() if s.startswith("influence_refusals_total"))
    assert refusals == [
        'influence_refusals_total{reason="invalid_key"} 1.0',
        'influence_refusals_total{reason="malformed_key"} 1.0',
        'influence_refusals_total{reason="missing_key"} 1.0',
        'influence_refusals_total{reason="missing_scope"} 1.0',
        'influence_refusals_total{reason="rate_limited"} 2.0',
    ]
    # The driver's debug output, query parameters included, is among the records searched.
    assert any(r.name.startswith("neo4j") and key_id in r.getMessage() for r in records)
    for record in caplog.records:
        text = record.getMessage() + json.dumps(record.__dict__, default=str)
        assert secret not in text, record.name


def test_production_profile_locks_down(empty_graph: Settings) -> None:
    locked = Settings(profile="production", allow_anonymous=True, introspection=True, graphiql=True)
    assert (locked.allow_anonymous, locked.introspection, locked.graphiql) == (False, False, False)
    token = make_key(empty_graph, Scope.ADMIN)
    with serve(empty_graph, profile="production") as client:
        anonymous = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
        assert anonymous.status_code == 401
        introspect = client.post(
            "/graphql", json={"query": "{ __schema { queryType { name } } }"},
            headers=bearer(token),
        ).json()  # fmt: skip
        assert introspect["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
        page = client.get("/graphql", headers={"accept": "text/html", **bearer(token)})
    # What a browser gets when GraphiQL is off: a 400 with a code, not a page, not a 500.
    assert (page.status_code, page.headers["content-type"]) == (400, "application/json")
    assert page.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    # Control: the same request to the development profile gets GraphiQL.
    with serve(empty_graph) as client:
        page = client.get("/graphql", headers={"accept": "text/html", **bearer(token)})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "graphiql" in page.text.lower()


def test_cli_creates_lists_and_revokes_keys(empty_graph: Settings) -> None:
    env = env_for(empty_graph)
    created = cli("keys", "create", "--name", "partner-x", "--scopes", "read,write",
                  "--rate", "5", env=env)  # fmt: skip
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    key_id = token.split("_")[1]
    assert token.startswith(f"ig_{key_id}_")
    listed = cli("keys", "list", env=env)
    assert key_id in listed.stdout
    assert "partner-x" in listed.stdout
    assert "scopes=read,write" in listed.stdout
    assert "5/s" in listed.stdout
    assert token.split("_", 2)[2] not in listed.stdout
    with serve(empty_graph, allow_anonymous=False, api_key_cache_seconds=0) as client:
        query = {"query": "{ graphCounts { people } }"}
        assert client.post("/graphql", json=query, headers=bearer(token)).status_code == 200
        revoked = cli("keys", "revoke", key_id, env=env)
        assert revoked.returncode == 0, revoked.stderr
        assert client.post("/graphql", json=query, headers=bearer(token)).status_code == 401
    assert "revoked" in cli("keys", "list", env=env).stdout
    bad = cli("keys", "create", "--name", "x", "--scopes", "read,root", env=env)
    assert bad.returncode == 1
    assert "root" in bad.stderr
