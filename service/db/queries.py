"""The Cypher query files, loaded by name.

`cypher/person/by_ids.cypher` is the query `person/by_ids`. A file holds one statement,
opened by `//` comment lines that say what it returns and which parameters it takes.
Queries are only ever run with parameters; nothing is formatted into their text.

The service loads one root, CYPHER_DIR. The tests and benchmarks keep their own queries in
their own folders and load them beside it under a prefix (`extra={"test": tests/cypher}`
makes `tests/cypher/mentions.cypher` the query `test/mentions`), so those never ship.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    def __init__(self, root: Path, extra: Mapping[str, Path] | None = None) -> None:
        """The queries under `root`, and those under each extra root named `prefix/...`."""
        self.root = root
        self._queries: dict[str, Query] = {}
        if not root.is_dir():
            raise FileNotFoundError(f"Cypher folder not found: {root} (CYPHER_DIR)")
        self._load(root, "")
        for prefix, extra_root in (extra or {}).items():
            if not extra_root.is_dir():
                raise FileNotFoundError(f"Cypher folder not found: {extra_root} ({prefix}/)")
            if any(name.startswith(f"{prefix}/") for name in self._queries):
                raise ValueError(f"{root} already holds queries named {prefix}/...")
            self._load(extra_root, f"{prefix}/")

    def _load(self, root: Path, prefix: str) -> None:
        for path in sorted(root.rglob("*.cypher")):
            query = _parse(root, path, prefix)
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


def _parse(root: Path, path: Path, prefix: str) -> Query:
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
    name = prefix + path.relative_to(root).with_suffix("").as_posix()
    return Query(name=name, text=text, doc="\n".join(doc_lines), path=path)
