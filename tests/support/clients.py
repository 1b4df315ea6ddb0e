"""The service app on the test Neo4j behind a TestClient: as deployed, or with the test schema."""

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
    """The fake `slow` and `fail` fields are test-only, so the scope table learns them here."""
    monkeypatch.setitem(ROOT_FIELD_SCOPES, "Query.slow", Scope.READ)
    monkeypatch.setitem(ROOT_FIELD_SCOPES, "Query.fail", Scope.READ)


def configured(settings: Settings, **overrides: object) -> Settings:
    # Built anew (not model_copy) so the validators, such as the production lock-down, apply.
    return Settings(**{**settings.model_dump(), **GENEROUS_RATE, **overrides})


@contextmanager
def serve_service(settings: Settings, **overrides: object) -> Iterator[TestClient]:
    """The app as deployed: `create_app` with the service's own schema."""
    with TestClient(create_app(configured(settings, **overrides))) as client:
        yield client


@contextmanager
def serve(settings: Settings, **overrides: object) -> Iterator[TestClient]:
    """The app with the test schema (tests/support/fake_schema.py): for tests that need its
    artificial fields (`slow`, cheap nested pages, a subscription that never ends)."""
    settings = configured(settings, **overrides)
    with TestClient(create_app(settings, schema=fake_schema(settings.max_batch))) as client:
        yield client


def public_metrics(settings: Settings) -> Settings:
    """`settings` with /metrics open to anyone (METRICS_PUBLIC), for tests that read what it
    reports rather than who may read it (tests/e2e/test_front_door.py checks the scope)."""
    return Settings(**{**settings.model_dump(), "metrics_public": True})
