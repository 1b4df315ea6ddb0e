"""A test-only schema for the security layer's limits: the service's Query and Mutation, with
three artificial fields no real operation can stand in for.

- `Query.people` returns Relay-style pages of people whose `followers` are pages again, so
  connections nest as deep as a test likes; whatever `first` asks for, a page holds at most two
  items and touches no database, so a query the limits would refuse is cheap to run in controls.
- `Query.slow` sleeps as long as asked (declared `read` only by `declare_test_fields`).
- `Subscription.job` ticks for 50 s without a database, so subscriptions stay open.
- `Query.fail` raises what a resolver may meet: `memory`, the db layer's error for a query
  over Neo4j's transaction memory (tests/integration/test_resilience.py makes Neo4j raise it
  for real), or `crash`, an unexpected error whose text must not reach the client.

Authorisation of the real operations is tested on the real schema (tests/e2e/test_auth.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from service.api.schema import Mutation, Query, build_schema
from service.db.database import QueryMemoryLimitExceeded

PAGE_CAP = 2


@strawberry.type
class FakePerson:
    id: strawberry.ID
    name: str

    @strawberry.field
    def followers(self, first: int | None = 20) -> FakeConnection:
        return _page(f"{self.id}.f", first)


@strawberry.type
class FakeEdge:
    cursor: str
    node: FakePerson


@strawberry.type
class FakeConnection:
    edges: list[FakeEdge]
    total_count: int


def _page(prefix: str, first: int | None) -> FakeConnection:
    n = min(first or 0, PAGE_CAP)
    edges = [
        FakeEdge(cursor=str(i), node=FakePerson(id=strawberry.ID(f"{prefix}{i}"), name=f"n{i}"))
        for i in range(n)
    ]
    return FakeConnection(edges=edges, total_count=n)


@strawberry.type(name="Query")
class FakeQuery(Query):
    @strawberry.field
    def people(self, first: int | None = 20, search: str | None = None) -> FakeConnection:
        return _page("p", first)

    @strawberry.field
    async def slow(self, seconds: float) -> float:
        await asyncio.sleep(seconds)
        return seconds

    @strawberry.field
    def fail(self, kind: str) -> int:
        if kind == "memory":
            raise QueryMemoryLimitExceeded("Neo.TransientError.General.MemoryPoolOutOfMemoryError")
        raise RuntimeError("secret detail: password=hunter2")


@strawberry.type(name="Subscription")
class FakeSubscription:
    @strawberry.subscription
    async def job(self, id: strawberry.ID) -> AsyncGenerator[int, None]:
        for step in range(1000):
            yield step
            await asyncio.sleep(0.05)


def fake_schema(max_batch: int = 10) -> strawberry.Schema:
    return build_schema(
        max_batch=max_batch, query=FakeQuery, mutation=Mutation, subscription=FakeSubscription
    )
