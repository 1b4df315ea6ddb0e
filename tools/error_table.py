"""Writes the registry's table of error codes into docs/api.md, between its markers.

Run by `make docs`; tests/unit/test_error_registry.py fails when the two differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from service.api.errors import markdown_table

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
START, END = "<!-- error-codes:start -->", "<!-- error-codes:end -->"


def main() -> int:
    text = DOCS.read_text()
    if START not in text or END not in text:
        print(f"{DOCS}: the markers {START} and {END} are missing", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{START}\n{markdown_table()}{END}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
