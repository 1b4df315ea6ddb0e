"""How graphql-core executes the schema: strawberry's execution context with a short path for
plain leaf fields.

Most fields of a response are scalars or enums read straight off their object (`rank`,
`score`, `person.name`...): strawberry gives them a resolver that only reads the attribute.
graphql-core still builds a resolve info for each, checks the result for awaitables twice
and completes it through the non-null and leaf steps, which costs more than the reading.
For such a field this context reads the attribute with strawberry's own resolver and
completes it with graphql-core's own leaf step, with the same errors (a null in a non-null
field, a value the scalar cannot serialise). Any other field, or any field when a resolve
middleware is installed (tracing), goes the usual way.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined
from graphql.pyutils.undefined import UndefinedType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class _PlainLeaf(NamedTuple):
    field: GraphQLField
    leaf: GraphQLLeafType
    non_null: bool


def plain_leaf(field: GraphQLField | None) -> _PlainLeaf | None:
    """The field's leaf type when strawberry resolves it by reading the attribute alone
    (no resolver, permission or field extension) and it returns a scalar or an enum."""
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    output: GraphQLOutputType = field.type
    non_null = isinstance(output, GraphQLNonNull)
    leaf = output.of_type if isinstance(output, GraphQLNonNull) else output
    if not is_leaf_type(leaf):
        return None
    return _PlainLeaf(field, leaf, non_null)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Per operation, as graphql-core makes one; the plan of each (type, field) is kept
    for the schema's lifetime in `plans` (one dict per schema: see `execution_context`)."""

    plans: dict[tuple[str, str], _PlainLeaf | None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry always passes a middleware manager; it changes resolvers only when an
        # extension resolves fields (tracing does).
        manager = self.middleware_manager
        self.short_path = manager is None or manager.get_field_resolver(_probe) is _probe

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any | UndefinedType:
        node = field_details_list[0].node
        key = (parent_type.name, node.name.value)
        try:
            plan = self.plans[key]
        except KeyError:
            plan = self.plans[key] = plain_leaf(self.schema.get_field(parent_type, key[1]))
        if plan is None or not self.short_path or node.arguments:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        try:
            result = plan.field.resolve(source, None)  # type: ignore[misc]
            if self.is_awaitable(result):  # not expected of an attribute, but allowed
                info = self.build_resolve_info(
                    plan.field, to_nodes(field_details_list), parent_type, path
                )
                return self.complete_awaitable_value(
                    plan.field.type, field_details_list, info, path, result, position_context
                )
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if plan.non_null:
                    raise TypeError(
                        f"Cannot return null for non-nullable field {parent_type}.{key[1]}."
                    )
                return None
            return self.complete_leaf_value(plan.leaf, result)
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.field.type, field_details_list, path)
            return None


def _probe(source: Any, info: Any) -> Any:
    return None


def execution_context() -> type[ExecutionContext]:
    """A context class for one schema, with its own plan cache."""
    return type("ExecutionContext", (ExecutionContext,), {"plans": {}})
