"""A Database on its own driver for test set-up code (the tests' queries loaded too),
closed when the block ends."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from service.db.database import Database
from service.db.driver import create_async_driver
from service.settings import Settings
from tests.support.queries import queries_with_tests


@contextlib.asynccontextmanager
async def open_db(settings: Settings, read_timeout: float = 120) -> AsyncIterator[Database]:
    driver = create_async_driver(settings)
    try:
        yield Database.for_settings(
            driver, settings, read_timeout=read_timeout, queries=queries_with_tests(settings)
        )
    finally:
        await driver.close()
