"""The demo brand: who represents it, what its engagement looks like, and that drawing it
leaves everything drawn before it unchanged."""

from __future__ import annotations

from collections import Counter

import pytest

from service.ingest.demo import DemoData, generate
from service.ingest.demo.brand import BRAND_ID, BRAND_NAME
from service.ingest.demo.follows import follows
from service.ingest.demo.interactions import interaction_records, organic
from service.ingest.demo.people import make_people, person_records
from service.ingest.demo.planted import plant
from service.ingest.demo.world import World


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=7, people=3000)


def test_the_brand_is_drawn_after_everything_else(data: DemoData) -> None:
    world = World(7, 3000)
    make_people(world)
    plant(world)
    organic(world)
    drawn_follows = follows(world)
    drawn = interaction_records(world)
    assert data.interactions[: len(drawn)] == drawn
    assert data.follows[: len(drawn_follows)] == drawn_follows
    assert data.persons[: world.n] == person_records(world)
    brand_end = len(drawn) + len(data.brand.interactions)
    assert data.interactions[len(drawn) : brand_end] == data.brand.interactions
    assert all(i.id.startswith("demo-b") for i in data.brand.interactions)


def test_roles_are_held_by_people_tied_to_the_brand(data: DemoData) -> None:
    brand = data.brand
    persons = {p.id: p for p in data.persons}
    roles = Counter(r.role for r in brand.represents)
    assert roles == {
        "official": 2,
        "executive": 1,
        "employee": len(brand.employees),
        "customer_advocate": len(brand.advocates),
    }
    assert len(brand.employees) >= 5
    assert len(brand.advocates) >= 3
    assert all(r.brand == BRAND_ID for r in brand.represents)
    for pid in brand.executives + brand.employees:
        assert (persons[pid].attributes or {}).get("employer") == BRAND_NAME
    for pid in brand.advocates:
        assert (persons[pid].attributes or {}).get("customerOf") == BRAND_NAME
    assert set(data.planted.ambassadors["climate"]) <= set(brand.employees + brand.advocates)
    assert {persons[pid].person_kind for pid in brand.officials} == {"brand"}
    top = persons[brand.executives[0]].followers or 0
    assert all((persons[pid].followers or 0) <= top for pid in brand.employees)


def test_brand_interactions_touch_its_accounts_over_a_quiet_year(data: DemoData) -> None:
    brand = data.brand
    officials = set(brand.officials)
    own = [i for i in data.interactions if i.id.startswith("demo-b")]
    assert own == brand.interactions
    assert len(own) >= 400
    assert all(i.actor in officials or i.target in officials for i in own)
    mentions = [i for i in own if i.type == "mention"]
    assert mentions
    assert all(i.target in officials for i in mentions)
    by_month = Counter(i.at.month for i in own)
    assert len(by_month) == 12
    assert max(by_month.values()) < 2 * min(by_month.values()), "no month stands out"
    assert all(any(t.startswith("climate") for t in i.topics) for i in own)
    team = set(brand.representatives) - officials
    assert team <= {i.actor for i in own if i.target in officials}


def test_the_brand_is_the_same_for_a_seed_and_differs_across_seeds(data: DemoData) -> None:
    again = generate(seed=7, people=3000).brand
    assert again == data.brand
    other = generate(seed=8, people=3000).brand
    assert other.employees != data.brand.employees


def test_small_demos_still_have_a_brand() -> None:
    small = generate(seed=3, people=200)
    people = {p.id for p in small.persons}
    assert set(small.brand.representatives) <= people
    assert all(f.follower in people and f.followee in people for f in small.follows)
