"""The demo data generator: deterministic, valid, self-consistent, and the planted people
are findable from the records alone."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean

import pytest
from pydantic import TypeAdapter

from service.ingest import records
from service.ingest.demo import (
    MIN_PEOPLE,
    DemoData,
    generate,
    planted_facts,
    planted_path,
    write_ndjson,
)

ANY_RECORD: TypeAdapter[records.AnyRecord] = TypeAdapter(records.AnyRecord)
INFLUENCE_WEIGHTS = {"share": 1.0, "quote": 1.0, "reply": 0.7, "comment": 0.7, "mention": 0.5}


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate()


@pytest.fixture(scope="module")
def ndjson(data: DemoData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.ndjson"
    write_ndjson(data, path)
    return path


def _top_of(data: DemoData) -> dict[str, str]:
    return {t.id: t.parent or t.id for t in data.topics}


def _on_topic(data: DemoData, top: str) -> list[records.InteractionRecord]:
    top_of = _top_of(data)
    return [i for i in data.interactions if top in {top_of[t] for t in i.topics}]


def _distinct_engagers(interactions: Iterable[records.InteractionRecord]) -> Counter[str]:
    """Per target, how many distinct people engaged with them in an influence-bearing way."""
    pairs = {(i.target, i.actor) for i in interactions if i.type in INFLUENCE_WEIGHTS}
    return Counter(target for target, _ in pairs)


def _weighted_pagerank(
    interactions: Iterable[records.InteractionRecord], damping: float = 0.85
) -> dict[str, float]:
    """PageRank over engager -> influencer edges weighted by interaction type."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    nodes: set[str] = set()
    for i in interactions:
        if i.type in INFLUENCE_WEIGHTS:
            out[i.actor][i.target] += INFLUENCE_WEIGHTS[i.type]
            nodes.update((i.actor, i.target))
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(50):
        dangling = sum(rank[v] for v in nodes if v not in out)
        nxt = dict.fromkeys(nodes, (1 - damping) / n + damping * dangling / n)
        for source, targets in out.items():
            total = sum(targets.values())
            for target, weight in targets.items():
                nxt[target] += damping * rank[source] * weight / total
        rank = nxt
    return rank


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    data: DemoData, ndjson: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.ndjson"
    other = tmp_path / "other.ndjson"
    write_ndjson(generate(seed=7), again)
    write_ndjson(generate(seed=8), other)
    assert again.read_bytes() == ndjson.read_bytes()
    assert planted_path(again).read_bytes() == planted_path(ndjson).read_bytes()
    assert other.read_bytes() != ndjson.read_bytes()


def test_every_line_validates_back_to_the_same_record(data: DemoData, ndjson: Path) -> None:
    lines = ndjson.read_text(encoding="utf-8").splitlines()
    originals = list(data.records())
    assert len(lines) == len(originals)
    parsed = [ANY_RECORD.validate_json(line) for line in lines]
    assert parsed == originals
    first_person = json.loads(lines[len(data.topics)])
    assert first_person["kind"] == "person"
    assert {"personKind", "createdAt"} <= first_person.keys()
    assert "person_kind" not in first_person


def test_write_ndjson_returns_the_line_count(data: DemoData, tmp_path: Path) -> None:
    path = tmp_path / "d.ndjson"
    written = write_ndjson(data, path)
    brand = 1 + len(data.brand.represents)
    expected = len(data.topics) + len(data.persons) + brand + len(data.follows)
    expected += len(data.interactions)
    assert written == expected
    assert path.read_text(encoding="utf-8").count("\n") == expected


def test_records_come_topics_persons_follows_interactions(data: DemoData) -> None:
    order = [r.kind for r in data.records()]
    changes = [kind for n, kind in enumerate(order) if n == 0 or order[n - 1] != kind]
    assert changes == ["topic", "person", "brand", "represents", "follow", "interaction"]


def test_references_point_to_existing_people_and_topics(data: DemoData) -> None:
    people = {p.id for p in data.persons}
    topics = {t.id for t in data.topics}
    for t in data.topics:
        assert t.parent is None or t.parent in topics
    for i in data.interactions:
        assert i.actor in people
        assert i.target in people
        assert set(i.topics) <= topics
        assert 1 <= len(i.topics) <= 2
    for f in data.follows:
        assert f.follower in people
        assert f.followee in people


def test_ids_and_handles_are_unique(data: DemoData) -> None:
    for ids in (
        [t.id for t in data.topics],
        [p.id for p in data.persons],
        [p.handle for p in data.persons],
        [i.id for i in data.interactions],
        [(f.follower, f.followee) for f in data.follows],
    ):
        assert len(ids) == len(set(ids))


def test_topic_hierarchy_has_three_tops_and_ten_subtopics(data: DemoData) -> None:
    tops = [t.id for t in data.topics if t.parent is None]
    subs = [t for t in data.topics if t.parent is not None]
    assert sorted(tops) == ["climate", "health", "technology"]
    assert len(subs) == 10
    assert all(s.parent in tops and s.id.startswith(f"{s.parent}-") for s in subs)
    assert sum(any(t in tops for t in i.topics) for i in data.interactions) < 0.3 * len(
        data.interactions
    ), "most interactions should be about a subtopic"


def test_sizes_types_times_and_sentiment(data: DemoData) -> None:
    assert len(data.persons) == 3000 + len(data.brand.officials)
    assert 25_000 <= len(data.interactions) <= 40_000
    assert len(data.follows) >= 10_000
    types = Counter(i.type for i in data.interactions)
    assert set(types) == set(records.INTERACTION_TYPES)
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    assert all(start <= i.at < end for i in data.interactions)
    months = Counter(i.at.month for i in data.interactions)
    assert len(months) == 12
    assert min(months.values()) > 0.5 * max(months.values())
    sentiments = [i.sentiment for i in data.interactions]
    missing = sum(s is None for s in sentiments)
    assert 0 < missing < 0.2 * len(sentiments)
    assert all(s is None or -1.0 <= s <= 1.0 for s in sentiments)
    assert all(i.platform and i.url and i.url.startswith("https://") for i in data.interactions)


def test_people_have_heavy_tailed_audiences_and_varied_attributes(data: DemoData) -> None:
    followers = sorted((p.followers or 0) for p in data.persons)
    median = followers[len(followers) // 2]
    top_1pct = followers[-len(followers) // 100 :]
    assert followers[-1] > 1000 * median
    assert sum(top_1pct) > 0.5 * sum(followers)
    kinds = Counter(p.person_kind for p in data.persons)
    assert {"celebrity", "expert", "journalist", "media", "employee", "customer", "regular"} <= set(
        kinds
    )
    assert kinds.most_common(1)[0][0] == "regular"
    assert {p.language for p in data.persons} == {"en", "de", "fr", "es"}
    assert len({p.country for p in data.persons}) >= 8


def test_follows_prefer_big_accounts(data: DemoData) -> None:
    in_degree = Counter(f.followee for f in data.follows)
    by_followers = sorted(data.persons, key=lambda p: -(p.followers or 0))
    top = by_followers[: len(by_followers) // 20]
    rest = by_followers[len(by_followers) // 20 :]
    assert mean(in_degree[p.id] for p in top) > 5 * mean(in_degree[p.id] for p in rest)


def test_celebrity_has_the_largest_audience_but_barely_engages(data: DemoData) -> None:
    celebrity = data.planted.celebrity
    person = next(p for p in data.persons if p.id == celebrity)
    others = max(p.followers or 0 for p in data.persons if p.id != celebrity)
    assert person.person_kind == "celebrity"
    assert (person.followers or 0) > others
    assert sum(i.target == celebrity for i in data.interactions) < 10
    assert sum(i.actor == celebrity for i in data.interactions) < 10


def test_opinion_leaders_have_modest_audiences_and_the_most_engagers(data: DemoData) -> None:
    followers = {p.id: p.followers or 0 for p in data.persons}
    top_5pct = sorted(followers.values(), reverse=True)[len(followers) // 20 - 1]
    assert set(data.planted.opinion_leaders) == {"climate", "technology", "health"}
    for top, leader in data.planted.opinion_leaders.items():
        assert followers[leader] < top_5pct
        on_topic = _on_topic(data, top)
        engagers = _distinct_engagers(on_topic)
        assert leader in [p for p, _ in engagers.most_common(3)], top
        rank = _weighted_pagerank(on_topic)
        best = sorted(rank, key=lambda p: -rank[p])
        assert best.index(leader) < 3, top
        celebrity = data.planted.celebrity
        assert celebrity not in rank or best.index(celebrity) > 100, top
        own = [i for i in data.interactions if i.actor == leader]
        assert len(own) >= 50
        on_topic_ids = {i.id for i in on_topic}
        assert sum(i.id in on_topic_ids for i in own) / len(own) > 0.9


def test_opinion_leaders_are_engaged_by_influential_people(data: DemoData) -> None:
    for top, leader in data.planted.opinion_leaders.items():
        on_topic = _on_topic(data, top)
        popular = [p for p, _ in _distinct_engagers(on_topic).most_common(20) if p != leader]
        engaged_leader = {i.actor for i in on_topic if i.target == leader}
        assert len(engaged_leader & set(popular)) >= 5, top


def test_ambassadors_are_employees_or_customers_with_warm_engagement(data: DemoData) -> None:
    persons = {p.id: p for p in data.persons}
    followers = sorted((p.followers or 0 for p in data.persons), reverse=True)
    assert sum(len(ids) for ids in data.planted.ambassadors.values()) >= 3
    for top, ids in data.planted.ambassadors.items():
        engagers = _distinct_engagers(_on_topic(data, top))
        for pid in ids:
            assert persons[pid].person_kind in ("employee", "customer")
            assert (persons[pid].followers or 0) < followers[len(followers) // 4]
            received = [i.sentiment for i in data.interactions if i.target == pid]
            assert mean(s for s in received if s is not None) > 0.3
            assert engagers[pid] >= 50


def test_detractors_draw_mostly_negative_engagement(data: DemoData) -> None:
    assert data.planted.detractors
    for top, pid in data.planted.detractors.items():
        received = [i.sentiment for i in _on_topic(data, top) if i.target == pid]
        given = [i.sentiment for i in data.interactions if i.actor == pid]
        assert len(received) >= 100
        assert mean(s for s in received if s is not None) < -0.3
        assert mean(s for s in given if s is not None) < -0.3
        negative = [s for s in received if s is not None and s < -0.3]
        assert len(negative) > 0.6 * len([s for s in received if s is not None])


def test_communities_keep_most_activity_inside_and_bridges_cross(data: DemoData) -> None:
    community = data.planted.communities
    assert set(community) == {p.id for p in data.persons}
    assert len(set(community.values())) == len(data.planted.community_labels) >= 3
    inside = sum(community[i.actor] == community[i.target] for i in data.interactions)
    assert 0.7 <= inside / len(data.interactions) <= 0.95
    follows_inside = sum(community[f.follower] == community[f.followee] for f in data.follows)
    assert follows_inside / len(data.follows) >= 0.7
    languages = {p.id: p.language for p in data.persons}
    for number, label in enumerate(data.planted.community_labels):
        members = [pid for pid, c in community.items() if c == number]
        assert Counter(languages[m] for m in members).most_common(1)[0][0] == label
    assert len(data.planted.bridges) >= 3
    for bridge in data.planted.bridges:
        touching = [i for i in data.interactions if bridge in (i.actor, i.target)]
        crossing = [i for i in touching if community[i.actor] != community[i.target]]
        assert len(crossing) >= 30
        assert len(crossing) / len(touching) > 0.5
        assert (
            len({community[i.actor] for i in crossing} | {community[i.target] for i in crossing})
            >= 3
        )


def test_planted_people_are_distinct_and_the_sidecar_names_them(
    data: DemoData, ndjson: Path
) -> None:
    planted = data.planted
    ids = [
        *planted.opinion_leaders.values(),
        planted.celebrity,
        *(pid for group in planted.ambassadors.values() for pid in group),
        *planted.detractors.values(),
        *planted.bridges,
    ]
    assert len(ids) == len(set(ids))
    facts = json.loads(planted_path(ndjson).read_text(encoding="utf-8"))
    assert facts == json.loads(json.dumps(planted_facts(data)))
    assert facts["celebrity"] == planted.celebrity
    assert facts["opinion_leaders"] == planted.opinion_leaders
    assert set(facts["people"]) == set(ids)
    assert sum(len(c["members"]) for c in facts["communities"].values()) == len(data.persons)


@pytest.mark.parametrize("seed", [1, 2024])
def test_other_seeds_and_sizes_keep_the_planted_facts(seed: int) -> None:
    data = generate(seed=seed, people=800)
    assert len(data.persons) == 800 + len(data.brand.officials)
    people = {p.id for p in data.persons}
    assert all(i.actor in people and i.target in people for i in data.interactions)
    for top, leader in data.planted.opinion_leaders.items():
        engagers = _distinct_engagers(_on_topic(data, top))
        assert leader in [p for p, _ in engagers.most_common(3)], (seed, top)
    celebrity = data.planted.celebrity
    assert max(data.persons, key=lambda p: p.followers or 0).id == celebrity
    assert sum(i.target == celebrity for i in data.interactions) < 10


def test_too_few_people_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(people=MIN_PEOPLE - 1)
