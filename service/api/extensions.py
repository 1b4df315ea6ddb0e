"""Schema extensions: error shaping (mask the unexpected, keep the actionable) and metrics."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from graphql import GraphQLError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors, SchemaExtension

from service.api.errors import (
    DATABASE_UNAVAILABLE,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_ERROR,
    MEMORY_LIMIT_EXCEEDED,
    TIMEOUT,
    ApiError,
    ErrorCode,
)
from service.api.graphql_errors import with_code
from service.db.database import QueryMemoryLimitExceeded, QueryTimedOut
from service.db.driver import DatabaseUnavailable
from service.telemetry.request_id import current_request_id

log = logging.getLogger("influence_graph.api")


# Failures of the database that a client can act on (retry later, ask for less).
_KNOWN_FAILURES: tuple[tuple[tuple[type[BaseException], ...], ErrorCode, str], ...] = (
    (
        (ServiceUnavailable, SessionExpired, DatabaseUnavailable),
        DATABASE_UNAVAILABLE,
        "The graph database is unavailable; retry later.",
    ),
    (
        (QueryMemoryLimitExceeded,),
        MEMORY_LIMIT_EXCEEDED,
        "The query needs more memory than the database allows one transaction; ask for less.",
    ),
    ((QueryTimedOut,), TIMEOUT, "The query ran out of time in the database; ask for less."),
)


def _known_failure(original: BaseException | None) -> tuple[ErrorCode, str] | None:
    for kinds, code, message in _KNOWN_FAILURES:
        if isinstance(original, kinds):
            return code, message
    return None


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error: a syntax or validation error, which is the client's to fix.
    return original is not None and not isinstance(original, ApiError | GraphQLError)


class ErrorShaping(MaskErrors):
    """Unexpected errors become INTERNAL_ERROR with a request id; they are logged in full."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return self.shape(errors, self.execution_context.context)

    def shape(self, errors: list[GraphQLError], context: object) -> list[GraphQLError]:
        """Each error masked when unexpected, else given its code (graphql_errors) and, with
        FIELD_SUGGESTIONS off, stripped of suggestions. Also run on what Schema.execute
        returns: an error thrown while parsing skips the extensions' hooks."""
        settings = getattr(context, "settings", None)
        suggestions = bool(getattr(settings, "field_suggestions", False))
        return [
            e
            if (e.extensions or {}).get("code") and suggestions
            else self.anonymise_error(e)
            if is_unexpected(e)
            else with_code(e, suggestions)
            for e in errors
        ]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id.get()
        original = error.original_error
        where = ".".join(str(p) for p in error.path or ())
        known = _known_failure(original)
        if known is not None:
            code, message = known
            extensions = code.extensions(requestId=request_id)
            log.warning("%s in %s: %s", code, where, original, extra={"requestId": request_id})
        else:
            extensions = INTERNAL_ERROR.extensions(requestId=request_id)
            message = self.error_message
            log.error(
                "unexpected error in %s", where, exc_info=original, extra={"requestId": request_id}
            )
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )


class OperationMetrics(SchemaExtension):
    """Latency per operation and errors per code, into the app's Metrics."""

    def on_operation(self) -> Iterator[None]:
        start = time.perf_counter()
        yield
        ctx = self.execution_context
        metrics = getattr(ctx.context, "metrics", None)
        if metrics is None:
            return
        name = ctx.operation_name or "anonymous"
        kind = ctx.operation_type.value if ctx.operation_type else "unknown"
        metrics.graphql_operations.labels(operation=name, type=kind).observe(
            time.perf_counter() - start
        )
        result = ctx.result
        for error in getattr(result, "errors", None) or ():
            code = (error.extensions or {}).get("code", GRAPHQL_VALIDATION_FAILED.name)
            metrics.graphql_errors.labels(operation=name, code=str(code)).inc()


class OperationOutcome(SchemaExtension):
    """Notes each operation's type and whether it had errors in the context's `outcomes`."""

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        outcomes = getattr(ctx.context, "outcomes", None)
        if outcomes is None:
            return
        try:
            kind = ctx.operation_type.value
        except RuntimeError:  # no operation could be selected from the document
            kind = "unknown"
        outcomes.append((kind, bool(getattr(ctx.result, "errors", None))))
