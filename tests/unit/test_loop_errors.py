"""What the background loops log when a round fails: an outage of Neo4j is one warning when
it starts and one when it ends, whatever the number of rounds; other failures keep their
traceback. The worker is run for real against a port where nothing listens."""

from __future__ import annotations

import asyncio
import logging

import pytest

from service.analytics.worker import Worker
from service.db.database import Database
from service.db.driver import DatabaseUnavailable, create_async_driver
from service.telemetry.loop_errors import LoopErrors
from tests.conftest import make_test_settings
from tests.support.served import free_port

LOGGER = "tests.loop"


def _rounds(errors: LoopErrors, outcomes: list[Exception | None]) -> None:
    for outcome in outcomes:
        if outcome is None:
            errors.succeeded()
            continue
        try:
            raise outcome
        except Exception as exc:
            errors.failed(exc)


def test_an_outage_is_one_warning_when_it_starts_and_one_when_it_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors = LoopErrors(logging.getLogger(LOGGER), "the loop")
    down = DatabaseUnavailable("Neo4j is unreachable: refused")
    with caplog.at_level(logging.INFO, LOGGER):
        _rounds(errors, [None, down, down, down, None, None, down, None])
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "the loop paused, retrying until Neo4j answers: Neo4j is unreachable: refused"),
        ("WARNING", "the loop resumed: Neo4j answers again"),
    ] * 2


def test_any_other_failure_is_logged_every_time_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors = LoopErrors(logging.getLogger(LOGGER), "the loop")
    with caplog.at_level(logging.INFO, LOGGER):
        _rounds(errors, [ValueError("bad row"), ValueError("bad row")])
    assert [r.levelname for r in caplog.records] == ["ERROR", "ERROR"]
    assert all(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)


def test_a_worker_without_neo4j_warns_once_however_many_rounds_fail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()  # nothing listens there
    settings = make_test_settings(
        neo4j_uri=f"bolt://127.0.0.1:{port}",
        neo4j_connect_timeout=0.5,
        neo4j_unavailable_cooldown=0.0,
        worker_poll_interval=0.05,
    )

    async def run() -> int:
        driver = create_async_driver(settings)
        db = Database.for_settings(driver, settings)
        worker = Worker(db, settings)
        stop = asyncio.Event()
        rounds = 0

        async def count() -> None:
            nonlocal rounds
            while not stop.is_set():
                rounds = db.attempts
                await asyncio.sleep(0.05)

        try:
            counter = asyncio.create_task(count())
            loop = asyncio.create_task(worker.run_forever(stop))
            await asyncio.sleep(1.5)
            stop.set()
            await asyncio.gather(loop, counter)
        finally:
            await worker.aclose()
            await driver.close()
        return rounds

    with caplog.at_level(logging.INFO, "influence_graph.worker"):
        attempts = asyncio.run(run())
    assert attempts >= 3, "the worker should have tried several rounds"
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert warnings[0].getMessage().startswith("analysis worker paused")
    assert f"127.0.0.1:{port}" in warnings[0].getMessage()
