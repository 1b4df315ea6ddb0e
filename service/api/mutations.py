"""The mutations partners use to push data in, and the erasure of a person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from service.api.context import Context
from service.api.ingest_types import (
    ErasePersonPayload,
    FollowInput,
    InteractionInput,
    PersonInput,
    RecordFollowsPayload,
    RecordInteractionsPayload,
    TopicInput,
    UpsertPeoplePayload,
    UpsertTopicsPayload,
)
from service.api.security.cost import costs
from service.ingest.erase import erase_person
from service.ingest.partner import Outcome, ingest_items
from service.ingest.records import RecordKind, any_timestamp

Info = strawberry.Info[Context, None]

# GraphQL input fields whose name differs from the record field (NDJSON) name.
_RENAMED = {"person_kind": "personKind", "created_at": "createdAt"}


def _items(inputs: Sequence[object]) -> list[dict[str, Any]]:
    return [{_RENAMED.get(k, k): v for k, v in vars(item).items()} for item in inputs]


async def ingest(info: Info, kind: RecordKind, inputs: Sequence[object]) -> Outcome:
    context = info.context
    any_timestamp.set(context.settings.allow_any_timestamp)  # this request's context only
    return await ingest_items(context.db, kind, _items(inputs), context.settings.max_mutation_batch)


_BATCH = " All items are written in one transaction, or none: any bad item refuses the call "
_BATCH += "and each one is reported in `errors`. At most MAX_MUTATION_BATCH items per call."


@strawberry.type
class IngestMutations:
    @strawberry.mutation(
        description="Create or update people, matched on id." + _BATCH, metadata=costs(50)
    )
    async def upsert_people(self, info: Info, people: list[PersonInput]) -> UpsertPeoplePayload:
        return UpsertPeoplePayload.of(await ingest(info, "person", people))

    @strawberry.mutation(
        description="Create or update topics, matched on id." + _BATCH, metadata=costs(50)
    )
    async def upsert_topics(self, info: Info, topics: list[TopicInput]) -> UpsertTopicsPayload:
        return UpsertTopicsPayload.of(await ingest(info, "topic", topics))

    @strawberry.mutation(
        description="Record interactions between people already in the graph; an interaction "
        "sent again (same id) is updated, never duplicated." + _BATCH,
        metadata=costs(50),
    )
    async def record_interactions(
        self, info: Info, interactions: list[InteractionInput]
    ) -> RecordInteractionsPayload:
        return RecordInteractionsPayload.of(await ingest(info, "interaction", interactions))

    @strawberry.mutation(description="Record who follows whom." + _BATCH, metadata=costs(50))
    async def record_follows(self, info: Info, follows: list[FollowInput]) -> RecordFollowsPayload:
        return RecordFollowsPayload.of(await ingest(info, "follow", follows))

    @strawberry.mutation(
        description="Right to be forgotten: remove the person, every interaction they performed "
        "or received, their follows and their derived scores (INFLUENCES, INFLUENCE_ON, "
        "MEMBER_OF, their id in communities' leaders), in one transaction, and say what was "
        "removed.",
        metadata=costs(100),
    )
    async def erase_person(self, info: Info, id: strawberry.ID) -> ErasePersonPayload:
        erasure = await erase_person(info.context.db, str(id))
        return ErasePersonPayload.of(str(id), erasure)
