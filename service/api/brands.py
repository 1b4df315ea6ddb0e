"""GraphQL for brands: who speaks for them, and the mutations that record it."""

from __future__ import annotations

import strawberry

from service.api.context import Context
from service.api.ingest_types import IngestResult, _fields
from service.api.mutations import _BATCH, ingest
from service.api.security.cost import costs
from service.api.types import Person, person_by_id
from service.db.brands import brands_by_ids

Info = strawberry.Info[Context, None]


@strawberry.input(description="A brand to create or update (matched on id).")
class BrandInput:
    id: strawberry.ID
    name: str


@strawberry.input(description="A person who speaks for a brand, in one role.")
class RepresentsInput:
    person: strawberry.ID = strawberry.field(description="The person (in the graph).")
    brand: strawberry.ID = strawberry.field(description="The brand (in the graph or this call).")
    role: str = strawberry.field(
        description="official (the brand's own account), employee, executive or "
        "customer_advocate; one role per person and brand, replaced when sent again."
    )


@strawberry.type
class UpsertBrandsPayload(IngestResult):
    pass


@strawberry.type
class RecordRepresentsPayload(IngestResult):
    pass


@strawberry.type(description="A person speaking for a brand.")
class Representative:
    person_id: strawberry.ID
    role: str = strawberry.field(description="official, employee, executive or customer_advocate.")

    @strawberry.field(description="The person.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="A brand and the people who represent it.")
class Brand:
    id: strawberry.ID
    name: str
    representatives: list[Representative] = strawberry.field(
        description="Who represents the brand, by person id."
    )


async def brand_by_id(info: Info, brand_id: str) -> Brand | None:
    found = (await brands_by_ids(info.context.db, [brand_id])).get(brand_id)
    if found is None:
        return None
    reps = [
        Representative(person_id=strawberry.ID(r["person"]), role=str(r["role"]))
        for r in found["representatives"]
    ]
    return Brand(id=strawberry.ID(found["id"]), name=str(found["name"]), representatives=reps)


@strawberry.type
class BrandQueries:
    @strawberry.field(description="A brand by id, or null when there is none.", metadata=costs(10))
    async def brand(self, info: Info, id: strawberry.ID) -> Brand | None:
        return await brand_by_id(info, str(id))


@strawberry.type
class BrandMutations:
    @strawberry.mutation(
        description="Create or update brands, matched on id." + _BATCH, metadata=costs(50)
    )
    async def upsert_brands(self, info: Info, brands: list[BrandInput]) -> UpsertBrandsPayload:
        return UpsertBrandsPayload(**_fields(await ingest(info, "brand", brands)))

    @strawberry.mutation(
        description="Record who represents which brand, and in which role (unknown role: "
        "item error unknown_role)." + _BATCH,
        metadata=costs(50),
    )
    async def record_represents(
        self, info: Info, represents: list[RepresentsInput]
    ) -> RecordRepresentsPayload:
        return RecordRepresentsPayload(**_fields(await ingest(info, "represents", represents)))
