"""SNAP email-Eu-core: e-mails between 1,005 members of a European research institution.

Files: `email-Eu-core.txt` (space-separated `src dst`: src sent at least one e-mail to dst)
and `email-Eu-core-department-labels.txt` (`node department`, 42 departments).

Mapping: person `email-<n>` named `Member <n>` with `attributes={"department": <int>}`; one
topic `email`; each edge src → dst becomes one `mention` interaction with actor src (the
sender, who addressed dst) and target dst (the recipient), `count` 1, id
`email-<src>-<dst>`. Following the graph model, the recipient is credited with influence on
the sender: people others write to are the ones they turn to. Self-loops (642 e-mails to
oneself) are skipped. The data set has no timestamps: every interaction gets `EMAIL_AT`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from service.ingest.records import AnyRecord, InteractionRecord, PersonRecord, TopicRecord

TOPIC_ID = "email"
EMAIL_AT = datetime(2005, 1, 1, tzinfo=UTC)
PLATFORM = "email"
EDGES_FILE = "email-Eu-core.txt"
LABELS_FILE = "email-Eu-core-department-labels.txt"


def person_id(node: str) -> str:
    return f"email-{node}"


def read_email_eu(folder: Path) -> Iterator[AnyRecord]:
    yield TopicRecord(id=TOPIC_ID, name="E-mail")
    for node, department in _pairs(folder / LABELS_FILE):
        yield PersonRecord(
            id=person_id(node), name=f"Member {node}", attributes={"department": int(department)}
        )
    for src, dst in _pairs(folder / EDGES_FILE):
        if src == dst:
            continue
        yield InteractionRecord(
            id=f"email-{src}-{dst}",
            type="mention",
            actor=person_id(src),
            target=person_id(dst),
            topics=[TOPIC_ID],
            at=EMAIL_AT,
            platform=PLATFORM,
        )


def _pairs(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            if fields:
                first, second = fields
                yield first, second
