"""Ingestion through the API: one call carries a batch of one kind, all or nothing.

A call is checked like a file load (each item's own checks, duplicates inside the call,
references against the graph), then written in one transaction. Any bad item refuses the
whole call, and every bad item is reported with its index, field, code and reason, as data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from service.db import ingest as ingest_db
from service.db.database import Database
from service.ingest.after_write import after_write
from service.ingest.records import RECORD_MODELS, Record, RecordKind, TopicRecord
from service.ingest.rows import record_row, topic_parent_row
from service.ingest.validate import Issue, IssueCode, Validator, issues_from
from service.relationships.refresh import Touched

SOURCE = "request"


@dataclass(frozen=True)
class ItemIssue:
    index: int
    field: str | None
    code: str
    message: str


@dataclass(frozen=True)
class Outcome:
    written: int
    errors: list[ItemIssue] = field(default_factory=list)


async def ingest_items(
    db: Database, kind: RecordKind, items: Sequence[Mapping[str, Any]], max_batch: int
) -> Outcome:
    """Validate and write one call's items, all of one kind; nothing is written unless
    every item is valid. `items` use the NDJSON field names (personKind, createdAt, ...)."""
    if len(items) > max_batch:
        message = (
            f"this call carries {len(items)} items, over the limit of {max_batch} per call "
            "(MAX_MUTATION_BATCH): split it"
        )
        refused = [
            ItemIssue(n, None, IssueCode.BATCH_TOO_LARGE.value, message)
            for n in range(max_batch, len(items))
        ]
        return Outcome(0, refused)

    model = RECORD_MODELS[kind]
    validator = Validator()
    records: list[tuple[int, Record]] = []
    errors: list[ItemIssue] = []
    for index, item in enumerate(items):
        try:
            record = model.model_validate({k: v for k, v in item.items() if v is not None})
        except ValidationError as exc:
            errors += _item_issues(index, issues_from(exc, kind_known=True))
            continue
        duplicate = validator.accept(record, SOURCE, index)
        if duplicate is not None:
            errors += _item_issues(index, (duplicate,))
        else:
            records.append((index, record))
    for rejected in await validator.resolve(db):
        errors += _item_issues(rejected.position, rejected.issues)
    if validator.recheck:
        for index, record in records:
            errors += _item_issues(index, validator.reference_issues(record))
    if errors:
        return Outcome(0, sorted(errors, key=lambda e: e.index))

    await _write(db, kind, [record for _, record in records])
    return Outcome(len(records))


async def _write(db: Database, kind: RecordKind, records: list[Record]) -> None:
    rows = [record_row(r) for r in records]
    if kind == "topic":
        parents = [topic_parent_row(r) for r in records if isinstance(r, TopicRecord)]
        await ingest_db.write_topics_with_parents(db, rows, parents)
    elif kind == "person":
        await ingest_db.write_persons(db, rows)
    elif kind == "follow":
        await ingest_db.write_follows(db, rows)
    elif kind == "brand":
        await ingest_db.write_brands(db, rows)
    elif kind == "represents":
        await ingest_db.write_represents(db, rows)
    touched = Touched()
    if kind == "interaction":
        touched.add_written(await ingest_db.write_interactions(db, rows))
    touched.add_rows(kind, rows)
    await after_write(db, touched)


def _item_issues(index: int, issues: Sequence[Issue]) -> list[ItemIssue]:
    return [ItemIssue(index, i.field, i.code.value, i.message) for i in issues]
