"""Brands and campaigns over HTTP on a real Neo4j: a report equal to an independent count,
membership rebuilt on update, listing by status, refusals that write nothing, erasure."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api.security.scopes import Scope
from service.app import create_app
from service.ingest.records import InteractionRecord, RepresentsRecord
from service.settings import Settings
from tests.e2e.test_cli import cli, env_for
from tests.e2e.test_mutations import (
    ERASE,
    RECORD_INTERACTIONS,
    UPSERT_PEOPLE,
    UPSERT_TOPICS,
    call,
    state,
)
from tests.support.campaign_reference import CampaignSpec, lift, report
from tests.support.keys import bearer, make_key

pytestmark = pytest.mark.neo4j
SINCE = datetime(2026, 3, 10, tzinfo=UTC)
UNTIL = datetime(2026, 3, 17, 12, tzinfo=UTC)
UPSERT_BRANDS = """mutation($brands: [BrandInput!]!) {
  upsertBrands(brands: $brands) { written errors { index field code message } } }"""
RECORD_REPRESENTS = """mutation($represents: [RepresentsInput!]!) {
  recordRepresents(represents: $represents) { written errors { index field code message } } }"""
CREATE = """mutation($c: CampaignInput!) { createCampaign(campaign: $c) {
  id brandId status interactions markers } }"""
UPDATE = """mutation($id: ID!, $changes: CampaignChanges!) {
  updateCampaign(id: $id, changes: $changes) { id interactions markers } }"""
ENLIST = """mutation($c: ID!, $people: [ID!]!) { enlist(campaign: $c, people: $people) {
  enlistedIds } }"""
WITHDRAW = """mutation($c: ID!, $people: [ID!]!) { withdraw(campaign: $c, people: $people) {
  enlistedIds } }"""
FIGURES = "mentions shares replies interactions engaged sentiment topicInteractions "
FIGURES += "brandTopicInteractions shareOfVoice"
RESULTS = """query($id: ID!) { campaign(id: $id) { name brand { name representatives { personId
  role } } results { during { %s } baseline { %s } lift { mentions shares replies interactions
  engaged shareOfVoice sentimentChange } byDay { day baseline mentions shares replies
  interactions engaged sentiment } byInfluencer { personId posts engagement engagers
  newPeopleReached wentOnToBrand } } } }""".replace("%s", FIGURES)
LIST = """query($brand: ID, $status: CampaignStatus, $first: Int, $after: String) {
  campaigns(brand: $brand, status: $status, first: $first, after: $after) {
    totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }"""

PEOPLE = [f"p{n}" for n in range(12)]
OFFICIAL, EMPLOYEE, ADVOCATE = ["p0", "p1"], "p2", "p3"
INFLUENCERS = ["p4", "p5"]
TYPES = ["share", "quote", "reply", "comment", "mention", "like"]


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    with TestClient(create_app(empty_graph), headers=bearer(token)) as c:
        yield c


def synthetic_interactions() -> list[dict[str, Any]]:
    """Three weeks of interactions (a quiet baseline, a busier campaign week), some tagged,
    some at the campaign's URL, some naming it; seeded, so the test is repeatable."""
    rng = random.Random(18)
    rows = []
    start = SINCE - (UNTIL - SINCE) - timedelta(days=3)
    for n in range(600):
        at = start + timedelta(
            minutes=rng.randrange(int((UNTIL - start).total_seconds() // 60) + 2880)
        )
        busy = SINCE <= at < UNTIL
        actor = rng.choice(PEOPLE)
        target = rng.choice(OFFICIAL + INFLUENCERS if busy or rng.random() < 0.3 else PEOPLE)
        if actor == target:
            continue
        row: dict[str, Any] = {"id": f"i{n}", "type": rng.choice(TYPES), "actor": actor,
                               "target": target, "topics": [rng.choice(["shoes", "hats", "food"])],
                               "at": at.isoformat(), "count": rng.choice([1, 1, 2, 5])}  # fmt: skip
        if rng.random() < 0.7:
            row["sentiment"] = round(rng.uniform(-1, 1), 3)
        marker = rng.random()
        if marker < 0.2:
            row["tags"] = ["#Spring26", "#other"]
        elif marker < 0.35:
            row["url"] = f"https://brand.example/spring/{n}"
        elif marker < 0.45:
            row["campaigns"] = ["spring"]
        rows.append(row)
    return rows


def seed(client: TestClient) -> list[dict[str, Any]]:
    topics = [{"id": t, "name": t.title()} for t in ("shoes", "hats", "food")]
    assert call(client, UPSERT_TOPICS, topics=topics)["errors"] == []
    people = [{"id": p, "name": f"Person {p}"} for p in PEOPLE]
    assert call(client, UPSERT_PEOPLE, people=people)["errors"] == []
    assert call(client, UPSERT_BRANDS, brands=[{"id": "acme", "name": "Acme"}])["written"] == 1
    represents = [{"person": p, "brand": "acme", "role": "official"} for p in OFFICIAL]
    represents += [{"person": EMPLOYEE, "brand": "acme", "role": "employee"},
                   {"person": ADVOCATE, "brand": "acme", "role": "customer_advocate"}]  # fmt: skip
    assert call(client, RECORD_REPRESENTS, represents=represents)["written"] == 4
    rows = synthetic_interactions()
    for start in range(0, len(rows), 100):
        batch = rows[start : start + 100]
        assert call(client, RECORD_INTERACTIONS, interactions=batch)["errors"] == []
    return rows


def campaign_input(**changes: Any) -> dict[str, Any]:
    return {"id": "spring", "brand": "acme", "name": "Spring", "since": SINCE.isoformat(),
            "until": UNTIL.isoformat(), "topics": ["shoes", "hats"],
            "markers": ["#spring26", "https://brand.example/spring/"], **changes}  # fmt: skip


def errors_of(client: TestClient, query: str, **variables: Any) -> list[dict[str, Any]]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert body.get("data") is None or not any(body["data"].values()), body
    return list(body["errors"])


def test_a_campaign_report_equals_an_independent_count(client: TestClient) -> None:
    rows = seed(client)
    created = call(client, CREATE, c=campaign_input())
    assert created["status"] == "ENDED"
    assert created["brandId"] == "acme"
    assert call(client, ENLIST, c="spring", people=[*INFLUENCERS, "p6"])["enlistedIds"] == [
        *INFLUENCERS, "p6"]  # fmt: skip
    assert call(client, WITHDRAW, c="spring", people=["p6"])["enlistedIds"] == INFLUENCERS

    found = call(client, RESULTS, id="spring")
    assert found["brand"]["representatives"][0] == {"personId": "p0", "role": "official"}
    records = [InteractionRecord.model_validate(r) for r in rows]
    represents = [RepresentsRecord(person=p, brand="acme", role="official") for p in OFFICIAL]
    markers = ("#spring26", "https://brand.example/spring/")
    spec = CampaignSpec("spring", "acme", SINCE, UNTIL, ("shoes", "hats"), markers,
                        tuple(INFLUENCERS))  # fmt: skip
    expected = report(records, represents, spec)
    got = found["results"]
    for window in ("during", "baseline"):
        sentiment = got[window].pop("sentiment")
        assert sentiment == pytest.approx(expected[window].pop("sentiment"))
        voice = got[window].pop("shareOfVoice")
        assert voice == pytest.approx(expected[window].pop("shareOfVoice"))
        assert got[window] == expected[window]
        assert expected[window]["mentions"] > 0
    for day, want in zip(got["byDay"], expected["byDay"], strict=True):
        assert day.pop("sentiment") == pytest.approx(want.pop("sentiment"))
        assert day == want
    assert got["byInfluencer"] == expected["byInfluencer"]
    assert any(i["posts"] and i["wentOnToBrand"] for i in got["byInfluencer"])
    for figure in ("mentions", "shares", "replies", "interactions", "engaged"):
        want = lift(got["during"][figure], got["baseline"][figure])
        assert got["lift"][figure] == pytest.approx(want)


def test_update_rebuilds_membership_and_listing_follows_status(client: TestClient) -> None:
    rows = seed(client)
    tagged = sum(1 for r in rows if "tags" in r)
    named = sum(1 for r in rows if "campaigns" in r)
    at_url = sum(1 for r in rows if "url" in r)
    assert call(client, CREATE, c=campaign_input())["interactions"] == tagged + named + at_url
    updated = call(client, UPDATE, id="spring", changes={"markers": ["#SPRING26"]})
    assert updated["interactions"] == tagged + named
    now = datetime.now(UTC)
    later = campaign_input(id="autumn", since=(now + timedelta(days=30)).isoformat(),
                           until=(now + timedelta(days=40)).isoformat())  # fmt: skip
    assert call(client, CREATE, c=later)["status"] == "PLANNED"
    page = call(client, LIST, brand="acme", first=1)
    assert page["totalCount"] == 2
    assert page["pageInfo"]["hasNextPage"]
    assert page["edges"][0]["node"]["id"] == "autumn"
    rest = call(client, LIST, brand="acme", first=1, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["edges"]] == ["spring"]
    ended = call(client, LIST, status="ENDED")
    assert [e["node"] for e in ended["edges"]] == [{"id": "spring", "status": "ENDED"}]


@pytest.mark.parametrize(
    ("changes", "argument", "words"),
    [
        ({"until": "2026-03-01T00:00:00Z"}, "until", "must be after since"),
        ({"brand": "nobody"}, "brand", "unknown brand"),
        ({"topics": ["shoes", "socks"]}, "topics", "'socks'"),
        ({"markers": ["#ok", "www.brand.example"]}, "markers", "'www.brand.example'"),
        ({"markers": ["ftp://brand.example/"]}, "markers", "neither a URL prefix"),
        ({"since": "yesterday"}, "since", "ISO-8601"),
    ],
)
def test_bad_campaigns_are_refused_and_write_nothing(
    client: TestClient, empty_graph: Settings, changes: dict[str, Any], argument: str, words: str
) -> None:
    seed(client)
    before = state(empty_graph)
    errors = errors_of(client, CREATE, c=campaign_input(**changes))
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert errors[0]["extensions"]["argument"] == argument
    assert words in errors[0]["message"]
    assert state(empty_graph) == before


def test_bad_updates_roles_and_people_are_refused_and_write_nothing(
    client: TestClient, empty_graph: Settings
) -> None:
    seed(client)
    call(client, CREATE, c=campaign_input())
    before = state(empty_graph)
    errors = errors_of(client, UPDATE, id="spring", changes={"until": SINCE.isoformat()})
    assert errors[0]["extensions"]["argument"] == "until"
    errors = errors_of(client, ENLIST, c="spring", people=["p4", "ghost"])
    assert errors[0]["extensions"]["argument"] == "people"
    assert "'ghost'" in errors[0]["message"]
    errors = errors_of(client, ENLIST, c="nope", people=["p4"])
    assert errors[0]["extensions"]["argument"] == "campaign"
    errors = errors_of(client, LIST, brand="nobody")
    assert errors[0]["extensions"]["argument"] == "brand"
    bad_role = [{"person": "p5", "brand": "acme", "role": "official"},
                {"person": "p6", "brand": "acme", "role": "intern"}]  # fmt: skip
    result = call(client, RECORD_REPRESENTS, represents=bad_role)
    assert result["written"] == 0
    assert [(e["index"], e["field"], e["code"]) for e in result["errors"]] == [
        (1, "role", "unknown_role")
    ]
    result = call(client, RECORD_INTERACTIONS, interactions=[
        {"id": "z", "type": "share", "actor": "p1", "target": "p2", "topics": ["food"],
         "at": SINCE.isoformat(), "tags": ["spring"]}])  # fmt: skip
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("tags.0", "bad_hashtag")]
    assert state(empty_graph) == before


def test_erasing_a_person_removes_what_ties_them_to_brands(
    client: TestClient, empty_graph: Settings
) -> None:
    seed(client)
    call(client, CREATE, c=campaign_input())
    call(client, ENLIST, c="spring", people=[OFFICIAL[0], "p4"])
    assert call(client, ERASE, id=OFFICIAL[0])["found"] is True
    found = call(client, RESULTS, id="spring")
    assert [r["personId"] for r in found["brand"]["representatives"]] == ["p1", "p2", "p3"]
    assert [i["personId"] for i in found["results"]["byInfluencer"]] == ["p4"]


def test_the_cli_report_prints_and_exports_what_the_api_answers(
    client: TestClient, empty_graph: Settings, tmp_path: Path
) -> None:
    seed(client)
    call(client, CREATE, c=campaign_input())
    call(client, ENLIST, c="spring", people=INFLUENCERS)
    got = call(client, RESULTS, id="spring")["results"]
    done = cli("campaign", "report", "spring", "--csv", str(tmp_path), env=env_for(empty_graph))
    assert done.returncode == 0, done.stderr
    mentions = next(line for line in done.stdout.splitlines() if line.startswith("mentions"))
    assert mentions.split()[1:3] == [f"{got['during']['mentions']:,}",
                                     f"{got['baseline']['mentions']:,}"]  # fmt: skip
    with (tmp_path / "spring-daily.csv").open(encoding="utf-8") as fh:
        daily = list(csv.DictReader(fh))
    assert [(d["day"], int(d["mentions"]), int(d["engaged"])) for d in daily] == [
        (d["day"], d["mentions"], d["engaged"]) for d in got["byDay"]
    ]
    with (tmp_path / "spring-influencers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["person"], int(r["posts"]), int(r["converted"])) for r in rows] == [
        (i["personId"], i["posts"], i["wentOnToBrand"]) for i in got["byInfluencer"]
    ]
    missing = cli("campaign", "report", "nope", env=env_for(empty_graph))
    assert missing.returncode == 1
    assert "no campaign 'nope'" in missing.stderr
