"""Hostile queries: each is refused with the code and value of the limit it crossed, before
any Cypher runs.

Every case has a control: the same request, with only that limit raised, is accepted. So each
test shows that the protection, and nothing else, is what refuses the request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from service.settings import Settings
from tests.support.clients import declare_test_fields, serve

MiB = 1024 * 1024
T = TypeVar("T")


def nested(levels: int) -> str:
    return '{ topic(id: "t") { ' + "parent { " * levels + "id" + " }" * levels + " } }"


ALIAS_FLOOD = "{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }"
# Aliases inside a fragment count each time it is spread (strawberry's CVE-2026-47707).
FRAGMENT_ALIASES = (
    "fragment Many on FakePerson { " + " ".join(f"n{i}: name" for i in range(10)) + " } { "
    + " ".join(f"p{i}: people(first: 1) {{ edges {{ node {{ ...Many }} }} }}" for i in range(5))
    + " }"
)  # fmt: skip
PAGE = "followers(first: 100) { edges { node { followers(first: 100) { totalCount } } } }"
NESTED_PAGES = f"{{ people(first: 100) {{ edges {{ node {{ a: {PAGE} b: {PAGE} }} }} }} }}"
# 500 people of 8 tokens each: a batch the service would take, but 4,000 tokens.
TOKEN_FLOOD = (
    "mutation { upsertPeople(people: ["
    + " ".join(f'{{id: "n{i}", name: "n"}}' for i in range(500))
    + "]) { written } }"
)
INTROSPECTION = '{ __schema { queryType { name } } __type(name: "Query") { name } }'


@dataclass
class Case:
    name: str
    code: str
    status: int
    relax: dict[str, Any]
    json: Any = None
    content: bytes | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    reads_graph: bool = False  # once accepted, the request runs Cypher (real fields)


CASES = [
    Case("depth bomb", "MAX_DEPTH_EXCEEDED", 200, {"max_depth": 1000},
         json={"query": nested(60)}, details={"limit": 10, "depth": 62}, reads_graph=True),
    Case("alias flood", "MAX_ALIASES_EXCEEDED", 200, {"max_aliases": 1000},
         json={"query": ALIAS_FLOOD}, details={"limit": 15, "aliases": 100}),
    Case("aliases multiplied by fragment spreads", "MAX_ALIASES_EXCEEDED", 200,
         {"max_aliases": 1000}, json={"query": FRAGMENT_ALIASES},
         details={"limit": 15, "aliases": 55}),
    Case("huge first", "PAGE_SIZE_EXCEEDED", 200, {"max_page_size": 10**9, "max_cost": 10**12},
         json={"query": "{ people(first: 1000000) { totalCount } }"},
         details={"limit": 100, "requested": 1_000_000, "field": "Query.people"}),
    Case("huge first in a variable", "PAGE_SIZE_EXCEEDED", 200,
         {"max_page_size": 10**9, "max_cost": 10**12},
         json={"query": "query($n: Int) { people(first: $n) { totalCount } }",
               "variables": {"n": 5000}}, details={"limit": 100, "requested": 5000}),
    Case("nested connections multiply cost", "MAX_COST_EXCEEDED", 200, {"max_cost": 10**9},
         json={"query": NESTED_PAGES}, details={"limit": 50_000, "cost": 60_401}),
    Case("oversized body", "BODY_TOO_LARGE", 413, {"max_body_bytes": 8 * MiB},
         json={"query": "{ __typename }", "variables": {"pad": "x" * (2 * MiB)}},
         details={"limit": MiB}),
    Case("token flood", "MAX_TOKENS_EXCEEDED", 400, {"max_tokens": 10**6},
         json={"query": TOKEN_FLOOD}, details={"limit": 2000}, reads_graph=True),
    Case("introspection when disabled", "INTROSPECTION_DISABLED", 200, {"introspection": True},
         json={"query": INTROSPECTION}, settings={"introspection": False}),
    Case("batch flood", "BATCH_TOO_LARGE", 400, {"max_batch": 100},
         json=[{"query": "{ __typename }"}] * 50, details={"limit": 10, "operations": 50}),
    Case("slow operation", "TIMEOUT", 200, {"execution_timeout": 5.0},
         json={"query": "{ slow(seconds: 1.0) }"}, settings={"execution_timeout": 0.3},
         details={"limit": 0.3}),
]  # fmt: skip


def post(client: TestClient, case: Case) -> Any:
    if case.content is not None:
        return client.post(
            "/graphql", content=case.content, headers={"content-type": "application/json"}
        )
    return client.post("/graphql", json=case.json)


def errors_of(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return [e for item in body for e in item.get("errors") or []]
    return list(body.get("errors") or [])


@pytest.fixture(autouse=True)
def _test_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    declare_test_fields(monkeypatch)


def cypher_run_by(client: TestClient, request: Callable[[], T]) -> tuple[T, list[str]]:
    """What `request` returned, and the names of the Cypher queries the app ran meanwhile."""
    db = client.app.state.db  # type: ignore[attr-defined]
    ran: list[str] = []
    observers = db.observers
    db.observers = (*observers, lambda name, seconds: ran.append(name))
    try:
        return request(), ran
    finally:
        db.observers = observers


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_request_is_refused_before_any_cypher(empty_graph: Settings, case: Case) -> None:
    with serve(empty_graph, **case.settings) as client:
        response, ran = cypher_run_by(client, lambda: post(client, case))
        if case.reads_graph:  # refused before reading it (the control shows it would)
            assert ran == []
        assert response.status_code == case.status, response.text[:300]
        errors = errors_of(response.json())
        assert errors, response.text[:300]
        extensions = errors[0]["extensions"]
        assert extensions["code"] == case.code
        for key, value in case.details.items():
            assert extensions[key] == value, (key, extensions)
        # The server still answers an ordinary query right after.
        ok = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
        assert ok.json()["data"] == {"graphCounts": {"people": 0}}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_control_same_request_passes_when_only_that_limit_is_raised(
    empty_graph: Settings, case: Case
) -> None:
    with serve(empty_graph, **{**case.settings, **case.relax}) as client:
        response, ran = cypher_run_by(client, lambda: post(client, case))
        assert response.status_code == 200, response.text[:300]
        assert errors_of(response.json()) == []
    # Where the request reads the graph, the refusal above is what kept it from doing so.
    assert bool(ran) == case.reads_graph, ran


def test_fragment_cycle_is_refused_without_hanging(empty_graph: Settings) -> None:
    query = (
        "fragment A on Topic { parent { ...B } } fragment B on Topic { parent { ...A } } "
        '{ topic(id: "x") { ...A } }'
    )
    with serve(empty_graph) as client:
        response = client.post("/graphql", json={"query": query})
    errors = response.json()["errors"]
    assert any("within itself" in e["message"] for e in errors)
    assert response.json()["data"] is None


def test_normal_queries_are_answered_during_a_hostile_flood(empty_graph: Settings) -> None:
    flood = [c for c in CASES if c.name != "slow operation"]
    stop = threading.Event()
    refused: list[str] = []

    with serve(empty_graph) as client:

        def attack() -> None:
            while not stop.is_set():
                for case in flood:
                    body = post(client, case).json()
                    refused.extend(e["extensions"]["code"] for e in errors_of(body)[:1])

        attackers = [threading.Thread(target=attack) for _ in range(3)]
        for thread in attackers:
            thread.start()
        try:
            for _ in range(20):
                response = client.post("/graphql", json={"query": "{ graphCounts { people } }"})
                assert response.json()["data"] == {"graphCounts": {"people": 0}}
        finally:
            stop.set()
            for thread in attackers:
                thread.join()
    assert {"MAX_DEPTH_EXCEEDED", "MAX_COST_EXCEEDED", "BATCH_TOO_LARGE"} <= set(refused)


def test_successful_responses_report_their_cost(empty_graph: Settings) -> None:
    query = "{ people(first: 10) { edges { node { name } } } topics { id } }"
    with serve(empty_graph) as client:
        body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body
    # people: 1 + 10 pages x (edge + node) = 21; topics: its declared weight 10 + 20 assumed
    # x 1 = 30 (weights: docs/security.md).
    assert body["extensions"]["cost"] == {"requested": 51, "limit": 50_000}


def test_a_batch_shares_one_cost_budget(empty_graph: Settings) -> None:
    one = {"query": "{ people(first: 100) { edges { node { name } } } }"}  # costs 201
    with serve(empty_graph, max_cost=500) as client:
        body = client.post("/graphql", json=[one, one, one]).json()
    codes = [(item.get("errors") or [{}])[0].get("extensions", {}).get("code") for item in body]
    assert codes.count("MAX_COST_EXCEEDED") == 1
    assert codes.count(None) == 2
