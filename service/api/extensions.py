"""Schema extensions: error shaping (mask the unexpected, keep the actionable) and metrics."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from graphql import GraphQLError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors, SchemaExtension

from service.api.errors import ApiError, DatabaseUnavailableError
from service.telemetry.request_id import current_request_id

log = logging.getLogger("influence_graph.api")


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error: a syntax or validation error, which is the client's to fix.
    return original is not None and not isinstance(original, ApiError | GraphQLError)


class ErrorShaping(MaskErrors):
    """Unexpected errors become INTERNAL_ERROR with a request id; they are logged in full."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id.get()
        original = error.original_error
        if isinstance(original, ServiceUnavailable | SessionExpired):
            unavailable = DatabaseUnavailableError(
                "The graph database is unavailable; retry later."
            )
            extensions = {**unavailable.extensions, "requestId": request_id}
            message = str(unavailable)
        else:
            extensions = {"code": "INTERNAL_ERROR", "requestId": request_id}
            message = self.error_message
        log.error(
            "unexpected error in %s",
            ".".join(str(p) for p in error.path or ()),
            exc_info=original,
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
            code = (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
            metrics.graphql_errors.labels(operation=name, code=str(code)).inc()
