"""GraphQL for relationships between a brand and people: stages with their history."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

import strawberry

from service.api.context import Context
from service.api.errors import invalid_argument, refusing_bad_input
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.security.cost import costs
from service.api.types import Person, person_by_id
from service.relationships import reading
from service.relationships.introductions import MAX_INTRODUCTIONS, warm_introductions
from service.relationships.reading import StoredRelationship

Info = strawberry.Info[Context, None]
T = TypeVar("T")


@strawberry.enum(description="How far a person's relationship with a brand has come.")
class RelationshipStage(Enum):
    UNAWARE = "unaware"
    NOTICED = "noticed"
    ENGAGED = "engaged"
    COLLABORATING = "collaborating"
    ADVOCATE = "advocate"


@strawberry.type(description="A stage and when it was first reached.")
class StageReached:
    stage: RelationshipStage
    reached_at: str = strawberry.field(description="ISO-8601, UTC.")


@strawberry.type(
    description="A person's relationship with a brand (docs/relationships-and-alerts.md)."
)
class Relationship:
    brand_id: strawberry.ID
    person_id: strawberry.ID
    stage: RelationshipStage = strawberry.field(description="The highest stage reached.")
    history: list[StageReached] = strawberry.field(
        description="Every stage reached, in the order reached, with its time."
    )
    last_contact_at: str | None = strawberry.field(
        description="Last interaction between the person and a representative, either way."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        description="The representative with the strongest two-way tie (null: none yet)."
    )
    owner_role: str | None = strawberry.field(description="The owner's role for the brand.")
    owner_strength: int = strawberry.field(
        description="The owner's tie: acts in the weaker of the two directions."
    )
    score: float | None = strawberry.field(
        description="The person's score on the topic asked for (null: none, or no topic)."
    )

    @strawberry.field(description="The person.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))

    @strawberry.field(description="The owner.", metadata=costs(1))
    async def owner(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.owner_id)) if self.owner_id else None

    @classmethod
    def of(cls, r: StoredRelationship) -> Relationship:
        return cls(
            brand_id=strawberry.ID(r.brand),
            person_id=strawberry.ID(r.person),
            stage=RelationshipStage(r.stage),
            history=[
                StageReached(stage=RelationshipStage(s), reached_at=at.isoformat())
                for s, at in r.history
            ],
            last_contact_at=r.last_contact.isoformat() if r.last_contact else None,
            owner_id=strawberry.ID(r.owner) if r.owner else None,
            owner_role=r.owner_role,
            owner_strength=r.owner_strength,
            score=r.score,
        )


@strawberry.type(description="One link of a chain: `to` engaged `from` on the topic.")
class IntroductionLink:
    from_id: strawberry.ID = strawberry.field(name="from")
    to_id: strawberry.ID = strawberry.field(name="to")
    weight: float
    interactions: int
    last_at: str | None


@strawberry.type(description="A chain from a representative to the person, with evidence.")
class WarmIntroduction:
    representative_id: strawberry.ID
    role: str = strawberry.field(description="The representative's role for the brand.")
    hops: int
    people: list[strawberry.ID] = strawberry.field(description="Ids along the chain.")
    links: list[IntroductionLink] = strawberry.field(description="The evidence, link by link.")
    weakest: float = strawberry.field(description="The weakest link's weight: its strength.")
    total: float

    @strawberry.field(description="The representative.", metadata=costs(1))
    async def representative(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.representative_id))


def _cursor(r: StoredRelationship) -> str:
    return encode_cursor("relationship", [r.score if r.score is not None else -1.0, r.person])


@strawberry.type
class RelationshipQueries:
    @strawberry.field(
        description="A brand's relationships (CRM-style), ordered by the person's score on "
        "`topic` (people without one last), then by person id; optionally in one stage. "
        "An unknown brand or topic is INVALID_ARGUMENT.",
        metadata=costs(10),
    )
    async def relationships(
        self,
        info: Info,
        brand: strawberry.ID,
        stage: RelationshipStage | None = None,
        topic: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Relationship]:
        db = info.context.db
        size = page_size(first, info.context.settings)
        position = decode_cursor("relationship", after, (float, str))
        wanted = stage.value if stage else None
        key = (position[0], position[1]) if position else None
        topic_id = str(topic) if topic is not None else None
        rows = await refusing_bad_input(
            lambda: reading.page(db, str(brand), wanted, topic_id, key, size + 1)
        )
        return build_connection(
            rows,
            size,
            had_cursor=after is not None,
            to_node=Relationship.of,
            cursor_of=_cursor,
            count=lambda: reading.count(db, str(brand), wanted),
        )

    @strawberry.field(
        description="A person's relationship with a brand, with its history (stage unaware "
        "and no history without contact). An unknown brand or person is INVALID_ARGUMENT.",
        metadata=costs(10),
    )
    async def relationship(
        self, info: Info, brand: strawberry.ID, person: strawberry.ID
    ) -> Relationship:
        db = info.context.db
        return Relationship.of(
            await refusing_bad_input(lambda: reading.one(db, str(brand), str(person)))
        )

    @strawberry.field(
        description="Warm introductions to `person` on `topic` (its current results): per "
        "representative, the strongest of its shortest influence chains (at most 3 hops, ties "
        "either way), employees and customer advocates first. Unknown brand, person or topic "
        f"is INVALID_ARGUMENT. At most {MAX_INTRODUCTIONS}.",
        metadata=costs(500),
    )
    async def warm_introductions(
        self,
        info: Info,
        brand: strawberry.ID,
        person: strawberry.ID,
        topic: strawberry.ID,
        first: int = 5,
    ) -> list[WarmIntroduction]:
        if not 1 <= first <= MAX_INTRODUCTIONS:
            raise invalid_argument(f"`first` must be 1 to {MAX_INTRODUCTIONS}", "first")
        db = info.context.db
        found = await refusing_bad_input(
            lambda: warm_introductions(db, str(brand), str(person), str(topic), first)
        )
        return [_introduction(i) for i in found]


def _introduction(i: Any) -> WarmIntroduction:
    links = [IntroductionLink(from_id=strawberry.ID(link["from"]), to_id=strawberry.ID(link["to"]),
                              weight=float(link["weight"]), interactions=int(link["interactions"]),
                              last_at=link["lastAt"]) for link in i.links]  # fmt: skip
    return WarmIntroduction(
        representative_id=strawberry.ID(i.representative), role=i.role, hops=i.hops,
        people=[strawberry.ID(p) for p in i.people], links=links, weakest=i.weakest,
        total=i.total,
    )  # fmt: skip
