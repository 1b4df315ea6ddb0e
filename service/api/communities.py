"""GraphQL type for a community found on a topic, with its members and leaders."""

from __future__ import annotations

from datetime import datetime

import strawberry

from service import models
from service.api.context import Context
from service.api.errors import (
    invalid_argument,
)
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.security.cost import costs
from service.api.types import Person
from service.db import influence as store

Info = strawberry.Info[Context, None]


@strawberry.type(description="A community found on a topic by a community-detection algorithm.")
class Community:
    id: strawberry.ID
    topic_id: strawberry.ID
    algorithm: str
    number: int
    size: int
    computed_at: datetime
    job_id: strawberry.ID

    @strawberry.field(description="Its best-ranked members on the topic.", metadata=costs(2))
    async def leaders(self, info: Info, first: int = 5) -> list[Person]:
        if not 1 <= first <= 20:
            raise invalid_argument("`first` must be within 1-20.", "first")
        ids = (await info.context.loaders.community_leaders.load(str(self.id)))[:first]
        people = await info.context.loaders.person.load_many(ids)
        return [Person.from_model(p) for p in people if p is not None]

    @strawberry.field(
        description="Members by rank on the topic (unscored members last).", metadata=costs(20)
    )
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Person]:
        size = page_size(first, info.context.settings)
        position = decode_cursor("member", after, (int, str))
        rows = await store.members_page(
            info.context.db,
            str(self.id),
            (position[0], position[1]) if position else None,
            size + 1,
        )
        people = await info.context.loaders.person.load_many([p for p, _ in rows])
        found = {p.id: p for p in people if p is not None}
        total = self.size

        async def count() -> int:
            return total

        return build_connection(
            [r for r in rows if r[0] in found],
            size,
            had_cursor=after is not None,
            to_node=lambda r: Person.from_model(found[r[0]]),
            cursor_of=lambda r: encode_cursor("member", [r[1], r[0]]),
            count=count,
        )

    @classmethod
    def from_model(cls, c: models.Community) -> Community:
        return cls(
            id=strawberry.ID(c.id),
            topic_id=strawberry.ID(c.topic),
            algorithm=c.algorithm,
            number=c.number,
            size=c.size,
            computed_at=c.computed_at,
            job_id=strawberry.ID(c.job_id),
        )
