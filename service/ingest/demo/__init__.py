"""Deterministic demo data: topics, people, follows and interactions with planted answers.

`generate(seed, people)` builds a slice of a social platform that looks real enough for the
analytics to have something to find: a topic hierarchy, heavy-tailed declared audiences,
language communities that keep most activity inside themselves, and engagement that
prefers bigger accounts (catalogue, people, interactions, follows). Into it it plants the
people a correct analysis must surface (planted): opinion leaders, a celebrity,
ambassadors, detractors and bridges. Last, from a random source of its own, the brand of
the climate topic with its accounts and representatives (brand), then, each from its own
random source, the brand's past campaign and the interactions it set off (campaign), the
brand's relationship histories (relationships) and a planted crisis (crisis).

Only random sources seeded from `seed` are used, so one seed always gives byte-identical
NDJSON.
`planted_facts` names the planted people; `write_ndjson` writes the records and those facts
side by side (`<path>.planted.json`) (writing).
"""

from __future__ import annotations

from dataclasses import replace

from service.ingest.demo.brand import DemoBrand, add_brand
from service.ingest.demo.campaign import add_campaign
from service.ingest.demo.catalogue import topic_records
from service.ingest.demo.crisis import add_crisis
from service.ingest.demo.dataset import DemoData, Record
from service.ingest.demo.follows import follows
from service.ingest.demo.interactions import interaction_records, organic
from service.ingest.demo.people import make_people, person_records
from service.ingest.demo.planted import Planted, plant
from service.ingest.demo.relationships import add_relationships
from service.ingest.demo.world import World
from service.ingest.demo.writing import planted_facts, planted_path, write_ndjson, write_planted

__all__ = [
    "MIN_PEOPLE",
    "DemoBrand",
    "DemoData",
    "Planted",
    "Record",
    "generate",
    "planted_facts",
    "planted_path",
    "write_ndjson",
    "write_planted",
]

MIN_PEOPLE = 200


def generate(seed: int = 7, people: int = 3000) -> DemoData:
    """The demo data set for `seed`, with `people` people (at least MIN_PEOPLE)."""
    if people < MIN_PEOPLE:
        raise ValueError(f"people must be at least {MIN_PEOPLE}, got {people}")
    world = World(seed, people)
    make_people(world)
    planted = plant(world)
    organic(world)
    follow_records = follows(world)
    interactions = interaction_records(world)
    brand = add_brand(seed, world, planted)
    campaign = add_campaign(seed, world, brand)
    relationships = add_relationships(seed, world, brand)
    crisis = add_crisis(seed, world, brand, set(relationships.stages))
    accounts = dict.fromkeys(brand.officials, 0)
    return DemoData(
        seed=seed,
        topics=topic_records(),
        persons=person_records(world) + brand.accounts,
        interactions=interactions
        + brand.interactions
        + campaign.interactions
        + relationships.interactions
        + crisis.interactions,
        follows=follow_records + brand.follows,
        planted=replace(planted, communities=planted.communities | accounts),
        brand=brand,
        campaign=campaign,
        relationships=relationships,
        crisis=crisis,
    )
