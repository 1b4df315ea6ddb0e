"""Schema fuzzing: operations generated from the service's schema never get a 5xx.

hypothesis-graphql builds valid operations (and, in negative mode, invalid ones) from the
schema the service serves, so fields other branches add are fuzzed as soon as they exist.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql
from starlette.testclient import TestClient
from strawberry.printer import print_schema

from service.api.schema import schema
from service.api.security.scopes import Scope
from service.app import create_app
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.support.keys import bearer, make_key, run_with_db

SDL = print_schema(schema)


@pytest.mark.parametrize(("mode", "examples"), [(Mode.POSITIVE, 1000), (Mode.NEGATIVE, 300)])
def test_generated_operations_never_get_a_5xx(
    empty_graph: Settings, mode: Mode, examples: int
) -> None:
    run_with_db(empty_graph, lambda db: load_records(db, generate(seed=3, people=200).records()))
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    statuses: Counter[int] = Counter()
    codes: Counter[str] = Counter()

    with TestClient(create_app(empty_graph)) as client:

        @given(operation=gql.from_schema(SDL, mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def one(operation: str) -> None:
            response = client.post("/graphql", json={"query": operation}, headers=bearer(token))
            statuses[response.status_code] += 1
            body = response.json() if "json" in response.headers.get("content-type", "") else {}
            for error in body.get("errors") or [] if isinstance(body, dict) else []:
                codes[str((error.get("extensions") or {}).get("code"))] += 1
            assert response.status_code < 500, (operation, response.text[:300])

        one()
    assert sum(statuses.values()) >= examples
    assert not [s for s in statuses if s >= 500]
    assert codes["INTERNAL_ERROR"] == 0, codes
