"""Test-local readers of the shared real datasets, as input records of the graph model.

Until the importers of the `ingest` branch land, the acceptance tests read the raw files
here. Each dataset becomes one topic; every edge one interaction of a fixed type (weight 1.0
for a share), at a fixed time, so the service's analytics see exactly the published edges.
Self-loops are dropped (the graph model refuses self-interactions) and so are they in the
independent reference computations.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from service.ingest.records import InteractionRecord, PersonRecord, TopicRecord

Record = TopicRecord | PersonRecord | InteractionRecord


@dataclass(frozen=True)
class Dataset:
    topic: str
    records: list[Record]
    edges: list[tuple[str, str, float]]  # engager (actor), influencer (target), weight
    labels: dict[str, str]  # person id -> ground-truth group


def timme_retweets(folder: Path) -> Dataset:
    """timme-purep: `retweet_list.csv` rows `user_id retweeted count` (user_id retweeted the
    other `count` times), so the retweeter is the actor; party from `dict.csv`."""
    topic = "timme-retweets"
    records: list[Record] = [TopicRecord(id=topic, name="US politicians' retweets (TIMME)")]
    labels: dict[str, str] = {}
    with (folder / "dict.csv").open(newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            pid = f"timme-{row['twitter_id']}"
            labels[pid] = row["party"]
            records.append(
                PersonRecord(
                    id=pid,
                    name=row["name"],
                    handle=row["twitter_name"],
                    attributes={"party": row["party"]},
                )
            )
    edges: list[tuple[str, str, float]] = []
    at = datetime(2019, 6, 1, tzinfo=UTC)
    with (folder / "retweet_list.csv").open(newline="") as f:
        for n, row in enumerate(csv.DictReader(f, delimiter="\t")):
            actor, target = f"timme-{row['user_id']}", f"timme-{row['retweeted']}"
            if actor == target:
                continue
            count = int(row["count"])
            edges.append((actor, target, float(count)))
            records.append(
                InteractionRecord(
                    id=f"timme-rt-{n}", type="share", actor=actor, target=target,
                    topics=[topic], at=at, count=count,
                )
            )  # fmt: skip
    return Dataset(topic, records, edges, labels)


def email_eu_core(folder: Path) -> Dataset:
    """email-eu-core: `src dst` lines (src e-mailed dst): the sender is the actor of one
    interaction of weight 1 (a share), as the graph is unweighted; departments from the
    labels file."""
    topic = "email-eu-core"
    records: list[Record] = [TopicRecord(id=topic, name="E-mail of a European institution")]
    labels: dict[str, str] = {}
    for line in (folder / "email-Eu-core-department-labels.txt").read_text().splitlines():
        node, department = line.split()
        pid = f"email-{node}"
        labels[pid] = department
        records.append(
            PersonRecord(id=pid, name=f"member {node}", attributes={"department": department})
        )
    edges: list[tuple[str, str, float]] = []
    at = datetime(2005, 1, 1, tzinfo=UTC)
    for n, line in enumerate((folder / "email-Eu-core.txt").read_text().splitlines()):
        src, dst = line.split()
        if src == dst:
            continue
        actor, target = f"email-{src}", f"email-{dst}"
        edges.append((actor, target, 1.0))
        records.append(
            InteractionRecord(
                id=f"email-{n}", type="share", actor=actor, target=target, topics=[topic], at=at
            )
        )
    return Dataset(topic, records, edges, labels)


def iter_records(*datasets: Dataset) -> Iterator[Record]:
    for d in datasets:
        yield from d.records
