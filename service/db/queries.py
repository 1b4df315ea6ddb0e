"""The Cypher query files, loaded by name.

`cypher/person/by_ids.cypher` is the query `person/by_ids`. A file holds one statement,
opened by `//` comment lines that say what it returns and which parameters it takes.
Queries are only ever run with parameters; nothing is formatted into their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    doc: str
    path: Path


class UnknownQuery(KeyError):
    pass


class Queries:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._queries: dict[str, Query] = {}
        if not root.is_dir():
            raise FileNotFoundError(f"Cypher folder not found: {root} (CYPHER_DIR)")
        for path in sorted(root.rglob("*.cypher")):
            query = _parse(root, path)
            self._queries[query.name] = query

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise UnknownQuery(f"No Cypher file {name}.cypher under {self.root}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def names(self, prefix: str = "") -> list[str]:
        return sorted(n for n in self._queries if n.startswith(prefix))


def _parse(root: Path, path: Path) -> Query:
    raw = path.read_text()
    doc_lines: list[str] = []
    body_lines: list[str] = []
    for line in raw.splitlines():
        stripped = line.strip()
        if not body_lines and stripped.startswith("//"):
            doc_lines.append(stripped.removeprefix("//").strip())
        elif stripped or body_lines:
            body_lines.append(line)
    text = "\n".join(body_lines).strip().removesuffix(";").strip()
    if not text:
        raise ValueError(f"{path} holds no statement")
    name = path.relative_to(root).with_suffix("").as_posix()
    return Query(name=name, text=text, doc="\n".join(doc_lines), path=path)
