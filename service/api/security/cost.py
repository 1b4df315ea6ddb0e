"""The cost model: how much work an operation asks for, computed from the schema alone.

- A field that returns objects costs one per object, plus what its selection costs per object.
- A field with a `first` or `last` argument returns that many objects (its default, or the
  page-size limit, when the argument is omitted); the list fields directly inside it
  (`edges`, `nodes`) are that page, not another multiplication.
- A list field whose length an argument of its parent field sets (declared with
  `costs(n, sizes={"contributors": "people"})`) returns that many objects.
- Any other list field is assumed to return `default_list_size` objects.
- Leaves (scalars, enums) and `__typename` cost nothing.

So `people(first: 100) { edges { node { name } } }` costs 1 + 100 * 2 = 201 and each nested
connection multiplies: two nested pages of 100 cost about 20,000, three about 2,000,000.

A field may declare its own weight next to its resolver (`@strawberry.field(metadata=costs(50))`):
what one call of it costs in queries and Python, added to the objects it returns (a paged
field's weight replaces its 1). docs/security.md lists the weights; tests/unit/test_field_costs.py
fails when a field whose resolver reaches the database has none.
The same walk measures depth and aliases (fragments expanded at each use, cycles cut) and
collects the page sizes asked for and the root fields, for the limits and scopes.
Introspection (`__schema`, `__type`) is measured apart: it reads the in-memory schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)

PAGE_ARGUMENTS = ("first", "last")
# The key of a field's declared weight in its strawberry metadata (see `costs`).
COST_METADATA = "cost"


# The key of the list fields a field's arguments size (see `costs`).
SIZES_METADATA = "cost_sizes"


def costs(cost: int, sizes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A field's metadata declaring what one call of it costs (1 when undeclared), and which of
    its arguments gives the length of which list field of what it returns
    (`sizes={"contributors": "people"}`): those lists are priced at that length."""
    return {COST_METADATA: cost, SIZES_METADATA: dict(sizes or {})}


def declared_weight(field_def: Any) -> int | None:
    """The weight a GraphQL field declared through its strawberry definition, or None."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    found = metadata.get(COST_METADATA)
    return found if isinstance(found, int) else None


def declared_sizes(field_def: Any) -> Mapping[str, str]:
    """The list fields sized by this field's arguments: {list field: argument}."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    found = metadata.get(SIZES_METADATA)
    return found if isinstance(found, dict) else {}


INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class PageRequest:
    field: str
    argument: str
    value: int


@dataclass
class Measure:
    """What an operation asks for. Built by `measure_operation` and not changed afterwards:
    the guard shares one measure between the requests that repeat an operation."""

    cost: int = 0
    depth: int = 0
    aliases: int = 0
    pages: list[PageRequest] = field(default_factory=list)
    root_fields: list[str] = field(default_factory=list)
    introspection: bool = False
    introspection_depth: int = 0
    introspection_list_nesting: int = 0


@dataclass(frozen=True)
class _Part:
    cost: int
    depth: int
    aliases: int
    list_nesting: int = 0


_EMPTY = _Part(0, 0, 0)


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_list_size: int,
        max_page_size: int,
        measure: Measure,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_list_size = default_list_size
        self.max_page_size = max_page_size
        self.measure = measure
        self.memo: dict[tuple[str, bool, bool, tuple[tuple[str, int], ...]], _Part] = {}
        # The lengths the field being walked gave its list fields through its arguments.
        self.list_sizes: dict[str, int] = {}

    def selection_set(
        self,
        node: SelectionSetNode,
        parent: GraphQLNamedType,
        in_page: bool,
        introspecting: bool,
        path: frozenset[str],
    ) -> _Part:
        cost = depth = aliases = nesting = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, in_page, introspecting, path)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                part = (
                    self.selection_set(
                        selection.selection_set, condition, in_page, introspecting, path
                    )
                    if condition is not None
                    else _EMPTY
                )
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection.name.value, in_page, introspecting, path)
            else:  # pragma: no cover - the AST has no other selection kind
                part = _EMPTY
            cost += part.cost
            depth = max(depth, part.depth)
            aliases += part.aliases
            nesting = max(nesting, part.list_nesting)
        return _Part(cost, depth, aliases, nesting)

    def spread(self, name: str, in_page: bool, introspecting: bool, path: frozenset[str]) -> _Part:
        fragment = self.fragments.get(name)
        if fragment is None or name in path:  # unknown or cyclic: validation reports it
            return _EMPTY
        key = (name, in_page, introspecting, tuple(sorted(self.list_sizes.items())))
        if key not in self.memo:
            condition = self.schema.get_type(fragment.type_condition.name.value)
            self.memo[key] = (
                self.selection_set(
                    fragment.selection_set, condition, in_page, introspecting, path | {name}
                )
                if condition is not None
                else _EMPTY
            )
        return self.memo[key]

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        in_page: bool,
        introspecting: bool,
        path: frozenset[str],
    ) -> _Part:
        name = node.name.value
        aliases = 1 if node.alias else 0
        if name == "__typename":
            return _Part(0, 1, aliases)
        if name in INTROSPECTION_FIELDS:
            self.measure.introspection = True
            field_def = SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
            introspecting = True
        elif isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field_def = parent.fields.get(name)
        else:
            field_def = None
        if field_def is None:  # unknown field: validation reports it
            return _Part(0, 1, aliases)

        returns = field_def.type
        if isinstance(returns, GraphQLNonNull):
            returns = returns.of_type
        is_list = isinstance(returns, GraphQLList)
        named = get_named_type(returns)

        paged = any(arg in field_def.args for arg in PAGE_ARGUMENTS)
        if paged:
            size = self.page_size(node, field_def.args, f"{parent.name}.{name}")
        elif is_list and name in self.list_sizes:
            size = self.list_sizes[name]
        elif is_list:
            size = 1 if in_page else self.default_list_size
        else:
            size = 1

        if node.selection_set is None:  # a leaf costs only what it declares
            return _Part(0 if introspecting else declared_weight(field_def) or 0, 1, aliases)
        outer, self.list_sizes = self.list_sizes, self.sized_lists(node, field_def)
        try:
            child = self.selection_set(node.selection_set, named, paged, introspecting, path)
        finally:
            self.list_sizes = outer
        nesting = child.list_nesting + (1 if is_list else 0)
        if introspecting:
            return _Part(0, 1 + child.depth, aliases + child.aliases, nesting)
        own = declared_weight(field_def)
        # A page: its weight (or 1) plus its rows. Otherwise one call returning `size` objects.
        cost = (own or 1) + size * child.cost if paged else (own or 0) + size * (1 + child.cost)
        return _Part(cost, 1 + child.depth, aliases + child.aliases, nesting)

    def sized_lists(self, node: FieldNode, field_def: Any) -> dict[str, int]:
        """{list field: length} from this field's size arguments (given, else their default)."""
        given = {a.name.value: self.argument_value(a.value) for a in node.arguments or ()}
        sizes: dict[str, int] = {}
        for list_field, argument in declared_sizes(field_def).items():
            value = given.get(argument, field_def.args[argument].default_value)
            if isinstance(value, int) and not isinstance(value, bool):
                sizes[list_field] = max(value, 0)
        return sizes

    def page_size(self, node: FieldNode, args: Mapping[str, Any], where: str) -> int:
        given: dict[str, Any] = {}
        for argument in node.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                given[argument.name.value] = self.argument_value(argument.value)
        sizes: list[int] = []
        for name in PAGE_ARGUMENTS:
            if name not in args:
                continue
            value = given.get(name, args[name].default_value)
            if isinstance(value, int) and not isinstance(value, bool):
                self.measure.pages.append(PageRequest(where, name, value))
                sizes.append(max(value, 0))
        return max(sizes) if sizes else self.max_page_size

    def argument_value(self, value: Any) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        return value_from_ast_untyped(value, dict(self.variables))


def measure_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    default_list_size: int,
    max_page_size: int,
) -> Measure:
    measure = Measure()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    values = dict(_variable_defaults(operation))
    values.update(variables or {})
    walker = _Walker(schema, fragments, values, default_list_size, max_page_size, measure)
    root = schema.get_root_type(operation.operation)
    if root is None:
        return measure
    for name in _root_field_names(operation.selection_set, fragments, set()):
        if name not in INTROSPECTION_FIELDS and name != "__typename":
            measure.root_fields.append(f"{root.name}.{name}")
    ordinary, introspective = _split_introspection(operation.selection_set)
    part = walker.selection_set(ordinary, root, False, False, frozenset())
    measure.cost, measure.depth, measure.aliases = part.cost, part.depth, part.aliases
    if introspective.selections:
        inner = walker.selection_set(introspective, root, False, True, frozenset())
        measure.introspection_depth = inner.depth
        measure.introspection_list_nesting = inner.list_nesting
        measure.aliases += inner.aliases
    return measure


def _variable_defaults(operation: OperationDefinitionNode) -> list[tuple[str, Any]]:
    return [
        (d.variable.name.value, value_from_ast_untyped(d.default_value))
        for d in operation.variable_definitions or ()
        if d.default_value is not None
    ]


def _root_field_names(
    node: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: set[str]
) -> list[str]:
    """Root field names, through fragments; each fragment is expanded once."""
    names: list[str] = []
    for selection in node.selections:
        if isinstance(selection, FieldNode):
            names.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names += _root_field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                seen.add(name)
                names += _root_field_names(fragments[name].selection_set, fragments, seen)
    return list(dict.fromkeys(names))


def _split_introspection(node: SelectionSetNode) -> tuple[SelectionSetNode, SelectionSetNode]:
    """Root selections apart from `__schema`/`__type` ones, and those ones."""
    plain = [
        s
        for s in node.selections
        if not (isinstance(s, FieldNode) and s.name.value in INTROSPECTION_FIELDS)
    ]
    intro = [
        s
        for s in node.selections
        if isinstance(s, FieldNode) and s.name.value in INTROSPECTION_FIELDS
    ]
    return SelectionSetNode(selections=tuple(plain)), SelectionSetNode(selections=tuple(intro))
