"""An erasure that commits between a load's validation and its writes: the person is not
recreated, and nothing naming them is written (the write checks the tombstone itself)."""

from __future__ import annotations

import json
from pathlib import Path

from service.db.database import Database
from service.db.graph import counts
from service.ingest.erase import erase_person
from service.ingest.loader import load_records, validate_sources, write_sources
from service.ingest.records import PersonRecord, TopicRecord
from service.ingest.sources import NdjsonSource

AT = "2026-03-01T10:00:00Z"


async def test_a_person_erased_after_validation_is_not_written_back(
    db: Database, tmp_path: Path
) -> None:
    await load_records(
        db,
        [
            TopicRecord(id="t1", name="Topic"),
            PersonRecord(id="p1", name="One"),
            PersonRecord(id="p2", name="Two"),
        ],
    )
    lines = [
        {"kind": "person", "id": "p1", "name": "One again"},
        {"kind": "person", "id": "p2", "name": "Two"},
        {"kind": "follow", "follower": "p2", "followee": "p1"},
        {"kind": "interaction", "id": "i1", "type": "share", "actor": "p2", "target": "p1",
         "topics": ["t1"], "at": AT},
    ]  # fmt: skip
    path = tmp_path / "replay.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    source = NdjsonSource(path)
    validation = await validate_sources(db, [source])
    assert validation.ok

    assert await erase_person(db, "p1") is not None  # commits after validation, before writes
    await write_sources(db, [source], validation)

    found = await db.read("test/mentions", value="p1")
    assert [dict(r) for r in found] == [{"nodes": 0, "relationships": 0}]
    after = await counts(db)  # p2 only: the follow and the interaction found no p1
    assert (after.people, after.interactions, after.follows) == (1, 0, 0)
