"""Size limits that keep the code readable: no module in service/ over 400 lines, no function
over 60 lines (decorators and docstring included). A module or function that outgrows them
is split by what it does, not granted an exception."""

from __future__ import annotations

import ast
from pathlib import Path

from service.settings import PROJECT_ROOT

SERVICE = PROJECT_ROOT / "service"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def long_functions(tree: ast.AST, limit: int) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                found.append((node.name, length))
    return found


def modules() -> list[Path]:
    return sorted(SERVICE.rglob("*.py"))


def test_no_module_is_over_the_limit() -> None:
    found = {
        str(p.relative_to(PROJECT_ROOT)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert found == {}


def test_no_function_is_over_the_limit() -> None:
    found = {
        f"{p.relative_to(PROJECT_ROOT)}:{name}": n
        for p in modules()
        for name, n in long_functions(ast.parse(p.read_text()), MAX_FUNCTION_LINES)
    }
    assert found == {}


def test_the_function_check_counts_decorators_and_bodies() -> None:
    source = "@decorator\ndef f():\n" + "    x = 1\n" * 60
    assert long_functions(ast.parse(source), 60) == [("f", 62)]
    assert long_functions(ast.parse(source), 62) == []
