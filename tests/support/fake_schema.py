"""A test-only schema: the service's real Query plus stand-ins for operations other branches add.

The stand-ins carry the names the scope table already lists (people with Relay-style pages,
upsertPeople, runAnalysis, erasePerson, the job subscription), so the security layer is tested
exactly as it will apply to them. They touch no database: whatever `first` asks for, a page
holds at most two items, so a query the limits would refuse is still cheap to run in controls.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from service.api.schema import Query, build_schema

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


@strawberry.type(name="Mutation")
class FakeMutation:
    @strawberry.mutation
    def upsert_people(self, names: list[str]) -> int:
        return len(names)

    @strawberry.mutation
    def run_analysis(self, topic: str) -> str:
        return f"job-{topic}"

    @strawberry.mutation
    def erase_person(self, id: strawberry.ID) -> bool:
        return True


@strawberry.type(name="Subscription")
class FakeSubscription:
    @strawberry.subscription
    async def job(self, id: strawberry.ID) -> AsyncGenerator[int, None]:
        for step in range(1000):
            yield step
            await asyncio.sleep(0.05)


def fake_schema(max_batch: int = 10) -> strawberry.Schema:
    return build_schema(
        max_batch=max_batch, query=FakeQuery, mutation=FakeMutation, subscription=FakeSubscription
    )
