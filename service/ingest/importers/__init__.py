"""Importers for the public data sets in ../shared/datasets: each turns a folder into records.

Every importer yields its records in write order (topics, people, follows, interactions) as
the models of `service.ingest.records`, so they go through the same validation and loader as
a partner's file. Ids and timestamps are deterministic: importing twice gives the same graph.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated file with a header row, as dicts keyed by the header."""
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")
