"""The one way a command reaches the graph: open the database (its connection checked, so a
failure names the setting to fix), run the command's body on it, close it, and turn the known
failures into one line with their exit code."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from rich.console import Console

from service.cli.errors import EXIT_DATABASE_UNAVAILABLE, EXIT_PROVISIONING, CliError
from service.db.database import Database
from service.db.driver import DatabaseUnavailable, create_async_driver, explain_connection_error
from service.localdb.home import ProvisioningError
from service.settings import Settings, get_settings

T = TypeVar("T")
# Progress bars and notes go to stderr, so that stdout holds only a command's results.
console = Console(stderr=True)


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """A Database whose connection has been checked, so failures name the setting to fix."""
    driver = create_async_driver(settings)
    try:
        try:
            await driver.verify_connectivity()
        except Exception as exc:
            raise explain_connection_error(exc, settings) from exc
        yield Database.for_settings(driver, settings)
    finally:
        await driver.close()


def with_database(body: Callable[[Database], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run `body` on the database of `settings` (default: the current settings) and return
    what it returns; an unreachable database or a failed provisioning exits with its code."""

    async def opened() -> T:
        async with open_database(get_settings() if settings is None else settings) as database:
            return await body(database)

    try:
        return asyncio.run(opened())
    except DatabaseUnavailable as exc:
        raise CliError(str(exc), EXIT_DATABASE_UNAVAILABLE) from None
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None
