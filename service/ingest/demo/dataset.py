"""A generated demo data set: its records, in an order where references come first, and
what was planted in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from service.ingest.demo.brand import DemoBrand
from service.ingest.demo.campaign import DemoCampaign
from service.ingest.demo.crisis import DemoCrisis
from service.ingest.demo.planted import Planted
from service.ingest.demo.relationships import DemoRelationships
from service.ingest.records import (
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)

Record = (
    TopicRecord | PersonRecord | BrandRecord | RepresentsRecord | FollowRecord | InteractionRecord
)


@dataclass(frozen=True)
class DemoData:
    seed: int
    topics: list[TopicRecord]
    persons: list[PersonRecord]
    interactions: list[InteractionRecord]
    follows: list[FollowRecord]
    planted: Planted
    brand: DemoBrand
    campaign: DemoCampaign  # not a record: `demo load` creates it after the records
    relationships: DemoRelationships
    crisis: DemoCrisis

    def records(self) -> Iterator[Record]:
        """Topics, persons, the brand and its representatives, follows, then interactions:
        references always come first."""
        yield from self.topics
        yield from self.persons
        yield self.brand.brand
        yield from self.brand.represents
        yield from self.follows
        yield from self.interactions
