"""Per-operation limits, checked while the document is validated, before anything runs.

`OperationGuard` is a schema extension: for every operation (HTTP, batched, WebSocket) it
validates the document, measures the operation (see cost.py) and refuses it with one GraphQL
error per limit crossed, each with `extensions.code`, the limit and the value found:
MAX_DEPTH_EXCEEDED, MAX_ALIASES_EXCEEDED, MAX_COST_EXCEEDED, PAGE_SIZE_EXCEEDED,
INTROSPECTION_DISABLED, INTROSPECTION_TOO_COMPLEX, and FORBIDDEN when the caller lacks a root
field's scope. Successful responses report `extensions.cost` {requested, limit}.
Token counting (MAX_TOKENS_EXCEEDED) happens before parsing, in `count_tokens`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    Source,
    TokenKind,
)
from graphql.language.lexer import Lexer
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from service.api.errors import (
    FORBIDDEN,
    INTROSPECTION_DISABLED,
    INTROSPECTION_TOO_COMPLEX,
    MAX_ALIASES_EXCEEDED,
    MAX_COST_EXCEEDED,
    MAX_DEPTH_EXCEEDED,
    MAX_TOKENS_EXCEEDED,
    PAGE_SIZE_EXCEEDED,
    Rejection,
)
from service.api.lru import Lru
from service.api.security.cost import Measure, measure_operation
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal, required_scope
from service.settings import Settings

# The standard introspection query (GraphiQL's) nests 13 fields deep and 3 lists deep
# (types → fields → args); deeper asks cost more than a schema is worth.
INTROSPECTION_MAX_DEPTH = 15
INTROSPECTION_MAX_LIST_NESTING = 3


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_cost: int
    max_page_size: int
    default_list_size: int
    introspection: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_cost=settings.max_cost,
            max_page_size=settings.max_page_size,
            default_list_size=settings.default_list_size,
            introspection=settings.introspection,
        )


@dataclass
class Budget:
    """The cost budget of one request; a batch's operations share it."""

    limits: Limits
    spent: int = 0
    # False on a WebSocket connection: each of its operations has the whole budget.
    shared: bool = True


def count_tokens(text: str, stop_after: int) -> int:
    """Lexical tokens of a GraphQL document (comments excluded), counting up to stop_after + 1.

    A document that does not lex is left for the parser to report.
    """
    lexer = Lexer(Source(text))
    count = 0
    try:
        while count <= stop_after and lexer.advance().kind is not TokenKind.EOF:
            count += 1
    except GraphQLError:
        pass
    return count


class TokenScreen:
    """Counts a document's tokens against max_tokens, remembering the last `remembered`
    documents found within it: clients send the same few documents again and again, and
    lexing one cost about 3% of a ranking page's CPU. Over-limit documents are not kept."""

    def __init__(self, max_tokens: int, remembered: int = 512) -> None:
        self.max_tokens = max_tokens
        self._within: Lru[str, bool] = Lru(remembered)

    def excess(self, text: str) -> int | None:
        """None when `text` is within the limit, else its token count (max_tokens + 1 or so)."""
        if self._within.get(text):
            return None
        tokens = count_tokens(text, self.max_tokens)
        if tokens > self.max_tokens:
            return tokens
        self._within.put(text, True)
        return None

    def check(self, query: object) -> None:
        """Refuse a request whose `query` is a string past the limit (MAX_TOKENS_EXCEEDED);
        anything else is left to the request's other checks."""
        if isinstance(query, str) and (tokens := self.excess(query)) is not None:
            raise Rejection(
                MAX_TOKENS_EXCEEDED,
                f"The document has more than {self.max_tokens} tokens.",
                limit=self.max_tokens,
                tokens=tokens,
            )


def check_operation(
    measure: Measure, limits: Limits, spent: int, principal: Principal | None
) -> list[GraphQLError]:
    return [
        *_introspection_errors(measure, limits),
        *_size_errors(measure, limits, spent),
        *_scope_errors(measure, principal),
    ]


def _introspection_errors(measure: Measure, limits: Limits) -> list[GraphQLError]:
    if measure.introspection and not limits.introspection:
        return [INTROSPECTION_DISABLED.error("Introspection is disabled on this server.")]
    if (
        measure.introspection_depth > INTROSPECTION_MAX_DEPTH
        or measure.introspection_list_nesting > INTROSPECTION_MAX_LIST_NESTING
    ):
        return [
            INTROSPECTION_TOO_COMPLEX.error(
                f"Introspection may nest at most {INTROSPECTION_MAX_DEPTH} fields and "
                f"{INTROSPECTION_MAX_LIST_NESTING} lists deep.",
                limit=INTROSPECTION_MAX_DEPTH,
                depth=measure.introspection_depth,
                listLimit=INTROSPECTION_MAX_LIST_NESTING,
                listNesting=measure.introspection_list_nesting,
            )
        ]
    return []


def _size_errors(measure: Measure, limits: Limits, spent: int) -> list[GraphQLError]:
    errors: list[GraphQLError] = []
    if measure.depth > limits.max_depth:
        errors.append(
            MAX_DEPTH_EXCEEDED.error(
                f"The operation nests {measure.depth} fields deep; the limit is "
                f"{limits.max_depth}.",
                limit=limits.max_depth,
                depth=measure.depth,
            )
        )
    if measure.aliases > limits.max_aliases:
        errors.append(
            MAX_ALIASES_EXCEEDED.error(
                f"The operation uses {measure.aliases} aliases; the limit is {limits.max_aliases}.",
                limit=limits.max_aliases,
                aliases=measure.aliases,
            )
        )
    for page in measure.pages:
        if page.value > limits.max_page_size:
            errors.append(
                PAGE_SIZE_EXCEEDED.error(
                    f"{page.field}: `{page.argument}: {page.value}` is above the largest "
                    f"page size, {limits.max_page_size}.",
                    limit=limits.max_page_size,
                    requested=page.value,
                    field=page.field,
                    argument=page.argument,
                )
            )
    if spent + measure.cost > limits.max_cost:
        errors.append(
            MAX_COST_EXCEEDED.error(
                f"The request would cost {spent + measure.cost}; the budget is {limits.max_cost}.",
                cost=spent + measure.cost,
                limit=limits.max_cost,
            )
        )
    return errors


def _scope_errors(measure: Measure, principal: Principal | None) -> list[GraphQLError]:
    errors = []
    for root_field in measure.root_fields:
        type_name, field_name = root_field.split(".", 1)
        scope = required_scope(type_name, field_name)
        if scope is None:
            errors.append(
                FORBIDDEN.error(
                    f"{root_field} declares no scope, so nobody may call it.",
                    field=root_field,
                )
            )
        elif principal is None or not principal.allows(scope):
            who = "anonymous callers" if principal is None or principal.anonymous else "this key"
            errors.append(
                FORBIDDEN.error(
                    f"{root_field} needs the `{scope.value}` scope, which {who} lack.",
                    field=root_field,
                    requiredScope=scope.value,
                )
            )
    return errors


def _note_forbidden(
    schema: GraphQLSchema,
    errors: list[GraphQLError],
    principal: Principal | None,
    refusals: Refusals,
) -> None:
    """Log and count each FORBIDDEN refusal of a field the schema has (a field it lacks is the
    client's validation error, not a refusal)."""
    for error in errors:
        extensions = error.extensions or {}
        if extensions.get("code") != FORBIDDEN.name:
            continue
        field = str(extensions["field"])
        type_name, field_name = field.split(".", 1)
        root = schema.get_type(type_name)
        if not isinstance(root, GraphQLObjectType) or field_name not in root.fields:
            continue
        scope = extensions.get("requiredScope")
        refusals.note(
            FORBIDDEN.name,
            "missing_scope" if scope is not None else "undeclared_field",
            principal.key_id if principal is not None else None,
            field=field,
            **({"requiredScope": str(scope)} if scope is not None else {}),
        )


# Query texts that passed the standard validation rules (with those rules), most recent first.
VALIDATED: Lru[tuple[str, tuple[type[ASTValidationRule], ...]], bool] = Lru(512)


class MeasuredOperations:
    """Measures of recent operations, most recent first (bounded). A measure depends only on
    the schema, the query text, the operation in it, the variables and the list limits, and
    clients repeat the same queries with the same variables (a page polled, a profile
    reopened), so the walk runs once for each. Variables are part of the key as their JSON;
    operations with large variables (ingest batches) are measured every time."""

    MAX_VARIABLES_BYTES = 1024

    def __init__(self, size: int) -> None:
        self._measures: Lru[tuple[Any, ...], Measure] = Lru(size)

    def measure(
        self,
        schema: GraphQLSchema,
        text: str | None,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any] | None,
        default_list_size: int,
        max_page_size: int,
    ) -> Measure:
        key = self._key(schema, text, operation, variables, default_list_size, max_page_size)
        found = self._measures.get(key) if key is not None else None
        if found is None:
            found = measure_operation(
                schema, document, operation, variables, default_list_size, max_page_size
            )
            if key is not None:
                self._measures.put(key, found)
        return found

    def _key(
        self,
        schema: GraphQLSchema,
        text: str | None,
        operation: OperationDefinitionNode,
        variables: dict[str, Any] | None,
        default_list_size: int,
        max_page_size: int,
    ) -> tuple[Any, ...] | None:
        if text is None or operation.loc is None:
            return None
        try:
            encoded = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
        except (orjson.JSONEncodeError, TypeError):  # e.g. an integer beyond 64 bits
            return None
        if len(encoded) > self.MAX_VARIABLES_BYTES:
            return None
        return (schema, text, operation.loc.start, encoded, default_list_size, max_page_size)


MEASURED = MeasuredOperations(512)


def _selected(document: DocumentNode, name: str | None) -> list[OperationDefinitionNode]:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        return [op for op in operations if op.name is not None and op.name.value == name]
    return operations


class OperationGuard(SchemaExtension):
    """Validates each operation and refuses those over a limit.

    The standard rules depend only on the query text, so a text that passed them once is not
    checked again (`VALIDATED`). The limits depend on the variables, the caller and the
    budget, so every operation is checked against them; its measure, which depends only on
    the text and the variables, is kept for a repeated operation (`MEASURED`).
    """

    measured: Measure | None = None
    budget: Budget | None = None

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        self.budget = getattr(context, "budget", None)
        if self.budget is None:
            settings = getattr(context, "settings", None)
            self.budget = Budget(Limits.from_settings(settings or Settings()))
        execution.parse_options["max_tokens"] = self.budget.limits.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if document is not None and execution.pre_execution_errors is None:
            schema = execution.schema._schema
            rules = tuple(execution.validation_rules)
            if execution.query is not None and VALIDATED.get((execution.query, rules)):
                errors: list[GraphQLError] = []
            else:
                errors = validate_document(schema, document, rules)
                if not errors and execution.query is not None:
                    VALIDATED.put((execution.query, rules), True)
            errors += self._limit_errors(schema, document)
            execution.pre_execution_errors = errors
        yield

    def _limit_errors(self, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        execution = self.execution_context
        budget = self.budget
        assert budget is not None
        principal: Principal | None = getattr(execution.context, "principal", None)
        errors: list[GraphQLError] = []
        for operation in _selected(document, execution.operation_name):
            measure = MEASURED.measure(
                schema,
                execution.query,
                document,
                operation,
                execution.variables,
                budget.limits.default_list_size,
                budget.limits.max_page_size,
            )
            spent = budget.spent if budget.shared else 0
            found = check_operation(measure, budget.limits, spent, principal)
            refusals = getattr(execution.context, "refusals", None)
            if found and isinstance(refusals, Refusals):
                _note_forbidden(schema, found, principal, refusals)
            errors += found
            if not found:
                self.measured = measure
        if self.measured is not None:
            budget.spent += self.measured.cost
        return errors

    def get_results(self) -> dict[str, Any]:
        # Only operations that passed validation and ran report their cost.
        if self.measured is None or self.budget is None or self.execution_context.result is None:
            return {}
        return {"cost": {"requested": self.measured.cost, "limit": self.budget.limits.max_cost}}
