"""graphql-core's own errors, given their code from the registry: syntax errors are
GRAPHQL_PARSE_FAILED (the parser's token limit MAX_TOKENS_EXCEEDED), variable coercion
BAD_VARIABLES, any other error without a code or a path (a validation rule's)
GRAPHQL_VALIDATION_FAILED. With FIELD_SUGGESTIONS off (production) "Did you mean ...?" is cut
from every message, so that they do not reveal the schema's names while introspection is off.
"""

from __future__ import annotations

import re

from graphql import GraphQLError, GraphQLSyntaxError

from service.api.errors import (
    BAD_VARIABLES,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    MAX_TOKENS_EXCEEDED,
    ErrorCode,
)

_SUGGESTION = re.compile(r"\s*Did you mean\b[^?]*\?")
# strawberry's scalars echo the value's Python repr and the parser's exception text.
_SCALAR_DETAIL = re.compile(r'(Value cannot represent an? \w+): ".*', re.S)
# graphql-core's coercion of variable values (execution/values.py), not its validation rules.
_COERCION = re.compile(
    r"^Variable '\$[^']*' (?:has invalid value|got invalid value|of required type '[^']*' was "
    r"not provided|of non-null type '[^']*' must not be null)"
)
_TOKEN_LIMIT = re.compile(r"Document contains more than (\d+) tokens")


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)


def with_code(error: GraphQLError, suggestions: bool) -> GraphQLError:
    """`error` with a code when it has none, and without suggestions unless they are on."""
    message = _SCALAR_DETAIL.sub(r"\1 (the type or format is wrong).", error.message)
    message = message if suggestions else without_suggestions(message)
    extensions = dict(error.extensions or {})
    if "code" not in extensions:
        code, details = _code_of(error)
        extensions = code.extensions(**details)
    elif message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=extensions,
    )


def _code_of(error: GraphQLError) -> tuple[ErrorCode, dict[str, int]]:
    if isinstance(error, GraphQLSyntaxError):
        over = _TOKEN_LIMIT.search(error.message)
        if over is not None:
            limit = int(over.group(1))
            return MAX_TOKENS_EXCEEDED, {"limit": limit, "tokens": limit + 1}
        return GRAPHQL_PARSE_FAILED, {}
    if _COERCION.match(error.message):
        return BAD_VARIABLES, {}
    return GRAPHQL_VALIDATION_FAILED, {}
