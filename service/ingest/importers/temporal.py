"""The timed message networks of ../shared/datasets/temporal: SNAP CollegeMsg and a prefix of
SNAP email-Eu-core-temporal. Each line is one message `src dst time`.

Mapping (both): one topic per data set (`collegemsg`, `email-eu-temporal`); person
`<topic>-<n>` named `Member <n>`; each message becomes one `mention` interaction with actor
src (the sender) and target dst (the recipient, who receives the engagement), `count` 1, at
the message's time, id `<topic>-<line>` (the data line's number, from 1, header not
counted), so two messages between the same people in the same second stay two.

Why `mention`: a private message or an e-mail is addressed to its recipient, as a mention
is; it is not a share, quote or reply of the recipient's content (the data do not say what a
message answers) and not a like. The SNAP email-Eu-core importer maps e-mails the same way.

Times: CollegeMsg gives Unix seconds (UTC). email-Eu-core-temporal gives seconds from an
undisclosed start; they are placed from EMAIL_EU_ORIGIN (2003-10-01T00:00:00Z, the month the
institution's data collection is reported to begin, Leskovec et al. 2007). The origin is a
convention: only differences between times are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.ingest.records import AnyRecord, InteractionRecord, PersonRecord, TopicRecord

EMAIL_EU_ORIGIN = datetime(2003, 10, 1, tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TimedDataset:
    topic: str  # topic id, also the prefix of person and interaction ids
    topic_name: str
    filename: str  # in ../shared/datasets/temporal
    header: bool  # the first line names the columns
    origin: datetime  # what time 0 is
    platform: str


COLLEGEMSG = TimedDataset(
    "collegemsg", "CollegeMsg messages", "CollegeMsg.txt", True, _EPOCH, "collegemsg"
)
EMAIL_EU_TEMPORAL = TimedDataset(
    "email-eu-temporal",
    "E-mail (timed)",
    "email-Eu-core-temporal-prefix.txt",
    False,
    EMAIL_EU_ORIGIN,
    "email",
)
TIMED_DATASETS = {"collegemsg": COLLEGEMSG, "email-eu-temporal": EMAIL_EU_TEMPORAL}


def read_messages(dataset: TimedDataset, path: Path) -> Iterator[tuple[int, str, str, int]]:
    """(line number, src, dst, seconds) of each message; a malformed line is a ValueError
    naming the file and line."""
    with path.open(encoding="utf-8") as fh:
        if dataset.header:
            next(fh, None)
        number = 0
        for line in fh:
            fields = line.split()
            if not fields:
                continue
            number += 1
            if len(fields) != 3 or not fields[2].lstrip("-").isdigit():
                raise ValueError(f"{path}: data line {number} is not `src dst seconds`: {line!r}")
            yield number, fields[0], fields[1], int(fields[2])


def read_timed(dataset: TimedDataset, path: Path) -> Iterator[AnyRecord]:
    """The records of one timed data set file, in write order (topic, people, interactions)."""
    yield TopicRecord(id=dataset.topic, name=dataset.topic_name)
    people: set[str] = set()
    for _, src, dst, _ in read_messages(dataset, path):
        people.update((src, dst))
    for node in sorted(people, key=lambda n: (len(n), n)):
        yield PersonRecord(id=f"{dataset.topic}-{node}", name=f"Member {node}")
    for number, src, dst, seconds in read_messages(dataset, path):
        if src == dst:
            continue  # an interaction needs two people (none in the published files)
        yield InteractionRecord(
            id=f"{dataset.topic}-{number}",
            type="mention",
            actor=f"{dataset.topic}-{src}",
            target=f"{dataset.topic}-{dst}",
            topics=[dataset.topic],
            at=dataset.origin + timedelta(seconds=seconds),
            platform=dataset.platform,
        )
