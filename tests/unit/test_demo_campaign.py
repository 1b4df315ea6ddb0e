"""The demo campaign: drawn after the brand from its own random source, its interactions in
its window and carrying its markers, its enlisted people climate voices of the drawn world."""

from __future__ import annotations

import pytest

from service.ingest.demo import DemoData, generate
from service.ingest.demo.campaign import HASHTAG, URL_PREFIX


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=7, people=3000)


def test_the_campaign_follows_the_brand_and_leaves_earlier_draws_alone(data: DemoData) -> None:
    own = data.campaign.interactions
    start = len(data.interactions) - len(own)
    start -= len(data.relationships.interactions) + len(data.crisis.interactions)
    assert data.interactions[start - len(data.brand.interactions) : start] == (
        data.brand.interactions
    )
    assert data.interactions[start : start + len(own)] == own
    assert all(i.id.startswith("demo-c") for i in own)
    assert generate(seed=7, people=3000).campaign == data.campaign
    assert generate(seed=8, people=3000).campaign.enlisted != data.campaign.enlisted


def test_campaign_interactions_are_tagged_and_in_the_window(data: DemoData) -> None:
    c = data.campaign
    assert c.brand == data.brand.id
    assert c.until - c.since == c.since - (c.since - (c.until - c.since))
    for i in c.interactions:
        assert c.since <= i.at < c.until
        assert HASHTAG in (i.tags or [])
        assert (i.url or "").startswith(URL_PREFIX)
    officials = set(data.brand.officials)
    enlisted = set(c.enlisted)
    posts = [i for i in c.interactions if i.actor in enlisted and i.target in officials]
    assert len(posts) >= 2 * len(enlisted)
    assert {i.target for i in c.interactions} <= officials | enlisted


def test_the_enlisted_are_climate_voices_neither_planted_nor_the_brands(data: DemoData) -> None:
    c = data.campaign
    planted = data.planted
    special = {*planted.opinion_leaders.values(), planted.celebrity, *planted.bridges}
    special |= {p for ids in planted.ambassadors.values() for p in ids}
    special |= set(planted.detractors.values())
    assert len(c.enlisted) == 6
    assert not set(c.enlisted) & (special | set(data.brand.representatives))
    interested = {
        i.actor for i in data.interactions if any(t.startswith("climate") for t in i.topics)
    }
    assert set(c.enlisted) <= interested
