"""strawberry's own refusals (an HTTPException with a plain-text reason) as Rejections: JSON,
with a code from the registry, like every other error of the service."""

from __future__ import annotations

from cross_web import HTTPException
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from service.api.errors import (
    BAD_REQUEST,
    METHOD_NOT_ALLOWED,
    SUBSCRIPTION_OVER_HTTP,
    UNSUPPORTED_MEDIA_TYPE,
    Rejection,
)
from service.api.graphql_errors import without_suggestions


def http_refusal(exc: HTTPException, suggestions: bool) -> Rejection:
    cause = exc.__cause__
    if isinstance(cause, InvalidOperationTypeError):
        if cause.operation_type is OperationType.SUBSCRIPTION:
            return Rejection(
                SUBSCRIPTION_OVER_HTTP,
                "Subscriptions run on the WebSocket (graphql-transport-ws), not over HTTP.",
            )
        # GraphQL over HTTP: a mutation sent with GET is 405 Method Not Allowed.
        return Rejection(
            METHOD_NOT_ALLOWED, "A mutation must be sent with POST.", headers={"Allow": "POST"}
        )
    if isinstance(cause, CannotGetOperationTypeError):
        return Rejection(
            BAD_REQUEST,
            "No operation to run: name one of the document's operations in `operationName`.",
            field="operationName",
        )
    if exc.status_code == 405:
        return Rejection(
            METHOD_NOT_ALLOWED, "/graphql takes GET and POST.", headers={"Allow": "GET, POST"}
        )
    if exc.status_code == 415 or exc.reason == "Unsupported content type":
        return Rejection(UNSUPPORTED_MEDIA_TYPE, "A POST body to /graphql must be JSON.")
    if exc.status_code == 404:  # a browser's GET while GraphiQL is off
        return Rejection(BAD_REQUEST, "No GraphQL query in the request (GraphiQL is off).")
    reason = exc.reason if suggestions else without_suggestions(exc.reason)
    return Rejection(BAD_REQUEST, reason)
