"""Checks across records, on an empty graph of the real Neo4j (the references a load makes
are looked up there): duplicates, references, rejected records taking their dependants with
them, loops in the topic tree."""

from __future__ import annotations

from pathlib import Path

from service.db.database import Database
from service.ingest.loader import validate_sources
from service.ingest.sources import NdjsonSource, open_source
from service.ingest.validate import IssueCode


def lines(path: Path, *records: str) -> NdjsonSource:
    path.write_text("\n".join(records) + "\n")
    return NdjsonSource(path)


async def test_topic_loops_and_orphans_are_rejected_with_their_dependants(
    db: Database, tmp_path: Path
) -> None:
    source = lines(
        tmp_path / "topics.ndjson",
        '{"kind": "topic", "id": "a", "name": "A", "parent": "b"}',
        '{"kind": "topic", "id": "b", "name": "B", "parent": "a"}',
        '{"kind": "topic", "id": "c", "name": "C", "parent": "a"}',
        '{"kind": "topic", "id": "d", "name": "D"}',
        '{"kind": "topic", "id": "e", "name": "E", "parent": "d"}',
        '{"kind": "topic", "id": "f", "name": "F", "parent": "gone"}',
        '{"kind": "topic", "id": "g", "name": "G", "parent": "f"}',
    )

    result = await validate_sources(db, [source])

    codes = {r.position: r.issues[0].code for r in result.rejected}
    assert codes == {
        1: IssueCode.SELF_REFERENCE,
        2: IssueCode.SELF_REFERENCE,
        3: IssueCode.UNKNOWN_TOPIC,
        6: IssueCode.UNKNOWN_TOPIC,
        7: IssueCode.UNKNOWN_TOPIC,
    }
    assert "a -> b -> a" in result.rejected[0].issues[0].message
    assert result.accepted["topic"] == 2


async def test_duplicates_are_rejected_after_the_first(db: Database, tmp_path: Path) -> None:
    source = lines(
        tmp_path / "people.ndjson",
        '{"kind": "person", "id": "p", "name": "First"}',
        '{"kind": "person", "id": "q", "name": "Q"}',
        '{"kind": "person", "id": "p", "name": "Second"}',
        '{"kind": "follow", "follower": "p", "followee": "q"}',
        '{"kind": "follow", "follower": "p", "followee": "q", "since": "2026-01-01T00:00:00Z"}',
        '{"kind": "follow", "follower": "q", "followee": "p"}',
    )

    result = await validate_sources(db, [source])

    assert [(r.position, r.issues[0].code) for r in result.rejected] == [
        (3, IssueCode.DUPLICATE_ID),
        (5, IssueCode.DUPLICATE_ID),
    ]
    assert result.accepted == {
        "topic": 0,
        "person": 2,
        "follow": 2,
        "interaction": 0,
        "brand": 0,
        "represents": 0,
    }


async def test_references_may_cross_files_in_any_order(db: Database, tmp_path: Path) -> None:
    (tmp_path / "interactions.csv").write_text(
        "id,type,actor,target,topics,at\n"
        "i1,like,p1,p2,t,2026-01-01T00:00:00Z\n"
        "i2,like,p1,p3,t,2026-01-01T00:00:00Z\n"
    )
    (tmp_path / "people.csv").write_text("id,name\np1,A\np2,B\n")
    (tmp_path / "topics.csv").write_text("id,name\nt,T\n")
    sources = [open_source(tmp_path / n) for n in ("interactions.csv", "people.csv", "topics.csv")]

    result = await validate_sources(db, sources)

    assert [(r.source, r.position, r.issues[0].field) for r in result.rejected] == [
        (str(tmp_path / "interactions.csv"), 3, "target")
    ]
    assert result.accepted == {
        "topic": 1,
        "person": 2,
        "follow": 0,
        "interaction": 1,
        "brand": 0,
        "represents": 0,
    }


async def test_a_byte_order_mark_is_not_part_of_the_first_record(
    db: Database, tmp_path: Path
) -> None:
    bom = "\ufeff"
    (tmp_path / "people.csv").write_text(bom + "id,name\np1,A\n", encoding="utf-8")
    (tmp_path / "more.ndjson").write_text(bom + '{"kind": "person", "id": "p2", "name": "B"}\n')
    sources = [open_source(tmp_path / "people.csv"), open_source(tmp_path / "more.ndjson")]

    result = await validate_sources(db, sources)

    assert result.rejected == []
    assert result.accepted["person"] == 2
