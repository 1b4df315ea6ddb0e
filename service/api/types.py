"""GraphQL object types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from service import models
from service.api.context import Context
from service.api.security.cost import costs

if TYPE_CHECKING:
    from service.api.evaluations import Evaluation, TopicScoring
    from service.api.influence import Influence


@strawberry.type(description="Someone who acts on, or is acted upon, in the graph.")
class Person:
    id: strawberry.ID
    name: str
    handle: str | None
    kind: str | None = strawberry.field(
        description="Declared kind: celebrity, expert, employee, customer, media, ..."
    )
    language: str | None
    country: str | None
    followers: int | None = strawberry.field(description="Declared audience size.")

    @strawberry.field(
        description="Audience and activity counts, from the graph.", metadata=costs(1)
    )
    async def stats(self, info: strawberry.Info[Context, None]) -> PersonStats:
        found = await info.context.loaders.person_stats.load(str(self.id))
        if found is None:
            return PersonStats(follower_count=0, following_count=0, performed=0, received=0)
        return PersonStats(
            follower_count=found.follower_count,
            following_count=found.following_count,
            performed=found.performed,
            received=found.received,
        )

    @strawberry.field(
        description="Their influence on a topic, or null if not scored there.", metadata=costs(1)
    )
    async def influence(
        self, info: strawberry.Info[Context, None], topic: strawberry.ID
    ) -> Annotated[Influence, strawberry.lazy("service.api.influence")] | None:
        from service.api.influence import Influence

        found = await info.context.loaders.score.load((str(self.id), str(topic)))
        return Influence.from_model(found, self) if found else None

    @classmethod
    def from_model(cls, p: models.Person) -> Person:
        return cls(
            id=strawberry.ID(p.id),
            name=p.name,
            handle=p.handle,
            kind=p.kind,
            language=p.language,
            country=p.country,
            followers=p.followers,
        )


@strawberry.type(description="Audience and activity of a person.")
class PersonStats:
    follower_count: int = strawberry.field(description="People who follow them (FOLLOWS in).")
    following_count: int = strawberry.field(description="People they follow.")
    performed: int = strawberry.field(description="Interactions they made.")
    received: int = strawberry.field(description="Interactions that targeted them.")


@strawberry.type(description="A subject people interact about; topics form a tree.")
class Topic:
    id: strawberry.ID
    name: str
    parent_id: strawberry.ID | None
    interaction_count: int = strawberry.field(
        description="Interactions about this topic itself (not its subtopics)."
    )

    @strawberry.field(
        description="The parent topic, null for a top-level topic.", metadata=costs(1)
    )
    async def parent(self, info: strawberry.Info[Context, None]) -> Topic | None:
        if self.parent_id is None:
            return None
        found = await info.context.loaders.topic.load(str(self.parent_id))
        return Topic.from_model(found) if found else None

    @strawberry.field(description="The direct subtopics, ordered by id.", metadata=costs(1))
    async def children(self, info: strawberry.Info[Context, None]) -> list[Topic]:
        found = await info.context.loaders.topic_children.load(str(self.id))
        return [Topic.from_model(t) for t in found]

    @strawberry.field(
        description="The blend its analyses use: calibrated by a back-test, or the defaults."
    )
    async def scoring(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[TopicScoring, strawberry.lazy("service.api.evaluations")]:
        from service.api.evaluations import topic_scoring

        return await topic_scoring(info, str(self.id))

    @strawberry.field(
        description="How its last back-test went, in one sentence, or that it was never "
        "back-tested.",
        metadata=costs(10),
    )
    async def backtest(self, info: strawberry.Info[Context, None]) -> str:
        from service.api.evaluations import last_backtest

        return await last_backtest(info, str(self.id))

    @strawberry.field(description="Its back-tests, newest first (at most 10).", metadata=costs(10))
    async def evaluations(
        self, info: strawberry.Info[Context, None]
    ) -> list[Annotated[Evaluation, strawberry.lazy("service.api.evaluations")]]:
        from service.api.evaluations import Evaluation
        from service.db.evaluations import evaluations_of

        found = await evaluations_of(info.context.db, str(self.id), 10)
        return [Evaluation.from_model(e) for e in found]

    @classmethod
    def from_model(cls, t: models.Topic) -> Topic:
        return cls(
            id=strawberry.ID(t.id),
            name=t.name,
            parent_id=strawberry.ID(t.parent) if t.parent else None,
            interaction_count=t.interactions,
        )


@strawberry.type(description="How much is in the graph.")
class GraphCounts:
    people: int
    topics: int
    interactions: int
    follows: int
    jobs: int


@strawberry.type(description="The database behind the service.")
class ServerInfo:
    neo4j_version: str
    neo4j_edition: str
    gds_version: str | None


async def person_by_id(info: strawberry.Info[Context, None], person_id: str) -> Person | None:
    """The person through the request's DataLoader (batched with every other look-up)."""
    found = await info.context.loaders.person.load(person_id)
    return Person.from_model(found) if found else None
