"""Every query named in code has its file, and every production query file is used.

The names are read with `ast` from every module of service/, tests/ and bench/: a string
literal (docstrings aside) that is a query name of a known folder (`"analytics/rankings"`,
`"test/mentions"`), and any query-shaped literal handed to what runs a query by name (a
Database method such as `db.read("x/y")`, `run_query`, `project_cypher`, `queries["x/y"]`),
whatever its folder. The queries are cypher/'s, plus tests/cypher/ (`test/...`) and
bench/cypher/ (`bench/...`), loaded the way the fixtures and benchmarks load them.

Every file under cypher/ must be named by service/, but those of two folders:
- cypher/analyses/: the data scientists' files, run by path with `influence-graph cypher
  cypher/analyses/<file>.cypher` (their names are never written in code; tests run them all
  by listing the folder);
- cypher/constraints/: the schema, which the migrator applies in file-name order by listing
  the folder, each file once.
Every file of tests/cypher/ must be named by tests/, and every one of bench/cypher/ by bench/.

Modules that hold detector snippets (made-up names, on purpose) are not read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from bench.queries import BENCH_CYPHER
from service.db.queries import Queries
from service.settings import PROJECT_ROOT
from tests.support.queries import TESTS_CYPHER
from tests.support.source import docstring_ids

CYPHER = PROJECT_ROOT / "cypher"
CODE_ROOTS = ("service", "tests", "bench")
# Production folders whose files are run by listing the folder, not by name (see above).
LISTED_FOLDERS = ("analyses", "constraints")
# Where each prefix's files must be used: production by service/, the others by their owners.
USED_BY = {"test": "tests", "bench": "bench"}
SNIPPET_MODULES = frozenset({"tests/unit/test_layers.py", "tests/unit/test_query_files.py"})
QUERY_SHAPE = re.compile(r"[a-z_]+(?:/[a-z0-9_]*[a-z0-9])+")
# Calls that take a query name: Database's methods, and the db layer's runners.
NAMED_QUERY_CALLS = frozenset(
    {
        "read",
        "read_one",
        "read_rows",
        "probe",
        "profile",
        "write",
        "write_then",
        "run_query",
        "project_cypher",
    }
)


def all_queries(root: Path = CYPHER) -> Queries:
    return Queries(root, extra={"test": TESTS_CYPHER, "bench": BENCH_CYPHER})


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _named_literals(node: ast.AST) -> Iterable[ast.expr]:
    """The expressions that a query-running call or lookup takes as a query name."""
    if isinstance(node, ast.Call) and _callee(node) in NAMED_QUERY_CALLS:
        yield from node.args
    elif isinstance(node, ast.Subscript):
        value = node.value
        holder = value.func if isinstance(value, ast.Call) else value
        name = holder.attr if isinstance(holder, ast.Attribute) else getattr(holder, "id", "")
        if name in ("queries", "Queries"):
            yield node.slice


def query_references(source: str, folders: frozenset[str]) -> set[str]:
    """The query names a module's code uses (see the module's docstring)."""
    tree = ast.parse(source)
    docstrings = docstring_ids(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and QUERY_SHAPE.fullmatch(node.value)
            and node.value.split("/")[0] in folders
        ):
            found.add(node.value)
        for arg in _named_literals(node):
            text = arg.value if isinstance(arg, ast.Constant) else None
            if isinstance(text, str) and QUERY_SHAPE.fullmatch(text):
                found.add(text)
    return found


def references_by_root(queries: Queries) -> dict[str, dict[str, set[str]]]:
    """For each code root, each query name it uses -> the modules that use it."""
    folders = frozenset(name.split("/")[0] for name in queries.names())
    out: dict[str, dict[str, set[str]]] = {root: {} for root in CODE_ROOTS}
    for root in CODE_ROOTS:
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            module = path.relative_to(PROJECT_ROOT).as_posix()
            if module in SNIPPET_MODULES or ".venv" in path.parts:
                continue
            for name in query_references(path.read_text(), folders):
                out[root].setdefault(name, set()).add(module)
    return out


def missing(queries: Queries, used: dict[str, dict[str, set[str]]]) -> list[str]:
    return sorted(
        f"{name} (in {', '.join(sorted(modules))})"
        for by_name in used.values()
        for name, modules in by_name.items()
        if name not in queries
    )


def unused(queries: Queries, used: dict[str, dict[str, set[str]]]) -> list[str]:
    out = []
    for name in queries.names():
        prefix = name.split("/")[0]
        if prefix in LISTED_FOLDERS:
            continue
        owner = USED_BY.get(prefix, "service")
        if name not in used[owner]:
            out.append(f"{name}.cypher (not named in {owner}/)")
    return out


def test_every_query_name_in_code_has_its_file() -> None:
    queries = all_queries()
    used = references_by_root(queries)
    assert len(used["service"]) > 80
    assert len(used["tests"]) > 15
    assert len(used["bench"]) > 10
    assert missing(queries, used) == []


def test_every_query_file_is_used() -> None:
    queries = all_queries()
    assert unused(queries, references_by_root(queries)) == []


def test_the_production_folder_holds_no_test_or_bench_queries() -> None:
    production = Queries(CYPHER)
    assert production.names("test/") == []
    assert production.names("bench/") == []
    assert {"analyses", "constraints", "jobs"} <= {p.name for p in CYPHER.iterdir()}
    assert not (CYPHER / "job").exists()


# --- the detector itself ------------------------------------------------------------------

FOLDERS = frozenset({"analytics", "jobs", "test"})


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ('await db.read("analytics/rankings", topic=t)', {"analytics/rankings"}),
        ('Batch("analytics/write_scores", "scores", {})', {"analytics/write_scores"}),
        ('text = db.queries["test/memory_hog"].text', {"test/memory_hog"}),
        ('text = Queries(root)["server/gds_version"].text', {"server/gds_version"}),
        # A folder no longer there is still a reference when a query is run with it.
        ('await db.probe("job/count_by_status")', {"job/count_by_status"}),
        ('run_query(gds, queries, "nowhere/x")', {"nowhere/x"}),
        ('for q in ("jobs/get", "jobs/list"):\n    pass', {"jobs/get", "jobs/list"}),
        ('"""Reads analytics/rankings."""\nx = 1', set()),
        ('headers = {"content-type": "application/json"}', set()),
        ('print(f"{rate:.0f}", "rows/s")', set()),
        ('name.startswith("analytics/write_")', set()),
    ],
)
def test_the_detector_reads_query_names(source: str, names: set[str]) -> None:
    assert query_references(source, FOLDERS) == names


def test_the_detector_reports_a_name_without_a_file() -> None:
    queries = all_queries()
    used = {"service": {"analytics/rankings": {"a.py"}, "jobs/nope": {"b.py"}}, "tests": {}}
    assert missing(queries, used) == ["jobs/nope (in b.py)"]


def test_the_detector_reports_an_unused_file(tmp_path: Path) -> None:
    for name in ("analytics/used", "analytics/stray", "analyses/by_path", "constraints/001_x"):
        _query_file(tmp_path, name)
    queries = all_queries(tmp_path)
    used = references_by_root(all_queries())
    used["service"]["analytics/used"] = {"x.py"}
    assert unused(queries, used) == ["analytics/stray.cypher (not named in service/)"]


def _query_file(root: Path, name: str) -> None:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("// A query.\nRETURN 1 AS one\n")


def test_an_extra_root_is_loaded_under_its_prefix(tmp_path: Path) -> None:
    _query_file(tmp_path / "main", "person/by_ids")
    _query_file(tmp_path / "extra", "mentions")
    queries = Queries(tmp_path / "main", extra={"test": tmp_path / "extra"})
    assert queries.names() == ["person/by_ids", "test/mentions"]
    assert queries["test/mentions"].path == tmp_path / "extra" / "mentions.cypher"
    assert "mentions" not in queries


def test_an_extra_root_may_not_shadow_the_main_one(tmp_path: Path) -> None:
    _query_file(tmp_path / "main", "test/mentions")
    _query_file(tmp_path / "extra", "mentions")
    with pytest.raises(ValueError, match="already holds"):
        Queries(tmp_path / "main", extra={"test": tmp_path / "extra"})
    with pytest.raises(FileNotFoundError):
        Queries(tmp_path / "main", extra={"bench": tmp_path / "absent"})
