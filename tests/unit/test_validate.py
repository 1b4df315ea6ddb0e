"""Checks that need no database: a record repeated within a load, and reading sources (a
byte order mark). What needs the graph's look-ups (references, erasures, topic parents) is
tested on the real Neo4j, in tests/integration/test_validate.py."""

from __future__ import annotations

from pathlib import Path

from service.ingest.records import PersonRecord
from service.ingest.sources import NdjsonSource, Source, open_source
from service.ingest.validate import IssueCode, Validator


def lines(path: Path, *records: str) -> NdjsonSource:
    path.write_text("\n".join(records) + "\n")
    return NdjsonSource(path)


def accept_all(validator: Validator, source: Source) -> list[tuple[int, IssueCode]]:
    """Feed every record of the source to the validator; the duplicates it reports."""
    duplicates = []
    for item in source.read():
        assert item.record is not None, item.issues
        issue = validator.accept(item.record, source.name, item.position)
        if issue is not None:
            duplicates.append((item.position, issue.code))
    return duplicates


def test_duplicates_are_reported_after_the_first(tmp_path: Path) -> None:
    source = lines(
        tmp_path / "people.ndjson",
        '{"kind": "person", "id": "p", "name": "First"}',
        '{"kind": "person", "id": "q", "name": "Q"}',
        '{"kind": "person", "id": "p", "name": "Second"}',
        '{"kind": "follow", "follower": "p", "followee": "q"}',
        '{"kind": "follow", "follower": "p", "followee": "q", "since": "2026-01-01T00:00:00Z"}',
        '{"kind": "follow", "follower": "q", "followee": "p"}',
        '{"kind": "topic", "id": "t", "name": "T"}',
        '{"kind": "topic", "id": "t", "name": "T again"}',
    )
    validator = Validator()

    assert accept_all(validator, source) == [
        (3, IssueCode.DUPLICATE_ID),
        (5, IssueCode.DUPLICATE_ID),
        (8, IssueCode.DUPLICATE_ID),
    ]
    assert validator.accepted == {"topic": 1, "person": 2, "follow": 2, "interaction": 0}


def test_a_byte_order_mark_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    bom = "\ufeff"
    (tmp_path / "people.csv").write_text(bom + "id,name\np1,A\n", encoding="utf-8")
    (tmp_path / "more.ndjson").write_text(bom + '{"kind": "person", "id": "p2", "name": "B"}\n')

    items = [
        item
        for name in ("people.csv", "more.ndjson")
        for item in open_source(tmp_path / name).read()
    ]

    assert [item.issues for item in items] == [(), ()]
    people = [item.record for item in items if isinstance(item.record, PersonRecord)]
    assert [(p.id, p.name) for p in people] == [("p1", "A"), ("p2", "B")]
