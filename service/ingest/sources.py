"""Where records come from: NDJSON files, CSV files (one per kind), or records in memory.

A source can be read several times (validation first, then writing, kind by kind); each
read yields `Item`s: a record that passed its own checks, or the issues that stopped it,
with its position (the line number in a file). A file that changes between two reads
stops the load, since what was validated would no longer be what is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from service.ingest.records import (
    RECORD_KINDS,
    RECORD_MODELS,
    AnyRecord,
    Record,
    RecordKind,
)
from service.ingest.validate import Issue, IssueCode, issues_from

RECORD: TypeAdapter[Record] = TypeAdapter(AnyRecord)
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
CSV_LIST_SEPARATOR = "|"
CSV_ATTRIBUTE_PREFIX = "attr."
_CSV_KIND_PREFIXES: tuple[tuple[str, RecordKind], ...] = (
    ("topic", "topic"),
    ("person", "person"),
    ("people", "person"),
    ("follow", "follow"),
    ("interaction", "interaction"),
    ("brand", "brand"),
    ("represent", "represents"),
)
_KIND_CODE = {kind: n for n, kind in enumerate(RECORD_KINDS, start=1)}
_LIST_COLUMNS = frozenset({"topics", "campaigns", "tags"})
BOM = b"\xef\xbb\xbf"


class SourceError(ValueError):
    """A source that cannot be read at all (unknown format, changed while loading)."""


@dataclass(frozen=True)
class Item:
    position: int
    record: Record | None
    issues: tuple[Issue, ...] = ()
    raw: str | None = None


class Source(Protocol):
    @property
    def name(self) -> str: ...

    def read(self, kinds: frozenset[RecordKind] | None = None) -> Iterator[Item]:
        """Items in order; with `kinds`, only records of those kinds (invalid items are
        then skipped too: they were reported by the first, complete read)."""
        ...


def open_source(path: Path) -> Source:
    suffix = path.suffix.lower()
    if suffix in NDJSON_SUFFIXES:
        return NdjsonSource(path)
    if suffix == ".csv":
        return CsvSource(path, csv_kind(path))
    raise SourceError(
        f"{path}: unknown format {suffix or '(no suffix)'}: use .ndjson/.jsonl or .csv"
    )


def csv_kind(path: Path) -> RecordKind:
    stem = path.stem.lower()
    for prefix, kind in _CSV_KIND_PREFIXES:
        if stem.startswith(prefix):
            return kind
    raise SourceError(
        f"{path}: cannot tell which records this CSV holds: its name must start with "
        "topic, person, people, follow, interaction, brand or represent (e.g. people.csv, "
        "interactions-2026.csv)"
    )


class _File:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self._stamp: tuple[int, int] | None = None

    def _check_unchanged(self) -> None:
        stat = self.path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        if self._stamp is None:
            self._stamp = stamp
        elif stamp != self._stamp:
            raise SourceError(f"{self.path} changed during the load: run it again")


class NdjsonSource(_File):
    """One JSON object per line, each with a `kind`; blank lines are ignored."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._kind_of_line: bytearray | None = None  # 0: blank or invalid

    def read(self, kinds: frozenset[RecordKind] | None = None) -> Iterator[Item]:
        self._check_unchanged()
        known = self._kind_of_line
        wanted = {_KIND_CODE[k] for k in kinds} if kinds is not None else None
        recording = bytearray() if known is None else None
        with self.path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                if known is not None and wanted is not None and known[number - 1] not in wanted:
                    continue
                item = _parse_line(number, line.removeprefix(BOM) if number == 1 else line)
                if recording is not None:
                    recording.append(_KIND_CODE[item.record.kind] if item.record else 0)
                if item.record is None:
                    if item.issues and wanted is None:
                        yield item
                elif wanted is None or _KIND_CODE[item.record.kind] in wanted:
                    yield item
        if recording is not None:
            self._kind_of_line = recording


def _parse_line(number: int, line: bytes) -> Item:
    if not line.strip():
        return Item(number, None)
    try:
        return Item(number, RECORD.validate_json(line, strict=True))
    except ValidationError as exc:
        text = line.decode("utf-8", errors="replace").rstrip("\r\n")
        return Item(number, None, issues_from(exc), text)


class CsvSource(_File):
    """A header row, then one record per row, all of one kind (told by the file name).

    Cells are the NDJSON fields; an empty cell is an absent field; `topics` lists ids
    separated by `|`; a column `attr.<name>` is the person attribute `<name>` (a string).
    """

    def __init__(self, path: Path, kind: RecordKind) -> None:
        super().__init__(path)
        self.kind = kind
        self.model = RECORD_MODELS[kind]

    def read(self, kinds: frozenset[RecordKind] | None = None) -> Iterator[Item]:
        self._check_unchanged()
        if kinds is not None and self.kind not in kinds:
            return
        with self.path.open(encoding="utf-8-sig", newline="") as fh:  # -sig: drop a BOM
            reader = csv.DictReader(fh, restkey="\x00extra")
            ended = 1  # the header's line
            for row in reader:
                start, ended = ended + 1, reader.line_num
                item = self._parse_row(start, row)
                if item.record is None and kinds is not None:
                    continue
                yield item

    def _parse_row(self, position: int, row: dict[str, Any]) -> Item:
        raw = json.dumps({k: v for k, v in row.items() if k != "\x00extra"}, ensure_ascii=False)
        if "\x00extra" in row:
            issue = Issue(None, IssueCode.INVALID_VALUE, "more cells than header columns")
            return Item(position, None, (issue,), raw)
        data: dict[str, Any] = {}
        attributes: dict[str, str] = {}
        for column, cell in row.items():
            if cell is None or cell == "":
                continue
            if column.startswith(CSV_ATTRIBUTE_PREFIX):
                attributes[column[len(CSV_ATTRIBUTE_PREFIX) :]] = cell
            elif column in _LIST_COLUMNS:
                data[column] = [t.strip() for t in cell.split(CSV_LIST_SEPARATOR)]
            else:
                data[column] = cell
        if attributes:
            data["attributes"] = attributes
        if data.get("kind", self.kind) != self.kind:
            issue = Issue(
                "kind", IssueCode.UNKNOWN_KIND, f"a {self.kind} file holds {data['kind']!r}"
            )
            return Item(position, None, (issue,), raw)
        data.pop("kind", None)
        try:
            return Item(position, self.model.model_validate(data))
        except ValidationError as exc:
            return Item(position, None, issues_from(exc, kind_known=True), raw)


class RecordSource:
    """Records already built as models (importers, tests); re-created for every read."""

    def __init__(self, name: str, records: Callable[[], Iterable[Record]]) -> None:
        self.name = name
        self._records = records

    def read(self, kinds: frozenset[RecordKind] | None = None) -> Iterator[Item]:
        for position, record in enumerate(self._records(), start=1):
            if kinds is None or record.kind in kinds:
                yield Item(position, record)
