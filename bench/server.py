"""The settings of a benchmark's own local Neo4j: ports, data folder and heap from the
environment (BENCH_BOLT_PORT, BENCH_HTTP_PORT, BENCH_STATE_DIR, BENCH_HEAP) or the bench's
defaults, so that two benches, or a bench beside a test run, never share a server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic import SecretStr

from bench.queries import queries_with_bench
from service.db.database import Database
from service.db.driver import create_async_driver
from service.localdb.server import LocalNeo4j
from service.settings import PROJECT_ROOT, Settings


def bench_server(bolt: int, state: str, heap: str = "2g", **overrides: Any) -> Settings:
    """Settings for a local server on `bolt` (HTTP on the next port), data under `state`."""
    values: dict[str, Any] = {
        "neo4j_uri": None,
        "neo4j_password": SecretStr("bench-password-1"),
        "local_bolt_port": int(os.environ.get("BENCH_BOLT_PORT", str(bolt))),
        "local_http_port": int(os.environ.get("BENCH_HTTP_PORT", str(bolt + 1))),
        "state_dir": PROJECT_ROOT / os.environ.get("BENCH_STATE_DIR", state),
        "local_heap": os.environ.get("BENCH_HEAP", heap),
        "local_pagecache": "1g",
        "neo4j_query_timeout": 3600,
    }
    return Settings(**(values | overrides))


@asynccontextmanager
async def bench_database(settings: Settings, keep: bool) -> AsyncIterator[Database]:
    """The bench's local server started (or found running), and a Database on it with the
    service's and the benches' queries; the server stopped after unless `keep`."""
    server = LocalNeo4j(settings)
    server.start(echo=False)
    driver = create_async_driver(settings)
    try:
        yield Database(driver, queries_with_bench(settings), settings.neo4j_database, 3600)
    finally:
        await driver.close()
        if not keep:
            server.stop(echo=False)
