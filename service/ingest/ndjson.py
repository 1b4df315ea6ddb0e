"""Reading NDJSON record files: one JSON object per line, each with a `kind`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from service.ingest.records import AnyRecord

RECORD = TypeAdapter[AnyRecord](AnyRecord)


class InvalidRecord(ValueError):
    def __init__(self, path: Path, line: int, error: ValidationError | ValueError) -> None:
        super().__init__(f"{path}:{line}: {error}")
        self.path = path
        self.line = line


def read_ndjson(path: Path) -> Iterator[AnyRecord]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield RECORD.validate_json(line)
            except ValidationError as exc:
                raise InvalidRecord(path, number, exc) from None
