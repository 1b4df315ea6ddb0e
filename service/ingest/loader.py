"""Writing validated records to the graph: batched UNWIND + MERGE, one transaction per batch.

Records are written kind by kind (topics, people, follows, interactions) so that every
reference is already in the graph when it is used. MERGE on stable ids makes a replay a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.db.database import Database
from service.ingest.records import FollowRecord, InteractionRecord, PersonRecord, TopicRecord
from service.ingest.rows import Row, follow_row, interaction_row, person_row, topic_row

Record = TopicRecord | PersonRecord | FollowRecord | InteractionRecord
Progress = Callable[[str, int], None]

# kind, query, record class, row builder: the write order.
_STEPS: tuple[tuple[str, str, type[Any], Callable[[Any], Row]], ...] = (
    ("topic", "ingest/merge_topics", TopicRecord, topic_row),
    ("person", "ingest/merge_persons", PersonRecord, person_row),
    ("follow", "ingest/merge_follows", FollowRecord, follow_row),
    ("interaction", "ingest/merge_interactions", InteractionRecord, interaction_row),
)


@dataclass
class LoadResult:
    written: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.written.values())


async def load_records(
    db: Database,
    records: Iterable[Record],
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> LoadResult:
    by_kind: dict[str, list[Record]] = {kind: [] for kind, *_ in _STEPS}
    for record in records:
        by_kind[record.kind].append(record)
    result = LoadResult()
    for kind, query, _cls, to_row in _STEPS:
        items: Sequence[Record] = by_kind[kind]
        written = 0
        for start in range(0, len(items), batch_size):
            rows = [to_row(r) for r in items[start : start + batch_size]]
            out = await db.write(query, rows=rows)
            written += int(out[0]["written"]) if out else 0
            if progress is not None:
                progress(kind, len(rows))
        result.written[kind] = written
    return result
