"""GraphQL types for influence links: who influenced whom, chains of influence (paths) and
the network picture of a topic's top people."""

from __future__ import annotations

from datetime import datetime

import strawberry

from service.api.context import Context
from service.api.influence import InteractionEvidence
from service.api.pagination import (
    page_size,
)
from service.api.security.cost import costs
from service.api.types import Person, person_by_id
from service.db import influence as store

Info = strawberry.Info[Context, None]


@strawberry.type(description="An influence link between a person and someone else on a topic.")
class InfluenceLink:
    person_id: strawberry.ID
    weight: float = strawberry.field(description="Type-weighted, decayed engagement.")
    interactions: int
    last_at: datetime | None

    @strawberry.field(description="The other person of the link.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="One hop of an influence chain: `influencer` influenced `engager`.")
class PathStep:
    influencer_id: strawberry.ID
    engager_id: strawberry.ID
    topic_id: strawberry.ID
    weight: float
    interactions: int
    last_at: datetime | None

    @strawberry.field(metadata=costs(1))
    async def influencer(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.influencer_id))

    @strawberry.field(metadata=costs(1))
    async def engager(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.engager_id))

    @strawberry.field(description="The latest interactions behind this hop.", metadata=costs(10))
    async def evidence(self, info: Info, first: int = 3) -> list[InteractionEvidence]:
        size = page_size(first, info.context.settings)
        rows = await store.link_evidence(
            info.context.db, str(self.influencer_id), str(self.engager_id), str(self.topic_id), size
        )
        return [
            InteractionEvidence(
                id=strawberry.ID(r["id"]),
                type=r["type"],
                at=r["at"],
                sentiment=r["sentiment"],
                weight=None,
                url=r["url"],
                actor_id=self.engager_id,
            )
            for r in rows
        ]


@strawberry.type(description="The strongest chain of influence from one person to another.")
class InfluencePath:
    hops: int
    weakest_link: float = strawberry.field(description="Weight of the chain's weakest hop.")
    total_weight: float
    steps: list[PathStep]


@strawberry.type(description="A person in the network picture.")
class NetworkNode:
    person: Person
    score: float
    rank: int
    role: str
    community: str | None


@strawberry.type(description="An influence link in the network picture: source influenced target.")
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    weight: float


@strawberry.type(description="A topic's top people and the influence links among them.")
class InfluenceNetwork:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
