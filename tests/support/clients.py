"""The service app on the test Neo4j, with the fake operations, behind a TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import ROOT_FIELD_SCOPES, Scope
from service.app import create_app
from service.settings import Settings
from tests.support.fake_schema import fake_schema

# Permissive enough that floods in tests are refused by the limit under test, not the rate.
GENEROUS_RATE = {"rate_limit_per_second": 10_000.0, "rate_limit_burst": 10_000}


def declare_test_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake `slow` field is test-only, so the scope table learns it only here."""
    monkeypatch.setitem(ROOT_FIELD_SCOPES, "Query.slow", Scope.READ)


@contextmanager
def serve(settings: Settings, **overrides: object) -> Iterator[TestClient]:
    # Built anew (not model_copy) so the validators, such as the production lock-down, apply.
    configured = Settings(**{**settings.model_dump(), **GENEROUS_RATE, **overrides})
    app = create_app(configured, schema=fake_schema(configured.max_batch))
    with TestClient(app) as client:
        yield client
