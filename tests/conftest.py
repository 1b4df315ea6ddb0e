"""Fixtures: a real Neo4j + GDS for the suite, and a clean database for every test that asks.

By default the suite starts (or reuses) its own local Neo4j on TEST_NEO4J_BOLT_PORT (7688) and
TEST_NEO4J_HTTP_PORT (7475), with its data under .state/neo4j-test, so it never touches the
server `make run` uses. With TEST_NEO4J_URI set it uses that server instead (it is wiped!).
A server the suite started is stopped at the end unless KEEP_NEO4J=1. TEST_NEO4J_STATE moves
its data folder. Tests that need a server of their own (to kill it, or to give it small limits)
start a spare one with `spare_settings`, on the test ports + 100, + 200 or + 300.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.gds import open_gds, run_query
from service.db.graph import wipe
from service.db.migrate import migrate
from service.localdb.server import LocalNeo4j
from service.settings import PROJECT_ROOT, Settings
from tests.support.queries import queries_with_tests

SHARED = PROJECT_ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
DEFAULT_TEST_STATE = PROJECT_ROOT / ".state" / "neo4j-test"


def make_test_settings(**overrides: object) -> Settings:
    external = os.environ.get("TEST_NEO4J_URI")
    base: dict[str, object] = {
        "neo4j_uri": external,
        "neo4j_password": SecretStr(os.environ.get("TEST_NEO4J_PASSWORD", "test-password-1")),
        "local_bolt_port": int(os.environ.get("TEST_NEO4J_BOLT_PORT", "7688")),
        "local_http_port": int(os.environ.get("TEST_NEO4J_HTTP_PORT", "7475")),
        "state_dir": Path(
            os.environ.get("TEST_NEO4J_STATE", PROJECT_ROOT / ".state" / "neo4j-test")
        ),
        "local_heap": os.environ.get("TEST_NEO4J_HEAP", "2g"),
        "local_pagecache": "512m",
        "migrate_on_start": True,
    }
    base.update(overrides)
    return Settings(**base)  # type: ignore[arg-type]


def spare_settings(base: Settings, offset: int, state_dir: Path, **overrides: object) -> Settings:
    """Settings of a second local server beside the test one, its ports `offset` above."""
    return make_test_settings(
        neo4j_uri=None,
        local_bolt_port=base.local_bolt_port + offset,
        local_http_port=base.local_http_port + offset,
        state_dir=state_dir,
        **overrides,
    )


@pytest.fixture(scope="session")
def settings() -> Settings:
    return make_test_settings()


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[Settings]:
    """A running Neo4j with GDS and the graph model applied."""
    server = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    started_here = False
    if server is not None:
        started_here = not server.status().running
        server.start(echo=False)
    asyncio.run(_migrate(settings))
    yield settings
    if server is not None and started_here and os.environ.get("KEEP_NEO4J") != "1":
        server.stop(echo=False)


async def _migrate(settings: Settings) -> None:
    driver = create_async_driver(settings)
    try:
        await migrate(_database(driver, settings))
    finally:
        await driver.close()


def _database(driver: object, settings: Settings) -> Database:
    queries = queries_with_tests(settings)
    return Database.for_settings(driver, settings, queries=queries)  # type: ignore[arg-type]


def drop_gds_graphs(settings: Settings) -> None:
    """Empty the GDS catalog, from sync code (a running event loop included), through the
    db layer's GDS client; async code with a Database awaits `drop_gds_graphs_of(db)`."""
    gds = open_gds(settings)
    try:
        run_query(gds, queries_with_tests(settings), "test/drop_gds_graphs")
    finally:
        gds.close()


async def drop_gds_graphs_of(db: Database) -> None:
    await db.write("test/drop_gds_graphs")


@pytest.fixture
async def db(neo4j_server: Settings) -> AsyncIterator[Database]:
    """A Database on an empty graph (wiped before the test; constraints kept)."""
    driver = create_async_driver(neo4j_server)
    database = _database(driver, neo4j_server)
    await wipe(database)
    await drop_gds_graphs_of(database)
    try:
        yield database
    finally:
        await driver.close()


@pytest.fixture
def empty_graph(neo4j_server: Settings) -> Settings:
    """For sync tests: the database wiped, GDS catalog emptied; returns the settings."""

    async def run() -> None:
        driver = create_async_driver(neo4j_server)
        try:
            database = _database(driver, neo4j_server)
            await wipe(database)
            await drop_gds_graphs_of(database)
        finally:
            await driver.close()

    asyncio.run(run())
    return neo4j_server


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = PROJECT_ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
