"""Authentication and authorisation over HTTP with real keys in the test Neo4j.

The matrix covers every root query and mutation field of the service (and of the stand-ins for
the operations other branches add) against every scope: a field runs exactly for callers
holding its declared scope (or admin), and is refused with FORBIDDEN otherwise.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest

from service.api.security.scopes import ROOT_FIELD_SCOPES, Principal, Scope, required_scope
from service.settings import Settings
from tests.e2e.test_cli import cli, env_for
from tests.support.clients import declare_test_fields, serve
from tests.support.fake_schema import fake_schema
from tests.support.keys import bearer, make_key, revoke

OPERATIONS = {
    "Query.person": '{ person(id: "p1") { id } }',
    "Query.topic": '{ topic(id: "t1") { id } }',
    "Query.topics": "{ topics { id } }",
    "Query.graphCounts": "{ graphCounts { people } }",
    "Query.serverInfo": "{ serverInfo { neo4jVersion } }",
    "Query.people": "{ people(first: 1) { totalCount } }",
    "Query.slow": "{ slow(seconds: 0) }",
    "Query.influencers": '{ influencers(topic: "t1", first: 1) { totalCount } }',
    "Query.whoInfluences": '{ whoInfluences(person: "p1", topic: "t1", first: 1) { totalCount } }',
    "Query.influencedBy": '{ influencedBy(person: "p1", topic: "t1", first: 1) { totalCount } }',
    "Query.influencePath": '{ influencePath(from: "p1", to: "p2", topic: "t1") { hops } }',
    "Query.communities": '{ communities(topic: "t1", first: 1) { totalCount } }',
    "Query.influenceNetwork": '{ influenceNetwork(topic: "t1", first: 1) { edges { weight } } }',
    "Query.job": '{ job(id: "j1") { id } }',
    "Query.jobs": "{ jobs(first: 1) { id } }",
    "Mutation.upsertPeople": 'mutation { upsertPeople(names: ["a"]) }',
    "Mutation.runAnalysis": 'mutation { runAnalysis(topic: "t") }',
    "Mutation.erasePerson": 'mutation { erasePerson(id: "p1") }',
}
CALLERS: dict[str, frozenset[Scope]] = {
    "read": frozenset({Scope.READ}),
    "write": frozenset({Scope.WRITE}),
    "analyze": frozenset({Scope.ANALYZE}),
    "admin": frozenset({Scope.ADMIN}),
    "read+write": frozenset({Scope.READ, Scope.WRITE}),
}


@pytest.fixture(autouse=True)
def _test_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    declare_test_fields(monkeypatch)


def forbidden(body: dict[str, Any]) -> list[str]:
    return [
        e["extensions"]["field"]
        for e in body.get("errors") or []
        if e.get("extensions", {}).get("code") == "FORBIDDEN"
    ]


def test_the_matrix_covers_every_root_field() -> None:
    gql = fake_schema()._schema
    fields = {
        f"{root.name}.{name}"
        for root in (gql.query_type, gql.mutation_type)
        if root is not None
        for name in root.fields
    }
    assert fields == set(OPERATIONS)


def test_authorisation_matrix_scope_by_operation(empty_graph: Settings) -> None:
    tokens = {name: make_key(empty_graph, *scopes, name=name) for name, scopes in CALLERS.items()}
    with serve(empty_graph, anonymous_scopes="read") as client:
        callers: dict[str, tuple[dict[str, str], Principal]] = {
            name: (bearer(tokens[name]), Principal("k", name, scopes))
            for name, scopes in CALLERS.items()
        }
        callers["anonymous"] = ({}, Principal(None, "anonymous", frozenset({Scope.READ})))
        outcomes = {}
        for caller, (headers, principal) in callers.items():
            for field, query in OPERATIONS.items():
                body = client.post("/graphql", json={"query": query}, headers=headers).json()
                type_name, name = field.split(".")
                scope = required_scope(type_name, name)
                assert scope is not None
                allowed = principal.allows(scope)
                outcomes[caller, field] = allowed
                if allowed:
                    # Allowed: it ran (on an empty graph a typed NOT_FOUND may come back).
                    codes = {e["extensions"]["code"] for e in body.get("errors") or []}
                    assert codes <= {"NOT_FOUND"}, (caller, field, body)
                    assert body["data"] is not None or codes == {"NOT_FOUND"}
                else:
                    assert forbidden(body) == [field], (caller, field, body)
                    error = body["errors"][0]["extensions"]
                    assert error["requiredScope"] == scope.value
                    assert body["data"] is None
    # Spot checks that the table is the one the issue asks for.
    assert outcomes["read", "Query.people"]
    assert not outcomes["read", "Mutation.upsertPeople"]
    assert outcomes["write", "Mutation.upsertPeople"]
    assert not outcomes["write", "Mutation.runAnalysis"]
    assert outcomes["analyze", "Mutation.runAnalysis"]
    assert not outcomes["read+write", "Mutation.erasePerson"]
    assert outcomes["admin", "Mutation.erasePerson"]
    assert not outcomes["anonymous", "Mutation.upsertPeople"]


def test_a_mixed_mutation_is_refused_whole(empty_graph: Settings) -> None:
    token = make_key(empty_graph, Scope.WRITE)
    query = 'mutation { upsertPeople(names: ["a"]) erasePerson(id: "p1") }'
    with serve(empty_graph) as client:
        body = client.post("/graphql", json={"query": query}, headers=bearer(token)).json()
    assert body["data"] is None
    assert forbidden(body) == ["Mutation.erasePerson"]


def test_a_field_missing_from_the_scope_table_is_refused_to_everyone(
    empty_graph: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(ROOT_FIELD_SCOPES, "Query.slow")
    token = make_key(empty_graph, Scope.ADMIN)
    with serve(empty_graph) as client:
        body = client.post(
            "/graphql", json={"query": "{ slow(seconds: 0) }"}, headers=bearer(token)
        ).json()
    assert forbidden(body) == ["Query.slow"]
    assert "declares no scope" in body["errors"][0]["message"]


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
    token = make_key(empty_graph, Scope.READ, rate=1.0)
    secret = token.split("_", 2)[2]
    with (
        caplog.at_level(logging.DEBUG),
        serve(empty_graph, rate_limit_burst=1) as client,
    ):
        for headers in (bearer(token), {"X-API-Key": token}, bearer(token + "x")):
            client.post("/graphql", json={"query": "{ graphCounts { people } nope }"},
                        headers=headers)  # fmt: skip
            client.post("/graphql", json={"query": "mutation { erasePerson(id: 1) }"},
                        headers=headers)  # fmt: skip
    assert caplog.records, "expected the refused requests to be logged"
    for record in caplog.records:
        text = record.getMessage() + json.dumps(record.__dict__, default=str)
        assert secret not in text


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
        assert "graphiql" not in page.text.lower()


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
