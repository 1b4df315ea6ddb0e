"""The registry of error codes (service/api/errors.py) is the only source of codes.

Checked on the source, with `ast`: outside the registry no module writes a code by hand (a
`"code"` key in a dict, an `extensions=` argument, or a string that is a code's name); every
code in the registry is used by some module; docs/api.md's table is the registry's. That a
request failing with each code is answered as documented is tests/e2e/test_error_codes.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from service.api import errors
from service.settings import PROJECT_ROOT

SERVICE = PROJECT_ROOT / "service"
REGISTRY = SERVICE / "api" / "errors.py"
DOCS = PROJECT_ROOT / "docs" / "api.md"
START, END = "<!-- error-codes:start -->", "<!-- error-codes:end -->"


def hand_written_codes(tree: ast.AST) -> list[str]:
    """Where a module makes a client-visible code without the registry."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if _is_code_key(key) and isinstance(value, ast.Constant):
                    found.append(f"line {node.lineno}: a code written in a dict")
        elif isinstance(node, ast.Call):
            if any(k.arg == "extensions" and isinstance(k.value, ast.Dict) for k in node.keywords):
                found.append(f"line {node.lineno}: extensions= written by hand")
        elif isinstance(node, ast.Constant) and node.value in errors.CODES:
            found.append(f"line {node.lineno}: the string {node.value!r}")
    return found


def _is_code_key(key: ast.expr | None) -> bool:
    return isinstance(key, ast.Constant) and key.value == "code"


def names_used(tree: ast.AST) -> set[str]:
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.alias):
            used.add(node.asname or node.name)
    return used


def service_trees() -> dict[Path, ast.AST]:
    return {
        path: ast.parse(path.read_text(), filename=str(path))
        for path in sorted(SERVICE.rglob("*.py"))
        if path != REGISTRY
    }


def test_no_module_writes_a_code_by_hand() -> None:
    found = [
        f"{path.relative_to(PROJECT_ROOT)} {where}"
        for path, tree in service_trees().items()
        for where in hand_written_codes(tree)
    ]
    assert found == [], "\n".join(found)


def test_every_code_in_the_registry_is_used() -> None:
    """Used by a module, directly or through one of the registry's helpers (not_found...)."""
    used = set().union(*(names_used(tree) for tree in service_trees().values()))
    registry = ast.parse(REGISTRY.read_text())
    for node in registry.body:
        if isinstance(node, ast.FunctionDef) and node.name in used:
            used |= names_used(node)
    assert sorted(set(errors.CODES) - used) == []


def test_docs_table_is_the_registry() -> None:
    text = DOCS.read_text()
    table = text[text.index(START) + len(START) : text.index(END)].strip()
    assert table == errors.markdown_table().strip(), "run `make docs` to regenerate it"


def test_codes_check_their_fields() -> None:
    assert errors.RATE_LIMITED.extensions(limit=1, burst=2, retryAfter=3)["code"] == "RATE_LIMITED"
    with pytest.raises(ValueError, match="missing"):
        errors.RATE_LIMITED.extensions(limit=1)
    with pytest.raises(ValueError, match="unknown"):
        errors.NOT_FOUND.extensions(secret="x")


BAD = {
    "a code in a dict": 'GraphQLError("x", extensions={"code": "NEW_CODE"})',
    "extensions by hand": 'GraphQLError("x", extensions={"limit": 3})',
    "a code in a response body": 'body = {"errors": [{"extensions": {"code": "X"}}]}',
    "a registry name as a string": 'note("FORBIDDEN", "missing_scope")',
}


@pytest.mark.parametrize("case", list(BAD))
def test_the_detector_flags(case: str) -> None:
    assert hand_written_codes(ast.parse(BAD[case])), case


def test_the_detector_passes_registry_use() -> None:
    source = 'raise ApiError(NOT_FOUND, "x", id="1")\nFORBIDDEN.error("no", field="Query.x")'
    assert hand_written_codes(ast.parse(source)) == []
