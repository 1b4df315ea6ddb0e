"""The GraphQL schema: queries over the graph and mutations that feed it.

`schema` is what `strawberry export-schema` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult

from service.api.alerts import AlertMutations, AlertQueries
from service.api.brands import BrandMutations, BrandQueries
from service.api.campaigns import CampaignMutations, CampaignQueries
from service.api.context import Context
from service.api.evaluations import EvaluationMutations, EvaluationQueries
from service.api.execution import execution_context
from service.api.extensions import ErrorShaping, OperationMetrics, OperationOutcome, is_unexpected
from service.api.influence_queries import InfluenceQueries
from service.api.jobs import JobMutations, JobQueries
from service.api.mutations import IngestMutations
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.relationships import RelationshipQueries
from service.api.security.cost import costs
from service.api.security.limits import OperationGuard
from service.api.shortlist import ShortlistQueries
from service.api.shortlist_jobs import ShortlistJobMutations
from service.api.subscriptions import Subscription
from service.api.types import GraphCounts, Person, ServerInfo, Topic, person_by_id
from service.api.webhooks import WebhookMutations, WebhookQueries
from service.db import graph
from service.db.people import count_people, people_page
from service.db.topics import all_topics
from service.models import PersonFilter

Info = strawberry.Info[Context, None]


class InfluenceSchema(strawberry.Schema):
    """Strawberry logs every error of a result at ERROR. Errors the client caused (typed codes,
    invalid documents, refused operations) are answers, not server faults: only the unexpected
    ones are passed on (ErrorShaping also logs those, with the request id and traceback)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors([e for e in errors if is_unexpected(e)], execution_context)

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        _shape(result, kwargs.get("context_value", args[2] if len(args) > 2 else None))
        return result

    async def subscribe(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().subscribe(*args, **kwargs)
        _shape(result, kwargs.get("context_value", args[2] if len(args) > 2 else None))
        return result


def _shape(result: object, context: object) -> None:
    errors = getattr(result, "errors", None)
    if isinstance(errors, list) and errors:
        result.errors = ErrorShaping().shape(errors, context)  # type: ignore[attr-defined]


@strawberry.type
class Mutation(
    IngestMutations,
    JobMutations,
    EvaluationMutations,
    ShortlistJobMutations,
    BrandMutations,
    CampaignMutations,
    WebhookMutations,
    AlertMutations,
):
    pass


@strawberry.type
class Query(
    InfluenceQueries,
    JobQueries,
    EvaluationQueries,
    BrandQueries,
    CampaignQueries,
    ShortlistQueries,
    WebhookQueries,
    RelationshipQueries,
    AlertQueries,
):
    @strawberry.field(
        description="A person by id, or null when there is none.",
        metadata=costs(10),
    )
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        return await person_by_id(info, str(id))

    @strawberry.field(description="A topic by id, or null when there is none.", metadata=costs(10))
    async def topic(self, info: Info, id: strawberry.ID) -> Topic | None:
        found = await info.context.loaders.topic.load(str(id))
        return Topic.from_model(found) if found else None

    @strawberry.field(
        description="Topics ordered by id; with topLevelOnly, the roots of the tree "
        "(follow `children` down).",
        metadata=costs(10),
    )
    async def topics(self, info: Info, top_level_only: bool = False) -> list[Topic]:
        topics = await all_topics(info.context.db)
        return [Topic.from_model(t) for t in topics if not top_level_only or t.parent is None]

    @strawberry.field(
        description="People ordered by name, optionally matching a search over name and "
        "handle (word prefixes) and filtered by kind, language and country.",
        metadata=costs(10),
    )
    async def people(
        self,
        info: Info,
        search: str | None = None,
        kind: str | None = None,
        language: str | None = None,
        country: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Person]:
        db = info.context.db
        size = page_size(first, info.context.settings)
        position = decode_cursor("person", after, (str, str))
        f = PersonFilter(search=search, kind=kind, language=language, country=country)
        rows = await people_page(db, f, (position[0], position[1]) if position else None, size + 1)
        return build_connection(
            rows,
            size,
            had_cursor=after is not None,
            to_node=Person.from_model,
            cursor_of=lambda p: encode_cursor("person", [p.name, p.id]),
            count=lambda: count_people(db, f),
        )

    @strawberry.field(description="Node and relationship counts of the graph.", metadata=costs(10))
    async def graph_counts(self, info: Info) -> GraphCounts:
        c = await graph.counts(info.context.db)
        return GraphCounts(
            people=c.people,
            topics=c.topics,
            interactions=c.interactions,
            follows=c.follows,
            jobs=c.jobs,
        )

    @strawberry.field(
        description="Versions of Neo4j and Graph Data Science behind the service.",
        metadata=costs(10),
    )
    async def server_info(self, info: Info) -> ServerInfo:
        s = await graph.server_info(info.context.db)
        return ServerInfo(
            neo4j_version=s.neo4j_version, neo4j_edition=s.edition, gds_version=s.gds_version
        )


def build_schema(
    extra_extensions: Sequence[Any] = (),
    *,
    max_batch: int = 10,
    query: type = Query,
    mutation: type | None = Mutation,
    subscription: type | None = Subscription,
) -> strawberry.Schema:
    """The schema with its extensions; other root types are for tests of the security layer."""
    return InfluenceSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        # Parsed documents are kept per query text (bounded), so a client repeating its
        # queries pays for parsing once; OperationGuard does the same for validation.
        extensions=[
            OperationMetrics,
            OperationOutcome,
            ErrorShaping,
            lambda: ParserCache(maxsize=512),
            OperationGuard,
            *extra_extensions,
        ],
        config=StrawberryConfig(batching_config={"max_operations": max_batch}),
        execution_context_class=execution_context(),
    )


schema = build_schema()
