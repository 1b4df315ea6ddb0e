"""The layers, checked on the source: every module under service/ is parsed with `ast`.

- Only service/db runs anything on Neo4j: outside it, no module imports the driver or the GDS
  client at run time (service/localdb, which installs and starts the server, included), nor calls
  what runs a query or opens a session (`.run_cypher(`, `.execute_query(`, `.session(`,
  ...; a `.run(...)` with arguments on anything but `self` or an imported module), nor
  makes any call through a GDS client or a projection handle (`gds.page_rank.mutate(...)`,
  `gds.graph.project...`; closing the client is allowed: it runs nothing).
- Only service/db names queries or holds Cypher: outside it, no string literal names a query
  under cypher/ (`"analytics/rankings"`, wherever it is passed), no call hands a literal query
  name (or an f-string) to a Database method (`db.read("x/y")`, `.probe(...)`, ...), nothing
  calls the db layer's generic runners (`run_query`, `project_cypher`: the db modules wrap
  each query in a named function), and no string literal looks like Cypher (`MATCH (`,
  `CALL gds.x(`, `UNWIND $rows AS`, ...). Docstrings are prose and are not checked.
- Imports go one way, cli and app -> http (middlewares, GraphQL view) -> api (GraphQL schema)
  -> domain (ingest, analytics) -> db: service/db imports none of the others, the domain
  imports neither the API nor the HTTP layer, and the API does not import the HTTP layer.

The exceptions, each because it runs nothing: `neo4j.exceptions` may be imported anywhere (to
catch the driver's errors; importing them opens no session), imports of the driver and the
client under `if TYPE_CHECKING:` (annotations only), and closing a GDS client.

The detector is checked too, on snippets that break each rule and ones that break none.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.settings import PROJECT_ROOT
from tests.support.source import docstring_ids

SERVICE = PROJECT_ROOT / "service"
DRIVER_PACKAGES = ("neo4j", "graphdatascience")
# Exception types to catch, from the driver: importing them opens no session.
ALLOWED_DRIVER_MODULES = ("neo4j.exceptions",)
# May import the driver: the db layer only.
DRIVER_IMPORTERS = ("service.db",)
# Methods of the driver (sessions, transactions) and of the GDS client that run Cypher.
QUERY_METHODS = frozenset(
    {
        "run_cypher",
        "execute_query",
        "session",
        "begin_transaction",
        "execute_read",
        "execute_write",
        "read_transaction",
        "write_transaction",
    }
)
# What a GDS client is called when no annotation says so.
CLIENT_NAMES = frozenset({"gds", "_gds"})
# The client's types: a name annotated with one of them is a client (or a projection handle).
CLIENT_TYPES = frozenset({"GraphDataScience", "Graph"})
# Calls on a client that run nothing on the server.
CLIENT_LOCAL_METHODS = frozenset({"close"})
# The folders of query names: cypher/'s, and the tests' and benchmarks' prefixes.
QUERY_FOLDERS = frozenset(
    {p.name for p in (PROJECT_ROOT / "cypher").iterdir() if p.is_dir()} | {"test", "bench"}
)
QUERY_NAME = re.compile(r"[a-z_]+(?:/[a-z0-9_]+)+")
# Database's methods that take a query name first.
DATABASE_METHODS = frozenset(
    {"read", "read_one", "read_rows", "probe", "profile", "write", "write_many", "write_then"}
)
# The db layer's generic runners of a named query: only db modules call them.
QUERY_RUNNERS = frozenset({"run_query", "project_cypher"})
# What a Cypher statement looks like: a pattern clause, a procedure call or subquery, an UNWIND.
CYPHER = re.compile(
    r"\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\("
    r"|\bCALL\s*(?:\{|\(|[a-z]\w*(?:\.\w+)+\s*\()"
    r"|\bUNWIND\s+\S+\s+AS\b"
    r"|\bDETACH\s+DELETE\b"
    r"|^\s*(?:WITH|RETURN)\s+\S+(?:\s+AS\s+\w+)?\s*$",
    re.MULTILINE,
)
# Who may not import whom: importer prefix -> imported prefixes.
# The order, top down: cli and app (the ASGI app) -> http (middlewares, the GraphQL view) ->
# api (the GraphQL schema) -> domain (ingest, analytics, campaigns, webhooks) -> db.
ABOVE_THE_DOMAIN = ("service.api", "service.http", "service.app", "service.cli")
FORBIDDEN_IMPORTS: dict[str, tuple[str, ...]] = {
    "service.db": (
        *ABOVE_THE_DOMAIN,
        "service.ingest",
        "service.analytics",
        "service.campaigns",
        "service.webhooks",
    ),
    "service.ingest": ABOVE_THE_DOMAIN,
    "service.analytics": ABOVE_THE_DOMAIN,
    "service.campaigns": ABOVE_THE_DOMAIN,
    # Any domain may publish webhook events; the webhooks know none of the domains.
    "service.webhooks": (
        *ABOVE_THE_DOMAIN,
        "service.ingest",
        "service.analytics",
        "service.campaigns",
    ),
    "service.api": ("service.http", "service.app", "service.cli"),
    "service.http": ("service.cli",),
}


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.message}"


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _type_only_nodes(tree: ast.Module) -> set[int]:
    """The ids of the nodes under `if TYPE_CHECKING:` (not its else branch)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                found.update(id(n) for n in ast.walk(statement))
    return found


def _imports(module: str, tree: ast.Module, is_package: bool) -> list[tuple[ast.stmt, str]]:
    """Every import as (statement, imported module); `from a import b` gives `a.b` when that
    is a module, else `a`."""
    package = module if is_package else module.rpartition(".")[0]
    out: list[tuple[ast.stmt, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.append((node, full if _is_module(full) else base))
    return out


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _module_aliases(module: str, tree: ast.Module) -> dict[str, str]:
    """Local names bound to imported modules (`import asyncio`, `from service.db import
    jobs as job_store`) -> the module."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                aliases[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if _is_module(full):
                    aliases[alias.asname or alias.name] = full
    return aliases


def _names_in(annotation: ast.expr | None) -> set[str]:
    if annotation is None:
        return set()
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return set()
    names: set[str] = set()
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


def _client_names(tree: ast.Module) -> set[str]:
    """Names that hold a GDS client or a projection handle in this module: the usual ones,
    plus parameters, variables, attributes and properties annotated with the client's types
    (`Callable[..., GraphDataScience]` is a factory, not a client: left out)."""
    names = set(CLIENT_NAMES)

    def is_client(annotation: ast.expr | None) -> bool:
        found = _names_in(annotation)
        return bool(found & CLIENT_TYPES) and "Callable" not in found

    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and is_client(node.annotation):
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and is_client(node.annotation):
            target = node.target
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute):
                names.add(target.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_client(node.returns):
            names.add(node.name)
    return names


def _chain(func: ast.expr) -> list[ast.expr]:
    """The receivers of a call, innermost first: for `self.gds.graph.drop` the nodes of
    `self`, `self.gds`, `self.gds.graph` (calls and subscripts on the way are looked through)."""
    chain: list[ast.expr] = []
    node = func.value if isinstance(func, ast.Attribute) else None
    while node is not None:
        chain.append(node)
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            node = None
    return list(reversed(chain))


def _identifier(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _names_query(text: str) -> bool:
    return QUERY_NAME.fullmatch(text) is not None and text.split("/")[0] in QUERY_FOLDERS


def _literal_text(node: ast.expr) -> str | None:
    """The text of a string literal; of an f-string, its literal parts with `{}` between."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "{}".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else ""
            for v in node.values
        )
    return None


def _query_violations(tree: ast.Module) -> list[tuple[ast.AST, str]]:
    """Query names and Cypher outside service/db (see the module's docstring)."""
    found: list[tuple[ast.AST, str]] = []
    docstrings = docstring_ids(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in docstrings:
            text = _literal_text(node)
            if text is not None and _names_query(text):
                found.append((node, f"names the query {text!r}: only service/db does"))
            elif text is not None and CYPHER.search(text):
                found.append((node, "holds Cypher: queries live in cypher/, run by service/db"))
        if not isinstance(node, ast.Call):
            continue
        function = _identifier(node.func)
        if function in QUERY_RUNNERS:
            found.append((node, f"calls {function}(): only service/db runs a query by name"))
        elif function in DATABASE_METHODS and isinstance(node.func, ast.Attribute) and node.args:
            name = _literal_text(node.args[0])
            if name is not None and (isinstance(node.args[0], ast.JoinedStr) or "/" in name):
                found.append((node, f"passes the query {name!r} to .{function}(): use service/db"))
    return found


def violations(module: str, tree: ast.Module, is_package: bool = False) -> list[Violation]:
    found: list[Violation] = []
    type_only = _type_only_nodes(tree)

    def flag(node: ast.AST, message: str) -> None:
        found.append(Violation(module, getattr(node, "lineno", 0), message))

    in_db = _within(module, "service.db")
    for statement, imported in _imports(module, tree, is_package):
        driver = any(_within(imported, p) for p in DRIVER_PACKAGES)
        allowed = any(_within(imported, p) for p in ALLOWED_DRIVER_MODULES)
        may_import = any(_within(module, p) for p in DRIVER_IMPORTERS)
        if driver and not allowed and not may_import and id(statement) not in type_only:
            flag(statement, f"imports {imported} at run time: only service/db uses the driver")
        for importer, refused in FORBIDDEN_IMPORTS.items():
            if _within(module, importer) and any(_within(imported, r) for r in refused):
                flag(
                    statement,
                    f"imports {imported}: imports go cli, app -> http -> api -> domain -> db",
                )
    if in_db:
        return found
    for node, message in _query_violations(tree):
        flag(node, message)

    modules = _module_aliases(module, tree)
    clients = _client_names(tree) - modules.keys()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "project"
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "graph"
        ):
            flag(node, "uses .graph.project: projections are made in service/db")
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        if method in QUERY_METHODS:
            flag(node, f"calls .{method}(): only service/db runs queries")
            continue
        receivers = _chain(node.func)
        names = [_identifier(r) for r in receivers]
        through_client = [n for n in names if n in clients]
        if through_client:
            direct = names[-1] in clients and method in CLIENT_LOCAL_METHODS
            if not direct:
                dotted = ".".join(n or "?" for n in [*names, method])
                flag(node, f"calls {dotted}() through the GDS client: only service/db does")
            continue
        if method == "run" and (node.args or node.keywords):
            receiver = node.func.value
            own = isinstance(receiver, ast.Name) and receiver.id in ("self", "cls")
            module_name = modules.get(receiver.id) if isinstance(receiver, ast.Name) else None
            a_module = module_name is not None and not any(
                _within(module_name, p) for p in DRIVER_PACKAGES
            )
            if not (own or a_module):
                flag(
                    node, "calls .run(...) on an object (a session?): only service/db runs queries"
                )
    return found


def _service_modules() -> list[tuple[str, Path]]:
    return [(_module_name(p), p) for p in sorted(SERVICE.rglob("*.py"))]


def test_every_service_module_is_checked() -> None:
    names = {name for name, _ in _service_modules()}
    assert {"service.db.gds", "service.analytics.projection", "service.api.schema"} <= names
    assert len(names) > 50


def test_only_the_db_layer_talks_to_neo4j_and_imports_flow_downwards() -> None:
    found = [
        str(v)
        for name, path in _service_modules()
        for v in violations(
            name, ast.parse(path.read_text(), filename=str(path)), path.name == "__init__.py"
        )
    ]
    assert found == [], "\n".join(found)


# --- the detector itself ------------------------------------------------------------------

BAD = {
    "a run-time import of the GDS client": (
        "service.analytics.x",
        "from graphdatascience import GraphDataScience",
    ),
    "a run-time import of the driver": ("service.api.x", "import neo4j"),
    "the driver's session API": ("service.ingest.x", "from neo4j import AsyncSession"),
    "run_cypher": ("service.analytics.x", "def f(client):\n    client.run_cypher('RETURN 1')"),
    "execute_query": ("service.cli", "def f(driver):\n    driver.execute_query('RETURN 1')"),
    "a session": ("service.api.x", "async def f(db):\n    async with db.driver.session(): pass"),
    "a session's run": ("service.api.x", "async def f(s, text):\n    await s.run(text, {})"),
    "a Cypher projection": (
        "service.analytics.x",
        "def f(g, q):\n    g.graph.project.cypher(q, graphName='x')",
    ),
    "an algorithm through gds": (
        "service.analytics.x",
        "def f(gds, g):\n    gds.page_rank.mutate(g, 'p')",
    ),
    "progress through self.gds": (
        "service.analytics.x",
        "def f(self):\n    self.gds.list_progress('t')",
    ),
    "a client under another name": (
        "service.analytics.x",
        "def f(client: GraphDataScience, g):\n    client.louvain.stream(g)",
    ),
    "a projection handle": ("service.analytics.x", "def f(handle: Graph):\n    handle.drop()"),
    "a client from a property": (
        "service.analytics.x",
        "class W:\n    @property\n    def client(self) -> GraphDataScience: ...\n"
        "    def f(self):\n        self.client.wcc.mutate(g, 'c')",
    ),
    "the db layer importing the domain": ("service.db.x", "from service.ingest import records"),
    "the db layer importing the API": ("service.db.x", "import service.api.types"),
    "a relative import of the domain in db": ("service.db.x", "from ..ingest import records"),
    "the domain importing the API": ("service.analytics.x", "from service.api import errors"),
    "the domain importing the HTTP layer": ("service.ingest.x", "from service.http import view"),
    "the GraphQL layer importing the HTTP layer": (
        "service.api.x",
        "from service.http.authentication import NOBODY",
    ),
    "a type-only import of the API in db": (
        "service.db.x",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from service.api import types",
    ),
    "a driver import in the local server's launcher": ("service.localdb.x", "import neo4j"),
    "a query name read through the Database": (
        "service.app",
        "async def f(db):\n    return await db.probe('job/count_by_status')",
    ),
    "a query name in a variable": (
        "service.analytics.x",
        "QUERY = 'analytics/person_signals'\nasync def f(db):\n    return await db.read(QUERY)",
    ),
    "a query name of the tests": ("service.api.x", "def f(x):\n    return x('test/mentions')"),
    "an f-string query name": (
        "service.ingest.x",
        "async def f(db, q):\n    await db.write(f'ingest/{q}', rows=[])",
    ),
    "a query name in a folder cypher/ lacks": (
        "service.ingest.x",
        "async def f(db):\n    await db.write('nowhere/merge', rows=[])",
    ),
    "run_query": (
        "service.analytics.x",
        "from service.db.gds import run_query\ndef f(gds, q):\n    run_query(gds, q, 'x')",
    ),
    "run_query through the module": (
        "service.analytics.x",
        "from service.db import gds as g\ndef f(c, q, name):\n    g.run_query(c, q, name)",
    ),
    "a Cypher projection by name": (
        "service.analytics.x",
        "from service.db import gds as g\ndef f(c, q, n):\n    g.project_cypher(c, q, n, 'x')",
    ),
    "a MATCH pattern": ("service.api.x", "TEXT = 'MATCH (p:Person {id: $id}) RETURN p'"),
    "a procedure call": ("service.analytics.x", "TEXT = 'CALL gds.graph.list() YIELD graphName'"),
    "a subquery": ("service.analytics.x", "TEXT = 'CALL (p) { RETURN 1 AS x }'"),
    "an UNWIND": ("service.ingest.x", "TEXT = 'UNWIND $rows AS row SET row.x = 1'"),
    "a bare RETURN": ("service.api.x", "def f(s):\n    s('RETURN 1')"),
    "Cypher in an f-string": ("service.api.x", "def f(label):\n    return f'MERGE (n:{label})'"),
    "a multi-line statement": ("service.api.x", "TEXT = 'WITH $x AS x\\nRETURN x'"),
}

GOOD = [
    """
import asyncio
import subprocess
from typing import TYPE_CHECKING
from neo4j.exceptions import Neo4jError
from service.db import query_files
from service.db import gds as gds_db
if TYPE_CHECKING:
    from graphdatascience import Graph, GraphDataScience

def f(gds: GraphDataScience, graph: Graph, analysis, factory: Callable[[], GraphDataScience]):
    asyncio.run(main())
    subprocess.run(["ls"], check=True)
    query_files.run(db, "x", {})
    analysis.run()
    gds_db.drop_graph(gds, "x")
    projections.project_topic(gds, queries, "influence-j1", params)
    client = factory()
    out.write("\\n")
    log.info("wrote %s", "people/ids")
    raise AnalysisError("MATCH the topic first, then CALL it again; RETURN soon")
    gds.close()
    return graph

class App:
    def go(self, request):
        return self.run(request)
""",
    # `gds` here is the db module, not a client; docstrings may name queries and show Cypher.
    """
from service.db import gds

def g(client):
    \"\"\"Like analytics/rankings, which runs `MATCH (p:Person) RETURN p`.\"\"\"
    return gds.offered_procedures(client, queries)
""",
]


@pytest.mark.parametrize("case", list(BAD))
def test_the_detector_flags(case: str) -> None:
    module, source = BAD[case]
    assert violations(module, ast.parse(source)), case


@pytest.mark.parametrize("source", GOOD)
def test_the_detector_passes_what_keeps_to_the_layers(source: str) -> None:
    assert violations("service.analytics.x", ast.parse(source)) == []
