"""Every field whose resolver reaches the database declares its cost (issue 17).

The test walks the served schema; for each field with a resolver it follows the resolver's
code (and the project functions it calls, a few levels deep) looking for the request's
database or loaders (`context.db`, `context.loaders`) or a call into `service.db` /
`service.analytics`. Such a field must carry `metadata=costs(n)` (service/api/security/cost.py),
so the cost check prices it by what it runs, not as a free field.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, OperationDefinitionNode, parse

from service.api.schema import schema
from service.api.security.cost import declared_weight, measure_operation

DATA_MODULES = ("service.db", "service.analytics")
REQUEST_DATA = ("db", "loaders")
DEPTH = 4


def _fields() -> Iterator[tuple[str, GraphQLField]]:
    for type_ in schema._schema.type_map.values():
        if isinstance(type_, GraphQLObjectType) and not type_.name.startswith("__"):
            for name, field in type_.fields.items():
                yield f"{type_.name}.{name}", field


def _resolver(field: GraphQLField) -> Callable[..., Any] | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    resolver = getattr(definition, "base_resolver", None)
    return getattr(resolver, "wrapped_func", None)


def reaches_data(fn: Callable[..., Any], depth: int = DEPTH, seen: set[int] | None = None) -> bool:
    seen = seen if seen is not None else set()
    if id(fn) in seen or depth < 0:
        return False
    seen.add(id(fn))
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError):
        return False
    scope = getattr(fn, "__globals__", {})
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in REQUEST_DATA
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "context"
        ):
            return True
        if isinstance(node, ast.Name) and node.id in scope:
            target = scope[node.id]
            module = str(getattr(target, "__module__", None) or getattr(target, "__name__", ""))
            if inspect.ismodule(target) and module.startswith(DATA_MODULES):
                return True
            if callable(target) and module.startswith(DATA_MODULES):
                return True
            if (
                inspect.isfunction(target)
                and module.startswith("service.")
                and reaches_data(target, depth - 1, seen)
            ):
                return True
    return False


def test_the_finder_sees_direct_and_indirect_database_use() -> None:
    def direct(info: Any) -> Any:
        return info.context.db

    def through_loaders(info: Any) -> Any:
        return info.context.loaders.person

    def pure(self: Any) -> int:
        return len(str(self))

    assert reaches_data(direct)
    assert reaches_data(through_loaders)
    assert not reaches_data(pure)
    # Indirect: Contributor.person calls types.person_by_id, which uses the loaders.
    person = dict(_fields())["Contributor.person"]
    resolver = _resolver(person)
    assert resolver is not None
    assert reaches_data(resolver)


def test_every_field_that_runs_queries_declares_its_cost() -> None:
    reaching = {
        name: field
        for name, field in _fields()
        if (resolver := _resolver(field)) is not None and reaches_data(resolver)
    }
    assert len(reaching) >= 10, sorted(reaching)  # the finder still finds the known ones
    undeclared = sorted(n for n, f in reaching.items() if declared_weight(f) is None)
    assert undeclared == [], (
        "fields that run queries without a declared cost (add metadata=costs(n) and list "
        f"it in docs/security.md): {undeclared}"
    )


def test_the_expensive_fields_weigh_more_than_a_plain_field() -> None:
    fields = dict(_fields())
    for name in ("Influence.explanation", "Query.influencePath", "Community.members"):
        found = declared_weight(fields[name])
        assert found is not None, name
        assert found > 1, name


def _explanation_cost(people: int | None, interactions: int | None) -> int:
    given = {"people": people, "interactions": interactions}
    arguments = ", ".join(f"{k}: {v}" for k, v in given.items() if v is not None)
    query = (
        'query { influencers(topic: "t", first: 10) { edges { node { '
        f"explanation{f'({arguments})' if arguments else ''} {{ "
        "contributors { weight } interactions { weight } } } } } }"
    )
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    measure = measure_operation(
        schema._schema, document, operation, None, default_list_size=20, max_page_size=100
    )
    return measure.cost


def test_explanation_is_priced_by_the_people_and_interactions_it_asks_for() -> None:
    # Each contributor or interaction is one object per row: 10 rows on the page.
    assert _explanation_cost(50, 50) - _explanation_cost(5, 5) == 10 * (45 + 45)
    assert _explanation_cost(50, 5) - _explanation_cost(5, 5) == 10 * 45
    assert _explanation_cost(5, 50) - _explanation_cost(5, 5) == 10 * 45
    assert _explanation_cost(None, None) == _explanation_cost(5, 5)  # the defaults
