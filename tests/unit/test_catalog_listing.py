"""The catalog listing reads again when GDS fails it on a concurrent change. That failure
cannot be provoked on purpose on a real server (a suite run met it once, a job projecting
beside the listing), so a stand-in client raises the driver's own error, worded as GDS words it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from graphdatascience import GraphDataScience
from neo4j.exceptions import ClientError

from service.db import gds as gds_db

CONCURRENT = (
    "Failed to invoke procedure `gds.graph.list`: Caused by: "
    "java.util.ConcurrentModificationException"
)


class Catalog:
    def __init__(self, failures: list[str], names: list[str]) -> None:
        self.failures, self.names, self.calls = failures, names, 0

    def list(self) -> list[Any]:
        self.calls += 1
        if self.failures:
            raise ClientError(self.failures.pop(0))
        return [SimpleNamespace(graph_name=name) for name in self.names]


def client(catalog: Catalog) -> GraphDataScience:
    return cast(GraphDataScience, SimpleNamespace(graph=catalog))


def test_a_concurrent_change_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gds_db, "LIST_RETRY_PAUSE", 0.0)
    catalog = Catalog([CONCURRENT, CONCURRENT], ["influence-a-1", "other"])
    assert gds_db.graph_names(client(catalog), "influence-") == ["influence-a-1"]
    assert catalog.calls == 3


def test_it_gives_up_after_the_last_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gds_db, "LIST_RETRY_PAUSE", 0.0)
    catalog = Catalog([CONCURRENT] * gds_db.LIST_ATTEMPTS, [])
    with pytest.raises(ClientError, match="ConcurrentModificationException"):
        gds_db.graph_names(client(catalog))
    assert catalog.calls == gds_db.LIST_ATTEMPTS


def test_other_failures_are_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gds_db, "LIST_RETRY_PAUSE", 0.0)
    catalog = Catalog(["There is no procedure with the name `gds.graph.list`"], [])
    with pytest.raises(ClientError, match="no procedure"):
        gds_db.graph_names(client(catalog))
    assert catalog.calls == 1
