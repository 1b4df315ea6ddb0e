"""GraphQL inputs and payloads of the ingestion mutations.

Timestamps are ISO-8601 strings with a time zone, checked by the same rules as a file
load, so that a bad one is reported as an item error rather than failing the request.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from service.ingest.erase import Erasure
from service.ingest.partner import ItemIssue, Outcome


@strawberry.input(description="A person to create or update (matched on id).")
class PersonInput:
    id: strawberry.ID
    name: str
    handle: str | None = None
    person_kind: str | None = strawberry.field(
        default=None, description="Declared kind: celebrity, expert, employee, customer, ..."
    )
    language: str | None = None
    country: str | None = None
    followers: int | None = strawberry.field(default=None, description="Declared audience.")
    attributes: JSON | None = strawberry.field(
        default=None,
        description="Source attributes (party, department, ...): names to strings, numbers or "
        "booleans; merged into the person's, a null value removes one.",
    )
    created_at: str | None = strawberry.field(
        default=None, description="When the account was created (ISO-8601 with time zone)."
    )


@strawberry.input(description="A topic to create or update (matched on id).")
class TopicInput:
    id: strawberry.ID
    name: str
    parent: strawberry.ID | None = strawberry.field(
        default=None,
        description="The parent topic (in the graph already, or in this call); refused "
        "(self_reference) when the tree would loop, counting the graph's links.",
    )


@strawberry.input(description="An interaction: actor acted on target's content about topics.")
class InteractionInput:
    id: strawberry.ID = strawberry.field(description="Stable id, from the source platform.")
    type: str = strawberry.field(description="share, quote, reply, comment, mention or like.")
    actor: strawberry.ID = strawberry.field(description="The person who acted (in the graph).")
    target: strawberry.ID = strawberry.field(description="The person acted upon (in the graph).")
    topics: list[strawberry.ID]
    at: str = strawberry.field(description="When (ISO-8601 with time zone).")
    sentiment: float | None = strawberry.field(default=None, description="-1 to 1.")
    platform: str | None = None
    url: str | None = None
    count: int | None = strawberry.field(
        default=None, description="How many such acts this item stands for (default 1)."
    )
    campaigns: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Ids of the campaigns it is part of (they may come later)."
    )
    tags: list[str] | None = strawberry.field(
        default=None, description="Hashtags it carries (#tag; stored in lower case)."
    )


@strawberry.input(description="Follower follows followee (both in the graph).")
class FollowInput:
    follower: strawberry.ID
    followee: strawberry.ID
    since: str | None = strawberry.field(default=None, description="ISO-8601 with time zone.")


@strawberry.type(description="Why one item of a batch was refused.")
class ItemError:
    index: int = strawberry.field(description="Position of the item in the call, from 0.")
    field: str | None = strawberry.field(description="The field at fault, when there is one.")
    code: str = strawberry.field(
        description="Machine-readable reason: missing_field, bad_timestamp, out_of_range, "
        "unknown_interaction_type, self_interaction, duplicate_id, unknown_person, "
        "unknown_topic, unknown_brand, unknown_role, bad_hashtag, erased_person (a person "
        "erased with erasePerson, or an item naming one), batch_too_large, ..."
    )
    message: str

    @classmethod
    def from_issue(cls, issue: ItemIssue) -> ItemError:
        return cls(index=issue.index, field=issue.field, code=issue.code, message=issue.message)


@strawberry.interface(
    description="What a batch mutation did: all items written, or none and the errors."
)
class IngestResult:
    written: int = strawberry.field(description="Items written: all of them, or 0 on errors.")
    errors: list[ItemError]


def _fields(outcome: Outcome) -> dict[str, Any]:
    return {
        "written": outcome.written,
        "errors": [ItemError.from_issue(e) for e in outcome.errors],
    }


@strawberry.type
class UpsertPeoplePayload(IngestResult):
    @classmethod
    def of(cls, outcome: Outcome) -> UpsertPeoplePayload:
        return cls(**_fields(outcome))


@strawberry.type
class UpsertTopicsPayload(IngestResult):
    @classmethod
    def of(cls, outcome: Outcome) -> UpsertTopicsPayload:
        return cls(**_fields(outcome))


@strawberry.type
class RecordInteractionsPayload(IngestResult):
    @classmethod
    def of(cls, outcome: Outcome) -> RecordInteractionsPayload:
        return cls(**_fields(outcome))


@strawberry.type
class RecordFollowsPayload(IngestResult):
    @classmethod
    def of(cls, outcome: Outcome) -> RecordFollowsPayload:
        return cls(**_fields(outcome))


@strawberry.type(description="What erasing a person removed.")
class ErasePersonPayload:
    person_id: strawberry.ID
    found: bool = strawberry.field(description="False when there was no such person.")
    interactions: int = strawberry.field(description="Interactions they performed or received.")
    follows: int = strawberry.field(description="FOLLOWS relationships, both directions.")
    influences: int = strawberry.field(description="Derived INFLUENCES, both directions.")
    influence_scores: int = strawberry.field(description="Derived INFLUENCE_ON scores.")
    community_memberships: int = strawberry.field(description="MEMBER_OF relationships.")
    community_leaderships: int = strawberry.field(
        description="Communities whose stored leaders listed the person (the id is taken out)."
    )
    relationships: int = strawberry.field(description="Every relationship removed.")

    @classmethod
    def of(cls, person_id: str, erasure: Erasure | None) -> ErasePersonPayload:
        e = erasure or Erasure(0, 0, 0, 0, 0, 0, 0)
        return cls(
            person_id=strawberry.ID(person_id),
            found=erasure is not None,
            interactions=e.interactions,
            follows=e.follows,
            influences=e.influences,
            influence_scores=e.influence_scores,
            community_memberships=e.community_memberships,
            community_leaderships=e.community_leaderships,
            relationships=e.relationships,
        )
