"""The importers of the shared data sets: mapping, direction, ids and counts match the files."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from service.ingest.importers.email_eu import read_email_eu
from service.ingest.importers.timme import TIMME_AT, read_timme
from service.ingest.records import (
    AnyRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    TopicRecord,
)
from tests.conftest import DATASETS

TIMME = DATASETS / "timme-purep"
EMAIL = DATASETS / "email-eu-core"


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


@pytest.fixture(scope="module")
def timme() -> list[AnyRecord]:
    return list(read_timme(TIMME))


@pytest.fixture(scope="module")
def email() -> list[AnyRecord]:
    return list(read_email_eu(EMAIL))


def test_timme_yields_kinds_in_write_order(timme: list[AnyRecord]) -> None:
    order = {"topic": 0, "person": 1, "follow": 2, "interaction": 3}
    ranks = [order[r.kind] for r in timme]
    assert ranks == sorted(ranks)
    assert timme[0] == TopicRecord(id="politics", name="Politics")


def test_timme_people_carry_party_and_handle(timme: list[AnyRecord]) -> None:
    people = {r.id: r for r in timme if isinstance(r, PersonRecord)}
    assert len(people) == 583
    parties = Counter(str(p.attributes["party"]) for p in people.values() if p.attributes)
    assert set(parties) == {"R", "D", "I"}
    mcmahon = people["timme-819992522109894658"]
    assert (mcmahon.name, mcmahon.handle) == ("Linda E. McMahon", "SBALinda")


def test_timme_retweet_direction_and_counts(timme: list[AnyRecord]) -> None:
    interactions = {r.id: r for r in timme if isinstance(r, InteractionRecord)}
    # retweet_list.csv: "1068499286	20552026	8" = user 1068499286 retweeted 20552026 8 times
    share = interactions["timme-retweet-1068499286-20552026"]
    assert (share.type, share.actor, share.target, share.count) == (
        "share",
        "timme-1068499286",
        "timme-20552026",
        8,
    )
    assert share.at == TIMME_AT
    assert share.topics == ["politics"]


def test_timme_every_non_self_row_becomes_one_record(timme: list[AnyRecord]) -> None:
    types: Counter[str] = Counter(r.type for r in timme if isinstance(r, InteractionRecord))
    for filename, kind in [
        ("retweet_list.csv", "share"),
        ("mention_list.csv", "mention"),
        ("reply_list.csv", "reply"),
        ("favorite_list.csv", "like"),
    ]:
        rows = _tsv(TIMME / filename)
        assert types[kind] == sum(1 for a, b, _ in rows if a != b), filename
    follows = [r for r in timme if isinstance(r, FollowRecord)]
    assert len(follows) == len(_tsv(TIMME / "friend_list.csv"))
    ids = [r.id for r in timme if isinstance(r, InteractionRecord)]
    assert len(ids) == len(set(ids))


def test_email_people_departments_and_edges(email: list[AnyRecord]) -> None:
    people = [r for r in email if isinstance(r, PersonRecord)]
    assert len(people) == 1005
    assert people[2].id == "email-2"
    assert people[2].attributes == {"department": 21}
    interactions = {r.id: r for r in email if isinstance(r, InteractionRecord)}
    edges = [line.split() for line in (EMAIL / "email-Eu-core.txt").read_text().splitlines()]
    assert len(interactions) == sum(1 for a, b in edges if a != b)
    first = interactions["email-2-3"]
    assert (first.type, first.actor, first.target, first.count) == (
        "mention",
        "email-2",
        "email-3",
        1,
    )
    assert email[0] == TopicRecord(id="email", name="E-mail")
