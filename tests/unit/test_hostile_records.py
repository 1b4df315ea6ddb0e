"""Records a hostile or broken feed sends (issue 17): control characters in ids, handles and
names, and implausible years, refused with the field named, from NDJSON and CSV alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.ingest.records import any_timestamp
from service.ingest.sources import open_source
from service.ingest.validate import IssueCode

AT = "2026-01-01T00:00:00Z"


def issues(path: Path) -> list[list[tuple[str | None, IssueCode]]]:
    return [[(i.field, i.code) for i in item.issues] for item in open_source(path).read()]


def ndjson(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def interaction(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"kind": "interaction", "id": "i", "type": "like", "actor": "a",
                               "target": "b", "topics": ["t"], "at": AT}  # fmt: skip
    return base | fields


def test_control_characters_are_refused_in_ids_handles_and_names(tmp_path: Path) -> None:
    found = issues(
        ndjson(
            tmp_path / "feed.ndjson",
            {"kind": "person", "id": "a\u0000b", "name": "A"},
            {"kind": "person", "id": "c", "name": "Eve\u0000il"},
            {"kind": "person", "id": "d", "name": "D", "handle": "@d\u001b[31m"},
            {"kind": "topic", "id": "t", "name": "Two\nlines"},
            {"kind": "person", "id": "e", "name": "E\u0085e", "personKind": "x\u007f"},
            interaction(actor="a\u0007"),
            interaction(topics=["t", "u\u0000"]),
            {"kind": "follow", "follower": "a", "followee": "b\u0000"},
        )
    )
    cc = IssueCode.CONTROL_CHARACTER
    assert found == [
        [("id", cc)],
        [("name", cc)],
        [("handle", cc)],
        [("name", cc)],
        [("name", cc), ("personKind", cc)],
        [("actor", cc)],
        [("topics.1", cc)],
        [("followee", cc)],
    ]


def test_the_message_names_the_character(tmp_path: Path) -> None:
    path = ndjson(tmp_path / "one.ndjson", {"kind": "person", "id": "a\u0000", "name": "A"})
    message = next(open_source(path).read()).issues[0].message
    assert "U+0000" in message


def test_free_text_attributes_may_hold_tab_and_newline_only(tmp_path: Path) -> None:
    found = issues(
        ndjson(
            tmp_path / "attrs.ndjson",
            {"kind": "person", "id": "a", "name": "A", "attributes": {"bio": "one\ttwo\nthree"}},
            {"kind": "person", "id": "b", "name": "B", "attributes": {"bio": "nul\u0000"}},
            {"kind": "person", "id": "c", "name": "Zoë 山田 🙂"},
        )
    )
    assert found == [[], [("attributes.bio", IssueCode.CONTROL_CHARACTER)], []]


def test_a_csv_cell_with_a_nul_is_refused_naming_its_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,handle\np1,Ann,@ann\np2,B\u0000b,@b\np3,C,@c\u0001\n")
    cc = IssueCode.CONTROL_CHARACTER
    assert issues(path) == [[], [("name", cc)], [("handle", cc)]]


@pytest.mark.parametrize(
    "at",
    ["0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2100-01-01T00:00:00Z",
     "9999-12-31T00:00:00Z"],
)  # fmt: skip
def test_implausible_years_are_bad_timestamps(tmp_path: Path, at: str) -> None:
    found = issues(
        ndjson(
            tmp_path / "years.ndjson",
            interaction(at=at),
            {"kind": "person", "id": "p", "name": "P", "createdAt": at},
            {"kind": "follow", "follower": "a", "followee": "b", "since": at},
        )
    )
    bad = IssueCode.BAD_TIMESTAMP
    assert found == [[("at", bad)], [("createdAt", bad)], [("since", bad)]]


def test_the_year_bounds_themselves_load_and_the_setting_allows_any_year(
    tmp_path: Path,
) -> None:
    inside = ndjson(
        tmp_path / "inside.ndjson",
        interaction(at="1900-01-01T00:00:00Z"),
        interaction(id="j", at="2099-12-31T23:59:59Z"),
    )
    assert issues(inside) == [[], []]
    far = ndjson(tmp_path / "far.ndjson", interaction(at="0001-01-01T00:00:00Z"))
    message = next(open_source(far).read()).issues[0].message
    assert "ALLOW_ANY_TIMESTAMP" in message
    token = any_timestamp.set(True)
    try:
        assert issues(far) == [[]]
    finally:
        any_timestamp.reset(token)
