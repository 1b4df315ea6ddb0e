"""The one place where Cypher runs: named queries from `cypher/`, run with parameters.

Reads run as auto-commit read transactions with a server-side timeout; writes in write transactions.
Both are retried, with backoff for up to `retry_time` seconds from the first failure, on
Neo4j's transient errors only (deadlocks, lock waits that timed out, leader switches...),
except the memory-limit ones: a query that ran out of memory will not fit on the next try
either, so it fails at once with `QueryMemoryLimitExceeded`. Writes are idempotent (MERGE on
stable ids), so a retried write never duplicates anything.

When Neo4j cannot be reached, the query fails with `DatabaseUnavailable` and, for
`unavailable_cooldown` seconds, so do all others without touching the network: callers get a
fast, clear error instead of waiting on connection retries. The next query after that tries
again, so the service recovers by itself when Neo4j returns. Each query run is recorded in the
current `QueryLog`, if one is active, so tests and metrics can count them.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import READ_ACCESS, WRITE_ACCESS, AsyncDriver, AsyncTransaction, Query
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from service.db.driver import DatabaseUnavailable
from service.db.queries import Queries
from service.settings import Settings

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
Work = Callable[[AsyncTransaction], Awaitable[T]]

# Neo4j reports these as transient, yet the same query would exhaust the same memory again.
MEMORY_LIMIT_CODES = frozenset(
    {
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        "Neo.TransientError.General.TransactionMemoryLimit",
        "Neo.TransientError.General.OutOfMemoryError",
    }
)
TIMEOUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    }
)


# The one text ever put before a query's: the keyword that makes Neo4j report the plan it ran.
PROFILE_PREFIX = "PROFILE "


class QueryMemoryLimitExceeded(RuntimeError):
    """The query needs more memory than Neo4j allows a transaction: it is not retried."""


class QueryTimedOut(RuntimeError):
    """The query ran longer than its transaction timeout."""


class Availability:
    """Remembers that Neo4j was unreachable, so queries fail fast for a short cooldown."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self.down_until = 0.0
        self.reason = ""

    def check(self) -> None:
        if time.monotonic() < self.down_until:
            raise DatabaseUnavailable(self.reason)

    def failed(self, reason: str) -> None:
        self.reason = reason
        self.down_until = time.monotonic() + self.cooldown

    def succeeded(self) -> None:
        self.down_until = 0.0


class Database:
    def __init__(
        self,
        driver: AsyncDriver,
        queries: Queries,
        database: str,
        read_timeout: float,
        observers: tuple[QueryObserver, ...] = (),
        retry_time: float = 10.0,
        unavailable_cooldown: float = 1.0,
    ) -> None:
        self.driver = driver
        self.queries = queries
        self.database = database
        self.read_timeout = read_timeout
        self.observers = observers
        self.retry_time = retry_time
        self.attempts = 0  # transactions begun, retries included
        self.retried: Counter[str] = Counter()  # transient errors retried, by Neo4j code
        self.availability = Availability(unavailable_cooldown)

    @classmethod
    def for_settings(
        cls,
        driver: AsyncDriver,
        settings: Settings,
        read_timeout: float | None = None,
        observers: tuple[QueryObserver, ...] = (),
        queries: Queries | None = None,
    ) -> Database:
        """A Database on CYPHER_DIR's queries, or on `queries` (the tests' and benchmarks'
        own roots loaded beside it)."""
        return cls(
            driver,
            Queries(settings.cypher_dir) if queries is None else queries,
            settings.neo4j_database,
            settings.neo4j_query_timeout if read_timeout is None else read_timeout,
            observers=observers,
            retry_time=settings.neo4j_retry_time,
            unavailable_cooldown=settings.neo4j_unavailable_cooldown,
        )

    async def read(self, name: str, **params: Any) -> list[Record]:
        # An auto-commit read: one round trip fewer than BEGIN/RUN/COMMIT, same timeout and
        # access mode. Rows hold plain values (no query returns nodes), so dict() suffices.
        query = Query(self.queries[name].text, timeout=self.read_timeout)

        async def attempt() -> list[Record]:
            self.attempts += 1
            async with self.driver.session(
                database=self.database, default_access_mode=READ_ACCESS
            ) as session:
                result = await session.run(query, params)
                return [dict(record) async for record in result]

        return await self._timed(name, lambda: self._retrying(attempt))

    async def read_rows(self, name: str, **params: Any) -> list[Record]:
        """A read whose query returns one record holding its rows as a list, `rows`: the
        driver decodes one list several times faster than as many records."""
        found = await self.read(name, **params)
        return list(found[0]["rows"]) if found else []

    async def probe(self, name: str, **params: Any) -> list[Record]:
        """Run a read once, without retries and whatever the cooldown: for health checks."""
        text = self.queries[name].text

        async def once() -> list[Record]:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(text, params)
                rows = [record.data() async for record in result]
            self.availability.succeeded()
            return rows

        return await self._timed(name, once)

    async def profile(self, name: str, **params: Any) -> tuple[list[Record], dict[str, Any]]:
        """Run a named read once under PROFILE (in a read session, without retries): its rows
        and the plan it executed, as the driver reports it (`operatorType`, `args`, `rows`,
        `children`...). For tests and tuning: how a query runs, not what it returns."""
        query = Query(PROFILE_PREFIX + self.queries[name].text, timeout=self.read_timeout)

        async def once() -> tuple[list[Record], dict[str, Any]]:
            self.attempts += 1
            async with self.driver.session(
                database=self.database, default_access_mode=READ_ACCESS
            ) as session:
                result = await session.run(query, params)
                rows = [dict(record) async for record in result]
                plan = (await result.consume()).profile
            if plan is None:
                raise RuntimeError(f"Neo4j returned no profile for {name}")
            return rows, dict(plan)

        return await self._timed(name, once)

    async def read_one(self, name: str, **params: Any) -> Record | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def write(self, name: str, **params: Any) -> list[Record]:
        text = self.queries[name].text

        async def work(tx: AsyncTransaction) -> list[Record]:
            result = await tx.run(text, params)
            return [record.data() async for record in result]

        return await self._timed(name, lambda: self._transact(WRITE_ACCESS, work, None))

    async def write_many(self, steps: list[tuple[str, Mapping[str, Any]]]) -> list[list[Record]]:
        """Run several named queries in one write transaction: all of them or none."""
        texts = [(name, self.queries[name].text, dict(params)) for name, params in steps]

        async def work(tx: AsyncTransaction) -> list[list[Record]]:
            out = []
            for _, text, params in texts:
                result = await tx.run(text, params)
                out.append([record.data() async for record in result])
            return out

        label = "+".join(name for name, _, _ in texts)
        return await self._timed(label, lambda: self._transact(WRITE_ACCESS, work, None))

    async def write_then(
        self,
        name: str,
        params: Mapping[str, Any],
        then: Callable[[list[Record]], list[tuple[str, Mapping[str, Any]]]],
    ) -> list[list[Record]]:
        """Run a named write, then the queries `then` derives from its rows, all in one
        write transaction (retried as a whole on transient errors)."""
        first_text = self.queries[name].text

        async def work(tx: AsyncTransaction) -> list[list[Record]]:
            result = await tx.run(first_text, dict(params))
            out = [[record.data() async for record in result]]
            for next_name, next_params in then(out[0]):
                result = await tx.run(self.queries[next_name].text, dict(next_params))
                out.append([record.data() async for record in result])
            return out

        return await self._timed(name, lambda: self._transact(WRITE_ACCESS, work, None))

    async def _transact(self, mode: str, work: Work[T], timeout: float | None) -> T:
        """Run `work` in one transaction; retry it on transient errors only (see module doc)."""
        return await self._retrying(lambda: self._once(mode, work, timeout))

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        self.availability.check()
        deadline: float | None = None  # set by the first transient error
        delay = 0.1
        reconnected = False
        while True:
            try:
                result = await attempt()
            except (ServiceUnavailable, SessionExpired) as exc:
                # A pooled connection may be stale after a restart: one fresh try, then fail.
                if not reconnected:
                    reconnected = True
                    continue
                reason = f"Neo4j is unreachable: {exc}"
                self.availability.failed(reason)
                raise DatabaseUnavailable(reason) from exc
            except Neo4jError as exc:
                if exc.code in MEMORY_LIMIT_CODES:
                    raise QueryMemoryLimitExceeded(exc.message or str(exc)) from exc
                if exc.code in TIMEOUT_CODES:
                    raise QueryTimedOut(exc.message or str(exc)) from exc
                if not exc.is_retryable():
                    raise
                # Counted from the first failure, not the start: a lock wait that timed out
                # (db.lock.acquisition.timeout) may alone outlast `retry_time`.
                now = time.monotonic()
                deadline = now + self.retry_time if deadline is None else deadline
                if now + delay > deadline:
                    raise
                self.retried[exc.code or type(exc).__name__] += 1
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
            else:
                self.availability.succeeded()
                return result

    async def _once(self, mode: str, work: Work[T], timeout: float | None) -> T:
        self.attempts += 1
        async with self.driver.session(database=self.database, default_access_mode=mode) as session:
            tx = await session.begin_transaction(timeout=timeout)
            try:
                result = await work(tx)
                await tx.commit()
                return result
            finally:
                await tx.close()

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
