"""Running the data scientists' query files (`cypher/analyses/`) by path, with parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from service.db.database import Database, Record
from service.db.queries import Query

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?)\s*;?\s*$")


def query_name(db: Database, path_or_name: str) -> str:
    """The query name of a file under CYPHER_DIR (or of a name such as analyses/top)."""
    if path_or_name in db.queries:
        return path_or_name
    path = Path(path_or_name).resolve()
    try:
        name = path.relative_to(db.queries.root.resolve()).with_suffix("").as_posix()
    except ValueError:
        raise ValueError(f"{path_or_name} is not a query file under {db.queries.root}") from None
    if name not in db.queries:
        raise ValueError(f"no query file {path_or_name}")
    return name


def parse_value(text: str) -> Any:
    """A parameter value as typed on the command line or in a `:param` line: JSON or a
    single-quoted Cypher string literal; anything else is taken as a plain string."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    try:
        return json.loads(text.replace("'", '"'))
    except json.JSONDecodeError:
        return text


def header_params(query: Query) -> dict[str, Any]:
    """The example parameters a file's header sets with cypher-shell `:param` lines."""
    params: dict[str, Any] = {}
    for line in query.doc.splitlines():
        match = _PARAM.match(line.strip())
        if match:
            params[match.group(1)] = parse_value(match.group(2))
    return params


async def run(db: Database, name: str, params: dict[str, Any]) -> list[Record]:
    return await db.read(name, **params)
