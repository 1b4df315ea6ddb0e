"""Checks that need no database: a record repeated within a load, and reading sources (a
byte order mark). What needs the graph's look-ups (references, erasures, topic parents) is
tested on the real Neo4j, in tests/integration/test_validate.py."""

from __future__ import annotations

from pathlib import Path

from service.ingest.records import PersonRecord, any_timestamp
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
    assert validator.accepted == {
        "topic": 1,
        "person": 2,
        "follow": 2,
        "interaction": 0,
        "brand": 0,
        "represents": 0,
    }


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


INT64_MAX = 2**63 - 1


def record_issues(path: Path, *records: str) -> list[list[tuple[str | None, IssueCode]]]:
    """The (field, code) issues of each record of an NDJSON file, as `load` reads them."""
    return [[(i.field, i.code) for i in item.issues] for item in lines(path, *records).read()]


def test_integers_beyond_64_bits_are_out_of_range_naming_the_field(tmp_path: Path) -> None:
    at = '"at": "2026-01-01T00:00:00Z"'
    interaction = f'"kind": "interaction", "id": "i", "type": "like", "actor": "a", "target": "b", "topics": ["t"], {at}'  # noqa: E501
    found = record_issues(
        tmp_path / "big.ndjson",
        f'{{"kind": "person", "id": "a", "name": "A", "followers": {INT64_MAX + 1}}}',
        '{"kind": "person", "id": "b", "name": "B", "attributes": {"accountId": 12345678901234567890}}',  # noqa: E501
        f'{{"kind": "person", "id": "c", "name": "C", "attributes": {{"low": {-(2**63) - 1}}}}}',
        f'{{{interaction}, "count": {2**63}}}',
        # The limits themselves fit.
        f'{{"kind": "person", "id": "d", "name": "D", "followers": {INT64_MAX}, '
        f'"attributes": {{"n": {INT64_MAX}, "m": {-(2**63)}, "f": 1e300, "b": true}}}}',
        f'{{{interaction}, "count": {INT64_MAX}}}',
    )
    assert found == [
        [("followers", IssueCode.OUT_OF_RANGE)],
        [("attributes.accountId", IssueCode.OUT_OF_RANGE)],
        [("attributes.low", IssueCode.OUT_OF_RANGE)],
        [("count", IssueCode.OUT_OF_RANGE)],
        [],
        [],
    ]


def test_a_big_integer_in_a_csv_cell_is_out_of_range(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(f"id,name,followers\np1,A,{INT64_MAX + 1}\np2,B,7\n")
    items = list(open_source(tmp_path / "people.csv").read())
    assert [[(i.field, i.code) for i in item.issues] for item in items] == [
        [("followers", IssueCode.OUT_OF_RANGE)],
        [],
    ]


def test_a_timestamp_with_no_utc_equivalent_is_a_bad_timestamp(tmp_path: Path) -> None:
    # Even with ALLOW_ANY_TIMESTAMP (otherwise these years are refused as implausible).
    token = any_timestamp.set(True)
    try:
        _no_utc_equivalent(tmp_path)
    finally:
        any_timestamp.reset(token)


def _no_utc_equivalent(tmp_path: Path) -> None:
    found = record_issues(
        tmp_path / "times.ndjson",
        '{"kind": "person", "id": "a", "name": "A", "createdAt": "0001-01-01T00:00:00+01:00"}',
        '{"kind": "follow", "follower": "a", "followee": "b", "since": "9999-12-31T23:00:00-05:00"}',  # noqa: E501
        '{"kind": "interaction", "id": "i", "type": "like", "actor": "a", "target": "b", '
        '"topics": ["t"], "at": "9999-12-31T23:00:00-05:00"}',
        # The same instants written so that they stay in range in UTC are fine.
        '{"kind": "person", "id": "b", "name": "B", "createdAt": "0001-01-01T01:00:00+01:00"}',
        '{"kind": "follow", "follower": "b", "followee": "a", "since": "9999-12-31T18:59:59-05:00"}',  # noqa: E501
    )
    assert found == [
        [("createdAt", IssueCode.BAD_TIMESTAMP)],
        [("since", IssueCode.BAD_TIMESTAMP)],
        [("at", IssueCode.BAD_TIMESTAMP)],
        [],
        [],
    ]
    early = '{"kind": "person", "id": "a", "name": "A", "createdAt": "0001-01-01T00:00:00+01:00"}'
    message = next(lines(tmp_path / "one.ndjson", early).read()).issues[0].message
    assert "0001-01-01T00:00:00+01:00" in message
    assert "UTC" in message
