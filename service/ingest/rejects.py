"""Reporting rejected records: one readable line per issue, or a JSON line per record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from service.ingest.validate import Rejected


def iter_issue_lines(rejected: list[Rejected]) -> Iterator[str]:
    """One readable line per issue: `source:position: field: message [code]`."""
    for r in rejected:
        for issue in r.issues:
            where = f"{issue.field}: " if issue.field else ""
            yield f"{r.source}:{r.position}: {where}{issue.message} [{issue.code}]"


def write_rejects(path: Path, rejected: list[Rejected]) -> int:
    """Write one JSON line per rejected record: where it was, its original text, and every
    issue (field, code, message). Returns the number of lines."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for r in rejected:
            line = {
                "source": r.source,
                "line": r.position,
                "raw": r.raw,
                "errors": [
                    {"field": i.field, "code": i.code.value, "message": i.message} for i in r.issues
                ],
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(rejected)
