"""Real API keys for tests, stored in the test Neo4j through the service's own code."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from service.api.security.keys import create_api_key
from service.api.security.scopes import Scope
from service.db.api_keys import revoke_key
from service.db.database import Database
from service.db.driver import create_async_driver
from service.settings import Settings

T = TypeVar("T")


def run_with_db(settings: Settings, body: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        driver = create_async_driver(settings)
        try:
            return await body(Database.for_settings(driver, settings))
        finally:
            await driver.close()

    return asyncio.run(run())


def make_key(
    settings: Settings, *scopes: Scope, name: str = "test", rate: float | None = None
) -> str:
    async def body(db: Database) -> str:
        token, _ = await create_api_key(db, name, list(scopes), rate)
        return token

    return run_with_db(settings, body)


def revoke(settings: Settings, key_id: str) -> None:
    async def body(db: Database) -> None:
        await revoke_key(db, key_id)

    run_with_db(settings, body)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
