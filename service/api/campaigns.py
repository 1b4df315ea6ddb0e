"""GraphQL for campaigns: create and change them, enlist people, list them, read results."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

import strawberry

from service.api.brands import Brand, brand_by_id
from service.api.campaign_results import CampaignResults
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
from service.campaigns import campaigns as domain
from service.campaigns import report_store

Info = strawberry.Info[Context, None]
T = TypeVar("T")


@strawberry.enum(description="Where a campaign stands, from its dates.")
class CampaignStatus(Enum):
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


@strawberry.type(description="A brand's campaign over a time window [since, until).")
class Campaign:
    id: strawberry.ID
    brand_id: strawberry.ID
    name: str
    since: str = strawberry.field(description="Start (ISO-8601, UTC), included.")
    until: str = strawberry.field(description="End (ISO-8601, UTC), excluded.")
    status: CampaignStatus
    topics: list[strawberry.ID] = strawberry.field(description="For the share of voice.")
    markers: list[str] = strawberry.field(description="URL prefixes and hashtags.")
    enlisted_ids: list[strawberry.ID] = strawberry.field(description="Enlisted people, by id.")
    interactions: int = strawberry.field(
        description="Interactions in the campaign (named by it, tagged, or at one of its URL "
        "prefixes), at any time."
    )

    @strawberry.field(description="The brand.", metadata=costs(10))
    async def brand(self, info: Info) -> Brand | None:
        return await brand_by_id(info, str(self.brand_id))

    @strawberry.field(
        description="The campaign window against the equal baseline window before it: "
        "figures, lift, by day and by enlisted person (docs/campaigns.md).",
        metadata=costs(100),
    )
    async def results(self, info: Info) -> CampaignResults:
        found = await refusing_bad_input(lambda: domain.get_campaign(info.context.db, str(self.id)))
        if found is None:
            raise invalid_argument(f"unknown campaign {str(self.id)!r}", "id")
        return CampaignResults.of(await report_store.results(info.context.db, found))

    @classmethod
    def of(cls, c: domain.Campaign) -> Campaign:
        f = c.fields
        return cls(
            id=strawberry.ID(c.id),
            brand_id=strawberry.ID(c.brand),
            name=f.name,
            since=f.since.isoformat(),
            until=f.until.isoformat(),
            status=CampaignStatus(c.status(datetime.now(UTC))),
            topics=[strawberry.ID(t) for t in f.topics],
            markers=list(f.markers),
            enlisted_ids=[strawberry.ID(p) for p in c.enlisted],
            interactions=c.members,
        )


@strawberry.input(description="A new campaign.")
class CampaignInput:
    id: strawberry.ID
    brand: strawberry.ID = strawberry.field(description="The brand (in the graph).")
    name: str
    since: str = strawberry.field(description="ISO-8601 with time zone, included.")
    until: str = strawberry.field(description="ISO-8601 with time zone, excluded; after since.")
    topics: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Topics (in the graph) for the share of voice."
    )
    markers: list[str] = strawberry.field(
        default_factory=list, description="URL prefixes (http:// or https://...) and hashtags."
    )


@strawberry.input(description="Changes to a campaign; fields left out keep their value.")
class CampaignChanges:
    name: str | None = None
    since: str | None = None
    until: str | None = None
    topics: list[strawberry.ID] | None = None
    markers: list[str] | None = None


def _fields(given: CampaignInput) -> domain.CampaignFields:
    return domain.CampaignFields(
        name=given.name,
        since=domain.parse_time("since", given.since),
        until=domain.parse_time("until", given.until),
        topics=tuple(str(t) for t in given.topics),
        markers=tuple(given.markers),
    )


def _changes(given: CampaignChanges) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if given.name is not None:
        out["name"] = given.name
    for name in ("since", "until"):
        value = getattr(given, name)
        if value is not None:
            out[name] = domain.parse_time(name, value)
    if given.topics is not None:
        out["topics"] = tuple(str(t) for t in given.topics)
    if given.markers is not None:
        out["markers"] = tuple(given.markers)
    return out


@strawberry.type
class CampaignQueries:
    @strawberry.field(description="A campaign by id, or null.", metadata=costs(10))
    async def campaign(self, info: Info, id: strawberry.ID) -> Campaign | None:
        found = await domain.get_campaign(info.context.db, str(id))
        return Campaign.of(found) if found else None

    @strawberry.field(
        description="Campaigns by id, optionally of one brand (unknown: INVALID_ARGUMENT) and "
        "in one status.",
        metadata=costs(10),
    )
    async def campaigns(
        self,
        info: Info,
        brand: strawberry.ID | None = None,
        status: CampaignStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Campaign]:
        db = info.context.db
        size = page_size(first, info.context.settings)
        position = decode_cursor("campaign", after, (str,))
        wanted = status.value if status else None
        key = str(brand) if brand is not None else None
        ids = await refusing_bad_input(
            lambda: domain.campaign_ids_page(
                db, key, wanted, position[0] if position else None, size + 1
            )
        )
        found = await domain.get_campaigns(db, ids)
        return build_connection(
            [found[i] for i in ids if i in found],
            size,
            had_cursor=after is not None,
            to_node=Campaign.of,
            cursor_of=lambda c: encode_cursor("campaign", [c.id]),
            count=lambda: domain.count_campaigns(db, key, wanted),
        )


@strawberry.type
class CampaignMutations:
    @strawberry.mutation(
        description="Create a campaign for a brand; its interactions are linked at once. "
        "INVALID_ARGUMENT (nothing written) on an unknown brand or topic, until not after "
        "since, or a marker that is neither a URL prefix nor a hashtag.",
        metadata=costs(100),
    )
    async def create_campaign(self, info: Info, campaign: CampaignInput) -> Campaign:
        db = info.context.db

        async def create() -> domain.Campaign:
            fields = _fields(campaign)
            return await domain.create_campaign(db, str(campaign.id), str(campaign.brand), fields)

        return Campaign.of(await refusing_bad_input(create))

    @strawberry.mutation(
        description="Change a campaign (checked as a whole, as createCampaign); its "
        "membership is rebuilt.",
        metadata=costs(100),
    )
    async def update_campaign(
        self, info: Info, id: strawberry.ID, changes: CampaignChanges
    ) -> Campaign:
        db = info.context.db

        async def update() -> domain.Campaign:
            return await domain.update_campaign(db, str(id), _changes(changes))

        return Campaign.of(await refusing_bad_input(update))

    @strawberry.mutation(
        description="Enlist people (all in the graph) in a campaign.", metadata=costs(50)
    )
    async def enlist(
        self, info: Info, campaign: strawberry.ID, people: list[strawberry.ID]
    ) -> Campaign:
        db = info.context.db
        names = [str(p) for p in people]
        return Campaign.of(
            await refusing_bad_input(lambda: domain.enlist(db, str(campaign), names))
        )

    @strawberry.mutation(description="Withdraw people from a campaign.", metadata=costs(50))
    async def withdraw(
        self, info: Info, campaign: strawberry.ID, people: list[strawberry.ID]
    ) -> Campaign:
        db = info.context.db
        names = [str(p) for p in people]
        return Campaign.of(
            await refusing_bad_input(lambda: domain.withdraw(db, str(campaign), names))
        )
