"""The demo's relationship histories and planted crisis: drawn after the brand from their own
random sources (everything before unchanged), with the shapes the acceptance tests rely on."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from service.ingest.demo import DemoData, generate
from service.ingest.demo.brand import add_brand
from service.ingest.demo.crisis import CRISIS_DAY, SURGE
from service.ingest.demo.follows import follows
from service.ingest.demo.interactions import interaction_records, organic
from service.ingest.demo.people import make_people
from service.ingest.demo.planted import plant
from service.ingest.demo.relationships import TARGET_STAGES
from service.ingest.demo.world import World


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=7, people=3000)


def test_they_are_drawn_last_and_leave_earlier_draws_unchanged(data: DemoData) -> None:
    world = World(7, 3000)
    make_people(world)
    planted = plant(world)
    organic(world)
    follows(world)
    drawn = interaction_records(world)
    brand = add_brand(7, world, planted)
    before = drawn + brand.interactions + data.campaign.interactions
    assert data.interactions[: len(before)] == before
    rest = data.relationships.interactions + data.crisis.interactions
    assert data.interactions[len(before) :] == rest
    assert generate(seed=7, people=3000).interactions == data.interactions


def test_relationship_histories_lead_to_their_stages(data: DemoData) -> None:
    stages = data.relationships.stages
    assert Counter(stages.values()) == Counter(TARGET_STAGES)
    reps = set(data.brand.representatives)
    assert not set(stages) & reps
    for person, stage in stages.items():
        mine = [i for i in data.relationships.interactions if person in (i.actor, i.target)]
        answered = [i for i in mine if i.actor == person]
        assert (stage == "noticed") == (not answered)
        assert all(i.target in reps for i in answered)


def test_the_crisis_is_one_detractor_over_two_days(data: DemoData) -> None:
    crisis = data.crisis
    assert {i.actor for i in crisis.interactions} == {crisis.detractor}
    assert {i.target for i in crisis.interactions} <= set(data.brand.officials)
    days = Counter((i.at - CRISIS_DAY) // timedelta(days=1) for i in crisis.interactions)
    assert days == {0: SURGE[0], 1: SURGE[1]}
    assert all(i.sentiment is not None and i.sentiment <= -0.4 for i in crisis.interactions)
    assert crisis.detractor not in data.brand.representatives
    assert crisis.detractor not in data.relationships.stages
