"""The GraphQL schema: queries over the graph. `schema` is what `strawberry export-schema` reads."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from service.api.context import Context
from service.api.jobs import JobMutations, JobQueries
from service.api.types import GraphCounts, Person, ServerInfo, Topic
from service.db import graph
from service.db.topics import all_topics

Info = strawberry.Info[Context, None]


@strawberry.type
class Query(JobQueries):
    @strawberry.field(description="A person by id, or null when there is none.")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        found = await info.context.loaders.person.load(str(id))
        return Person.from_model(found) if found else None

    @strawberry.field(description="A topic by id, or null when there is none.")
    async def topic(self, info: Info, id: strawberry.ID) -> Topic | None:
        found = await info.context.loaders.topic.load(str(id))
        return Topic.from_model(found) if found else None

    @strawberry.field(description="Every topic, ordered by id; `parent` links form the tree.")
    async def topics(self, info: Info) -> list[Topic]:
        return [Topic.from_model(t) for t in await all_topics(info.context.db)]

    @strawberry.field(description="Node and relationship counts of the graph.")
    async def graph_counts(self, info: Info) -> GraphCounts:
        c = await graph.counts(info.context.db)
        return GraphCounts(
            people=c.people,
            topics=c.topics,
            interactions=c.interactions,
            follows=c.follows,
            jobs=c.jobs,
        )

    @strawberry.field(description="Versions of Neo4j and Graph Data Science behind the service.")
    async def server_info(self, info: Info) -> ServerInfo:
        s = await graph.server_info(info.context.db)
        return ServerInfo(
            neo4j_version=s.neo4j_version, neo4j_edition=s.edition, gds_version=s.gds_version
        )


@strawberry.type
class Mutation(JobMutations):
    pass


def _mask(error: GraphQLError) -> bool:
    """Hide internal errors; show errors the caller can act on (they carry a code)."""
    return not (error.extensions or {}).get("code")


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, mutation=Mutation, extensions=[partial(MaskErrors, should_mask_error=_mask)]
    )


schema = build_schema()
