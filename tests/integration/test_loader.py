"""The file loader on the real Neo4j: idempotent replays, validation before any write, the
same graph from NDJSON, CSV or records, and updates that move what changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from service.db.database import Database, QueryLog, current_query_log
from service.db.graph import content_checksum, counts, wipe
from service.ingest.demo import generate
from service.ingest.erase import erase_person
from service.ingest.loader import InvalidRecords, load, load_records
from service.ingest.records import PersonRecord
from service.ingest.sources import NdjsonSource, open_source
from service.ingest.validate import IssueCode
from service.models import GraphCounts

AT = "2026-03-01T10:00:00Z"


def write_lines(path: Path, records: Sequence[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def person(pid: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "person", "id": pid, "name": f"Name {pid}", **extra}


def interaction(iid: str, actor: str, target: str, **extra: Any) -> dict[str, Any]:
    record = {"kind": "interaction", "id": iid, "type": "share", "actor": actor,
              "target": target, "topics": ["t1"], "at": AT}  # fmt: skip
    return {**record, **extra}


def good_records() -> list[dict[str, Any] | str]:
    return [
        {"kind": "topic", "id": "t1", "name": "Topic one"},
        {"kind": "topic", "id": "t1a", "name": "Sub", "parent": "t1"},
        person("p1", personKind="expert", followers=10, attributes={"party": "R"}),
        person("p2", createdAt="2020-05-01T12:00:00+02:00"),
        person("p3"),
        {"kind": "follow", "follower": "p2", "followee": "p1", "since": AT},
        interaction("i1", "p2", "p1", sentiment=0.5, platform="x", url="https://x/1"),
        interaction("i2", "p3", "p1", type="reply", topics=["t1", "t1a"], count=3),
    ]


async def snapshot(db: Database) -> tuple[GraphCounts, str]:
    return await counts(db), await content_checksum(db)


async def test_replaying_a_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    data = generate(seed=3, people=300)
    path = tmp_path / "demo.ndjson"
    path.write_text(
        "".join(r.model_dump_json(by_alias=True, exclude_none=True) + "\n" for r in data.records())
    )
    first = await load(db, [NdjsonSource(path)], batch_size=700)
    assert first.validation.ok
    before = await snapshot(db)
    assert before[0].interactions == len(data.interactions)
    assert before[0].follows == len(data.follows)
    stamps = await db.read("test/person_updated_at")

    again = await load(db, [NdjsonSource(path)], batch_size=300)
    assert again.total == first.total
    assert again.people_changed == 0
    assert await snapshot(db) == before
    assert await db.read("test/person_updated_at") == stamps


async def test_invalid_lines_are_all_reported_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    bad: dict[int, tuple[str | None, IssueCode]] = {}
    records = good_records()

    def add_bad(record: dict[str, Any] | str, field: str | None, code: IssueCode) -> None:
        records.append(record)
        bad[len(records)] = (field, code)

    add_bad({"kind": "robot", "id": "r1"}, "kind", IssueCode.UNKNOWN_KIND)
    add_bad({"id": "x"}, "kind", IssueCode.MISSING_KIND)
    add_bad({"kind": "person", "name": "No id"}, "id", IssueCode.MISSING_FIELD)
    add_bad(person("p1"), "id", IssueCode.DUPLICATE_ID)
    add_bad(interaction("i3", "p1", "p2", at="yesterday"), "at", IssueCode.BAD_TIMESTAMP)
    add_bad(interaction("i4", "p1", "p2", at="2026-03-01T10:00:00"), "at", IssueCode.BAD_TIMESTAMP)
    add_bad(interaction("i5", "p1", "p2", sentiment=1.5), "sentiment", IssueCode.OUT_OF_RANGE)
    add_bad(
        interaction("i6", "p1", "p2", type="retweet"), "type", IssueCode.UNKNOWN_INTERACTION_TYPE
    )
    add_bad(interaction("i7", "p1", "p1"), None, IssueCode.SELF_INTERACTION)
    add_bad(person("p9", nickname="nine"), "nickname", IssueCode.UNKNOWN_FIELD)
    add_bad(person("p10", followers="many"), "followers", IssueCode.WRONG_TYPE)
    add_bad(person("p11", followers=12.5), "followers", IssueCode.WRONG_TYPE)
    add_bad(interaction("i8", "p1", "ghost"), "target", IssueCode.UNKNOWN_PERSON)
    add_bad(interaction("i9", "p1", "p2", topics=["nowhere"]), "topics.0", IssueCode.UNKNOWN_TOPIC)
    add_bad({"kind": "follow", "follower": "ghost", "followee": "p1"}, "follower",
            IssueCode.UNKNOWN_PERSON)  # fmt: skip
    add_bad({"kind": "topic", "id": "t9", "name": "Orphan", "parent": "t404"}, "parent",
            IssueCode.UNKNOWN_TOPIC)  # fmt: skip
    add_bad("{not json", None, IssueCode.INVALID_JSON)
    records.append({"kind": "brand", "id": "b1", "name": "Brand"})
    add_bad({"kind": "represents", "person": "p1", "brand": "b1", "role": "intern"}, "role",
            IssueCode.UNKNOWN_ROLE)  # fmt: skip
    add_bad({"kind": "represents", "person": "p1", "brand": "b404", "role": "official"},
            "brand", IssueCode.UNKNOWN_BRAND)  # fmt: skip
    add_bad(interaction("i1", "p3", "p2"), "id", IssueCode.DUPLICATE_ID)
    path = write_lines(tmp_path / "mixed.ndjson", records)

    result = await load(db, [open_source(path)])

    reported = {r.position: r for r in result.rejected}
    assert set(reported) == set(bad)
    for line, (field, code) in bad.items():
        issues = reported[line].issues
        assert [(i.field, i.code) for i in issues] == [(field, code)], line
        assert all(r.source == str(path) for r in result.rejected)
    assert result.written == {}
    assert (await counts(db)).empty


async def test_rejected_people_take_their_interactions_with_them(
    db: Database, tmp_path: Path
) -> None:
    records = [*good_records(), person("p4", followers=-1), interaction("i4", "p4", "p1")]
    path = write_lines(tmp_path / "cascade.ndjson", records)

    result = await load(db, [NdjsonSource(path)], skip_invalid=True)

    rejected = {r.position: r.issues[0].code for r in result.rejected}
    assert rejected == {9: IssueCode.OUT_OF_RANGE, 10: IssueCode.UNKNOWN_PERSON}
    graph = await counts(db)
    assert (graph.people, graph.interactions, graph.follows) == (3, 2, 1)


async def test_references_to_people_already_in_the_graph_are_accepted(
    db: Database, tmp_path: Path
) -> None:
    await load(db, [NdjsonSource(write_lines(tmp_path / "base.ndjson", good_records()))])
    later = write_lines(tmp_path / "later.ndjson", [interaction("i9", "p3", "p2", topics=["t1a"])])

    result = await load(db, [NdjsonSource(later)])

    assert result.validation.ok
    assert (await counts(db)).interactions == 3


def write_good_csv(
    folder: Path,
    people: Sequence[str] = (),
    columns: str = "",
    interactions: Sequence[str] = (),
) -> None:
    """good_records() as CSV files (topics, people, follows, interactions), with more `people`
    rows, more interaction `columns` (",a,b": left empty in the two good rows) and rows."""
    blanks = "," * columns.count(",")
    (folder / "topics.csv").write_text("id,name,parent\nt1,Topic one,\nt1a,Sub,t1\n")
    (folder / "people.csv").write_text(
        "id,name,personKind,followers,createdAt,attr.party\n"
        "p1,Name p1,expert,10,,R\n"
        "p2,Name p2,,,2020-05-01T12:00:00+02:00,\n"
        "p3,Name p3,,,,\n" + "".join(f"{row}\n" for row in people)
    )
    (folder / "follows.csv").write_text(f"follower,followee,since\np2,p1,{AT}\n")
    (folder / "interactions.csv").write_text(
        f"id,type,actor,target,topics,at,sentiment,platform,url,count{columns}\n"
        f"i1,share,p2,p1,t1,{AT},0.5,x,https://x/1,{blanks}\n"
        f'i2,reply,p3,p1,"t1|t1a",{AT},,,,3{blanks}\n' + "".join(f"{row}\n" for row in interactions)
    )


async def test_csv_files_give_the_same_graph_as_ndjson(db: Database, tmp_path: Path) -> None:
    await load(db, [NdjsonSource(write_lines(tmp_path / "all.ndjson", good_records()))])
    from_ndjson = await snapshot(db)
    await wipe(db)
    assert (await counts(db)).empty

    write_good_csv(tmp_path)
    # Given in an order where references come first: the loader writes kinds in order.
    names = ["interactions.csv", "follows.csv", "people.csv", "topics.csv"]
    result = await load(db, [open_source(tmp_path / name) for name in names])

    assert result.validation.ok
    assert await snapshot(db) == from_ndjson


async def test_brands_and_campaign_markers_load_from_csv_as_from_ndjson(
    db: Database, tmp_path: Path
) -> None:
    """The kinds `brand` and `represents`, and the interaction fields `campaigns` and `tags`,
    read from CSV files give the graph their NDJSON records give."""
    records = [*good_records(), person("p4"),
               {"kind": "brand", "id": "b1", "name": "Brand one"},
               {"kind": "represents", "person": "p1", "brand": "b1", "role": "official"},
               {"kind": "represents", "person": "p4", "brand": "b1", "role": "customer_advocate"},
               interaction("i3", "p2", "p1", tags=["#go", "#now"], campaigns=["c1"]),
               interaction("i4", "p4", "p2", url="https://b1.example/x", tags=["#go"])]  # fmt: skip
    await load(db, [NdjsonSource(write_lines(tmp_path / "all.ndjson", records))])
    from_ndjson = await snapshot(db)
    represented = await db.read_rows("brand/by_ids", ids=["b1"])
    assert sorted(r["person"] for r in represented[0]["representatives"]) == ["p1", "p4"]
    await wipe(db)

    write_good_csv(
        tmp_path,
        people=["p4,Name p4,,,,"],
        columns=",tags,campaigns",
        interactions=[f'i3,share,p2,p1,t1,{AT},,,,,"#go|#now",c1',
                      f"i4,share,p4,p2,t1,{AT},,,https://b1.example/x,,#go,"],
    )  # fmt: skip
    (tmp_path / "brands.csv").write_text("id,name\nb1,Brand one\n")
    (tmp_path / "represents.csv").write_text(
        "person,brand,role\np1,b1,official\np4,b1,customer_advocate\n"
    )
    names = ["represents.csv", "interactions.csv", "brands.csv", "follows.csv", "people.csv",
             "topics.csv"]  # fmt: skip
    result = await load(db, [open_source(tmp_path / name) for name in names])

    assert result.validation.ok
    assert await snapshot(db) == from_ndjson


async def test_csv_rows_are_checked_with_their_line_numbers(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,followers,nickname\np1,A,1,\np2,B,lots,\np3,C,2,x\n,D,,\n")

    result = await load(db, [open_source(path)])

    found = {(r.position, i.field, i.code) for r in result.rejected for i in r.issues}
    assert found == {
        (3, "followers", IssueCode.WRONG_TYPE),
        (4, "nickname", IssueCode.UNKNOWN_FIELD),
        (5, "id", IssueCode.MISSING_FIELD),
    }


async def test_a_changed_record_moves_what_changed(db: Database, tmp_path: Path) -> None:
    await load(db, [NdjsonSource(write_lines(tmp_path / "v1.ndjson", good_records()))])
    changed = [
        {"kind": "topic", "id": "t1a", "name": "Sub", "parent": None},
        person("p1", personKind="expert", followers=11, attributes={"party": None}),
        interaction("i1", "p3", "p2", topics=["t1a"]),
    ]
    await load(db, [NdjsonSource(write_lines(tmp_path / "v2.ndjson", changed))])
    rows = await db.read("test/interaction_ends", id="i1")
    assert rows == [{"actors": ["p3"], "targets": ["p2"], "topics": ["t1a"]}]
    person_row = await db.read_rows("person/by_ids", ids=["p1"])
    assert person_row[0]["followers"] == 11
    assert (await db.read("test/topic_parents", id="t1a")) == [{"parents": []}]
    assert (await db.read("test/person_property", id="p1", key="party")) == [{"value": None}]


async def test_load_records_refuses_invalid_records_whole(db: Database) -> None:
    records = [PersonRecord(id="p1", name="A")]
    loaded = await load_records(db, records)
    assert loaded.written["person"] == 1
    with pytest.raises(InvalidRecords) as caught:
        await load_records(db, [PersonRecord(id="p2", name="B"), PersonRecord(id="p2", name="C")])
    assert [r.position for r in caught.value.rejected] == [2]
    assert (await counts(db)).people == 1


async def test_erased_people_are_refused_with_one_batched_look_up(
    db: Database, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "feed.ndjson", good_records())
    assert (await load(db, [NdjsonSource(path)])).validation.ok
    assert await erase_person(db, "p3") is not None  # line 5; i2 (line 8) has p3 as actor
    before = await snapshot(db)
    log = QueryLog()
    token = current_query_log.set(log)
    try:
        result = await load(db, [NdjsonSource(path)])
    finally:
        current_query_log.reset(token)

    assert log.names.count("ingest/erased_people") == 1  # for the 5 people the file names
    found = [(r.position, i.field, i.code) for r in result.rejected for i in r.issues]
    assert found == [(5, "id", IssueCode.ERASED_PERSON), (8, "actor", IssueCode.ERASED_PERSON)]
    assert "person 'p3' was erased on " in result.rejected[0].issues[0].message
    assert "`influence-graph erasure lift p3`" in result.rejected[0].issues[0].message
    assert result.written == {}
    assert await snapshot(db) == before


def topic(tid: str, parent: str | None = None) -> dict[str, Any]:
    return {
        "kind": "topic",
        "id": tid,
        "name": f"Topic {tid}",
        **({"parent": parent} if parent else {}),
    }


async def parents_of(db: Database, *ids: str) -> dict[str, list[str]]:
    return {tid: (await db.read("test/topic_parents", id=tid))[0]["parents"] for tid in ids}


async def test_a_parent_that_closes_a_loop_with_the_graph_is_refused(
    db: Database, tmp_path: Path
) -> None:
    tree = [topic("ta"), topic("tb", "ta"), topic("tc", "tb"), topic("td")]
    assert (
        await load(db, [NdjsonSource(write_lines(tmp_path / "tree.ndjson", tree))])
    ).validation.ok
    before = await snapshot(db)
    # ta under tc, while the graph has tc under tb under ta; td under ta is fine.
    path = write_lines(tmp_path / "loop.ndjson", [topic("td", "ta"), topic("ta", "tc")])

    result = await load(db, [NdjsonSource(path)])

    found = [(r.position, i.field, i.code) for r in result.rejected for i in r.issues]
    assert found == [(2, "parent", IssueCode.SELF_REFERENCE)]
    message = result.rejected[0].issues[0].message
    assert message == (
        "the topic tree would loop: ta -> tc -> tb -> ta (in the graph already: tc -> tb, tb -> ta)"
    )
    assert await snapshot(db) == before
    assert result.validation.accepted["topic"] == 1

    skipped = await load(db, [NdjsonSource(path)], skip_invalid=True)
    assert [r.position for r in skipped.rejected] == [2]
    assert await parents_of(db, "ta", "tb", "tc", "td") == {
        "ta": [], "tb": ["ta"], "tc": ["tb"], "td": ["ta"],
    }  # fmt: skip


async def test_moving_the_topic_that_made_the_loop_lets_the_new_parent_in(
    db: Database, tmp_path: Path
) -> None:
    tree = [topic("ta"), topic("tb", "ta"), topic("tc", "tb")]
    await load(db, [NdjsonSource(write_lines(tmp_path / "tree.ndjson", tree))])
    # ta under tc would loop through tb -> ta, but tb moves to the top in the same load.
    path = write_lines(tmp_path / "move.ndjson", [topic("ta", "tc"), topic("tb")])

    result = await load(db, [NdjsonSource(path)])

    assert result.validation.ok, result.rejected
    assert await parents_of(db, "ta", "tb", "tc") == {"ta": ["tc"], "tb": [], "tc": ["tb"]}
