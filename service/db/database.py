"""The one place where Cypher runs: named queries from `cypher/`, run with parameters.

Reads go through read transactions with a server-side timeout; writes through managed
write transactions, which the driver retries on transient errors. Each query run is
recorded in the current `QueryLog`, if one is active, so tests and metrics can count them.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction, unit_of_work

from service.db.queries import Queries

Record = dict[str, Any]
T = TypeVar("T")


@dataclass
class QueryLog:
    names: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


current_query_log: contextvars.ContextVar[QueryLog | None] = contextvars.ContextVar(
    "current_query_log", default=None
)
QueryObserver = Callable[[str, float], None]


class Database:
    def __init__(
        self,
        driver: AsyncDriver,
        queries: Queries,
        database: str,
        read_timeout: float,
        observers: tuple[QueryObserver, ...] = (),
    ) -> None:
        self.driver = driver
        self.queries = queries
        self.database = database
        self.read_timeout = read_timeout
        self.observers = observers

    async def read(self, name: str, **params: Any) -> list[Record]:
        text = self.queries[name].text

        @unit_of_work(timeout=self.read_timeout)
        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            result = await tx.run(text, params)
            return [record.data() async for record in result]

        return await self._timed(name, lambda: self._read_session(work))

    async def probe(self, name: str, **params: Any) -> list[Record]:
        """Run a read once, without the retries of a managed transaction: for health checks."""
        text = self.queries[name].text

        async def once() -> list[Record]:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(text, params)
                return [record.data() async for record in result]

        return await self._timed(name, once)

    async def read_one(self, name: str, **params: Any) -> Record | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def write(self, name: str, **params: Any) -> list[Record]:
        text = self.queries[name].text

        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            result = await tx.run(text, params)
            return [record.data() async for record in result]

        return await self._timed(name, lambda: self._write_session(work))

    async def write_many(self, steps: list[tuple[str, Mapping[str, Any]]]) -> list[list[Record]]:
        """Run several named queries in one write transaction: all of them or none."""
        texts = [(name, self.queries[name].text, dict(params)) for name, params in steps]

        async def work(tx: AsyncManagedTransaction) -> list[list[Record]]:
            out = []
            for _, text, params in texts:
                result = await tx.run(text, params)
                out.append([record.data() async for record in result])
            return out

        label = "+".join(name for name, _, _ in texts)
        return await self._timed(label, lambda: self._write_session(work))

    async def write_then(
        self,
        name: str,
        params: Mapping[str, Any],
        then: Callable[[list[Record]], list[tuple[str, Mapping[str, Any]]]],
    ) -> list[list[Record]]:
        """Run a named write, then the queries `then` derives from its rows, all in one
        write transaction (retried as a whole on transient errors)."""
        first_text = self.queries[name].text

        async def work(tx: AsyncManagedTransaction) -> list[list[Record]]:
            result = await tx.run(first_text, dict(params))
            out = [[record.data() async for record in result]]
            for next_name, next_params in then(out[0]):
                result = await tx.run(self.queries[next_name].text, dict(next_params))
                out.append([record.data() async for record in result])
            return out

        return await self._timed(name, lambda: self._write_session(work))

    async def _read_session(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await session.execute_read(work)

    async def _write_session(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)

    async def _timed(self, name: str, run: Callable[[], Awaitable[T]]) -> T:
        start = time.perf_counter()
        try:
            return await run()
        finally:
            elapsed = time.perf_counter() - start
            log = current_query_log.get()
            if log is not None:
                log.names.append(name)
                log.seconds.append(elapsed)
            for observe in self.observers:
                observe(name, elapsed)
