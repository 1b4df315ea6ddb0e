"""Neo4j failing for real, on a spare server of this suite's own (test ports + 200).

- A query over the transaction memory limit fails at once with a typed error: Neo4j reports it
  as transient, and the driver's managed transactions would retry it until their deadline.
- A write that waits for a lock longer than the server's lock timeout is retried, even when
  that wait alone outlasts NEO4J_RETRY_TIME, instead of hanging.
- Neo4j killed under reads and writes: requests fail fast with DATABASE_UNAVAILABLE, /readyz
  says 503, no batch is half-written, and the same app recovers once Neo4j is back.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import TransientError
from pydantic import SecretStr
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.db.database import Database, QueryMemoryLimitExceeded
from service.db.driver import DatabaseUnavailable, create_async_driver
from service.db.migrate import migrate
from service.db.people import people_by_ids
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord
from service.localdb.server import LocalNeo4j
from service.settings import Settings
from tests.conftest import spare_settings
from tests.support.keys import bearer, make_key
from tests.support.queries import queries_with_tests

T = TypeVar("T")
BATCH = 20
HOG_ITEMS = 20_000_000
LOCK_TIMEOUT = 2


@pytest.fixture(scope="module")
def spare(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalNeo4j, Settings]]:
    settings = spare_settings(
        neo4j_server,
        200,
        Path(tmp_path_factory.mktemp("spare")) / "neo4j",
        local_heap="512m",
        local_pagecache="64m",
        local_transaction_max_memory="32m",
        local_lock_timeout=LOCK_TIMEOUT,
        neo4j_password=SecretStr("spare-pass-1"),
        neo4j_retry_time=4.0,
        neo4j_connect_timeout=1.0,
        neo4j_unavailable_cooldown=1.0,
    )
    server = LocalNeo4j(settings)
    server.start(echo=False)
    try:
        asyncio.run(_with_db(settings, migrate))
        yield server, settings
    finally:
        server.stop(echo=False)


async def _with_db(settings: Settings, body: Callable[[Database], Awaitable[T]]) -> T:
    driver = create_async_driver(settings)
    try:
        queries = queries_with_tests(settings)
        return await body(Database.for_settings(driver, settings, queries=queries))
    finally:
        await driver.close()


def test_a_query_over_the_memory_limit_fails_at_once_and_writes_nothing(
    spare: tuple[LocalNeo4j, Settings],
) -> None:
    _, settings = spare

    async def body(db: Database) -> tuple[int, int]:
        before = db.attempts
        with pytest.raises(QueryMemoryLimitExceeded, match="memory"):
            await db.write("test/memory_hog", n=HOG_ITEMS)
        attempts = db.attempts - before
        fits = await db.write("test/memory_hog", n=1000)
        assert fits == [{"items": 1000}]
        nodes = (await db.read("test/count_label"))[0]["nodes"]
        return attempts, nodes

    attempts, nodes = asyncio.run(_with_db(settings, body))
    assert attempts == 1, f"the memory-limit error was retried ({attempts} attempts)"
    assert nodes == 1  # only the query that fitted wrote its node


def test_control_neo4j_reports_it_as_transient_and_a_managed_transaction_retries_it(
    spare: tuple[LocalNeo4j, Settings],
) -> None:
    _, settings = spare
    retry_time = 2.0

    async def body() -> float:
        driver = create_async_driver(settings.model_copy(update={"neo4j_retry_time": retry_time}))
        db = Database.for_settings(driver, settings, queries=queries_with_tests(settings))
        text = db.queries["test/memory_hog"].text

        async def work(tx: AsyncManagedTransaction) -> None:
            await (await tx.run(text, n=HOG_ITEMS)).consume()

        began = time.monotonic()
        try:
            async with driver.session(database=settings.neo4j_database) as session:
                with pytest.raises(TransientError):
                    await session.execute_write(work)
        finally:
            await driver.close()
        return time.monotonic() - began

    assert asyncio.run(body()) >= retry_time


def test_a_write_whose_lock_wait_times_out_is_retried_until_the_lock_is_free(
    spare: tuple[LocalNeo4j, Settings],
) -> None:
    _, settings = spare
    # Shorter than one lock wait: the retry window must start at the first failure.
    quick = settings.model_copy(update={"neo4j_retry_time": LOCK_TIMEOUT / 2})

    async def body(base: Database) -> tuple[list[dict[str, object]], float, Counter[str]]:
        db = Database.for_settings(base.driver, quick, queries=base.queries)
        text = db.queries["test/touch_lock_probe"].text
        await db.write("test/touch_lock_probe", id="held")
        async with db.driver.session(database=settings.neo4j_database) as session:
            holder = await session.begin_transaction()
            await (await holder.run(text, id="held")).consume()  # holds the node's lock
            began = time.monotonic()
            waiting = asyncio.create_task(db.write("test/touch_lock_probe", id="held"))
            await asyncio.sleep(LOCK_TIMEOUT * 1.5)  # past the first lock wait's timeout
            await holder.commit()
            rows = await waiting
        return rows, time.monotonic() - began, db.retried

    rows, waited, retried = asyncio.run(_with_db(settings, body))
    assert retried["Neo.TransientError.Transaction.LockAcquisitionTimeout"] >= 1
    assert waited >= LOCK_TIMEOUT
    assert rows == [{"touched": 3}]  # the first write, the holder's, then the retried one


class Writer(threading.Thread):
    """Writes batches of people, one transaction each, and notes which were acknowledged.

    Only `DatabaseUnavailable`, the typed error the service raises when Neo4j cannot be reached,
    counts as the outage (`failed`, with when it was met); any other failure is a defect and
    goes to `unexpected`, as does a crash of the thread itself.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(daemon=True)
        self.settings = settings
        self.stop = threading.Event()
        self.acknowledged: list[int] = []
        self.acknowledged_at: dict[int, float] = {}
        self.failed: list[tuple[int, float]] = []
        self.unexpected: list[str] = []
        self.attempted = 0

    def run(self) -> None:
        try:
            asyncio.run(_with_db(self.settings, self.loop))
        except BaseException as exc:  # a dead writer must fail the test, not vanish
            self.unexpected.append(f"the writer thread died: {exc!r}")

    async def loop(self, db: Database) -> None:
        batch = 0
        while not self.stop.is_set():
            people = [PersonRecord(id=f"w{batch}-{i}", name=f"w{batch}-{i}") for i in range(BATCH)]
            self.attempted = batch + 1
            try:
                await load_records(db, people)
            except DatabaseUnavailable:  # the outage under test: note it and go on
                self.failed.append((batch, time.monotonic()))
                await asyncio.sleep(0.1)
            except Exception as exc:  # any other failure is a defect: noted, asserted absent
                self.unexpected.append(f"batch {batch}: {exc!r}")
                await asyncio.sleep(0.1)
            else:
                self.acknowledged_at[batch] = time.monotonic()
                self.acknowledged.append(batch)
            batch += 1
            await asyncio.sleep(0.02)


def _counts(client: TestClient) -> tuple[float, dict[str, object]]:
    began = time.monotonic()
    body = client.post("/graphql", json={"query": "{ graphCounts { people } }"}).json()
    return time.monotonic() - began, body


def _code(body: dict[str, object]) -> str | None:
    errors = body.get("errors")
    return errors[0]["extensions"]["code"] if isinstance(errors, list) and errors else None


def test_neo4j_killed_under_traffic_then_back_the_service_recovers_by_itself(
    spare: tuple[LocalNeo4j, Settings],
) -> None:
    server, settings = spare
    writer = Writer(settings)
    unchecked_key = make_key(settings, Scope.READ)  # not yet verified, so not cached
    with TestClient(create_app(settings)) as client:
        writer.start()
        try:
            deadline = time.monotonic() + 60
            while len(writer.acknowledged) < 5:
                assert writer.unexpected == [], f"before the kill: {writer.unexpected}"
                assert time.monotonic() < deadline, (
                    f"the writer got {len(writer.acknowledged)} of 5 batches acknowledged in 60 s"
                    f" before the kill ({len(writer.failed)} failed, last: {writer.failed[-3:]})"
                )
                time.sleep(0.05)
            assert _code(_counts(client)[1]) is None
            assert writer.failed == [], f"writes failed before the kill: {writer.failed}"
            assert writer.unexpected == [], f"before the kill: {writer.unexpected}"

            killed_at = time.monotonic()
            server.kill()
            deadline = time.monotonic() + 10
            while _code(_counts(client)[1]) != "DATABASE_UNAVAILABLE":
                assert time.monotonic() < deadline, "requests never reported the outage"
            # Answered by the breaker: Neo4j is tried again once per cooldown (1 s), not by
            # every request (each would otherwise wait on the driver's connection attempts).
            availability = client.app.state.db.availability  # type: ignore[attr-defined]
            tried = availability.failed
            attempts: list[str] = []

            def failed(reason: str) -> None:
                attempts.append(reason)
                tried(reason)

            availability.failed = failed
            try:
                codes = [_code(_counts(client)[1]) for _ in range(20)]
            finally:
                availability.failed = tried
            assert codes == ["DATABASE_UNAVAILABLE"] * 20
            assert len(attempts) <= 5, f"{len(attempts)} of 20 requests tried Neo4j"
            keyed = client.post(
                "/graphql", json={"query": "{ __typename }"}, headers=bearer(unchecked_key)
            )
            assert keyed.status_code == 503
            assert keyed.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["status"] == "unavailable"

            failed_while_down = len(writer.failed)
            restarted_at = time.monotonic()
            server.start(echo=False)
            deadline = time.monotonic() + 30
            while _code(_counts(client)[1]) is not None:
                assert time.monotonic() < deadline, "the service did not recover"
                time.sleep(0.2)
            assert client.get("/readyz").status_code == 200
            back = len(writer.acknowledged)
            while len(writer.acknowledged) < back + 5:
                assert time.monotonic() < deadline + 30, "writes did not resume"
                time.sleep(0.05)
        finally:
            writer.stop.set()
            writer.join(timeout=30)
    assert not writer.is_alive(), "the writer did not stop within 30 s"
    assert writer.unexpected == [], (
        f"{len(writer.unexpected)} writes failed other than as unavailable: {writer.unexpected[:3]}"
    )
    assert failed_while_down > 0, "the writer never met the outage"
    # The outage window: from the kill to the writer's first acknowledged batch after the restart.
    resumed = min(b for b, at in writer.acknowledged_at.items() if at > restarted_at)
    outside = [(b, at - killed_at) for b, at in writer.failed if at < killed_at or b > resumed]
    assert outside == [], f"failures (batch, s after the kill) outside the outage: {outside}"

    async def present(db: Database) -> dict[int, int]:
        found = {}
        for batch in range(writer.attempted):
            ids = [f"w{batch}-{i}" for i in range(BATCH)]
            found[batch] = len(await people_by_ids(db, ids))
        return found

    found = asyncio.run(_with_db(settings, present))
    assert {batch: n for batch, n in found.items() if n not in (0, BATCH)} == {}, "partial batch"
    assert all(found[batch] == BATCH for batch in writer.acknowledged), "acknowledged but lost"
