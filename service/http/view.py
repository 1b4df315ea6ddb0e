"""The GraphQL view: strawberry's ASGI app with the service's hooks.

- Every operation gets a fresh Context (and fresh DataLoaders) carrying the caller that
  Authentication found and the request's cost budget.
- GraphQL over HTTP: `application/graphql-response+json` when the client accepts it (a
  document refused before it ran then answers 400 without `data`), else `application/json`
  (200); a mutation sent with GET is 405 with `Allow: POST`.
- Each operation runs within EXECUTION_TIMEOUT (TIMEOUT).
- WebSockets speak graphql-transport-ws only; a key may come in connection_init.
"""

from __future__ import annotations

import asyncio
import json
import logging

import orjson
import strawberry
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from service.api.context import Context
from service.api.errors import TIMEOUT, UNAUTHENTICATED, Rejection
from service.api.loaders import Loaders
from service.api.security.limits import Budget, Limits
from service.api.security.refusals import Refusals
from service.db.database import Database
from service.http.authentication import (
    NOBODY,
    WS_CLOSE_CODES,
    Authenticator,
    key_in_connection_params,
    principal_in,
)
from service.http.http_refusals import http_refusal
from service.http.rate_limit import Throttle
from service.http.websocket import TransportWSHandler, WebSocketRefused
from service.settings import Settings
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
log = logging.getLogger("influence_graph.api")
# on_ws_connect's answer that acknowledges connection_init without a payload.
NO_ACK_PAYLOAD: UnsetType = UNSET


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(
        self,
        schema: strawberry.Schema,
        db: Database,
        settings: Settings,
        metrics: Metrics,
        *,
        authenticator: Authenticator,
        throttle: Throttle,
        refusals: Refusals,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            # The legacy graphql-ws protocol is off: one protocol, the maintained one.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
        )
        self.db = db
        self.settings = settings
        self.metrics = metrics
        self.refusals = refusals
        self.limits = Limits.from_settings(settings)
        self.authenticator = authenticator
        self.throttle = throttle

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive))
        except HTTPException as exc:
            rejection = http_refusal(exc, self.settings.field_suggestions)
            response = JSONResponse(rejection.body(), rejection.status, rejection.headers)
        await response(scope, receive, send)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        context = Context(
            db=self.db,
            settings=self.settings,
            loaders=Loaders(self.db),
            request_id=current_request_id.get() or "",
            principal=principal_in(request.scope) or NOBODY,
            budget=Budget(self.limits, shared=request.scope["type"] == "http"),
            metrics=self.metrics,
            refusals=self.refusals,
        )
        if request.scope["type"] == "http":  # the response cache reads its outcomes
            request.scope.setdefault("state", {})["context"] = context
        return context

    def encode_json(self, data: object) -> str:
        # orjson: several times faster than the standard library on large responses. Text,
        # not bytes: graphql-transport-ws messages must go out as text frames.
        try:
            return orjson.dumps(data).decode()
        except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits echoed in an error
            return json.dumps(data, separators=(",", ":"))

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """connection_init: a key in its payload is checked like a request's (and then is the
        caller); without one the handshake's caller stays, unless there was none."""
        token = key_in_connection_params(context.connection_params or {})
        if token is None:
            if context.principal is NOBODY:
                self.refusals.note(UNAUTHENTICATED.name, "missing_key", None)
                raise WebSocketRefused(WS_CLOSE_CODES[401], UNAUTHENTICATED.name)
            return NO_ACK_PAYLOAD
        try:
            context.principal = await self.authenticator.identify(token)
            self.throttle.spend(context.principal, {})
        except Rejection as rejection:
            code = WS_CLOSE_CODES[rejection.status]
            raise WebSocketRefused(code, rejection.code.name) from None
        return NO_ACK_PAYLOAD

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        if GRAPHQL_RESPONSE_JSON in request.headers.get("accept", ""):
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = process_result(result)
        sub_response: Response = request.state.sub_response
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON and _is_request_error(result):
            body.pop("data", None)
            sub_response.status_code = 400
        return body

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        return response

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        limit = self.settings.execution_timeout
        # As strawberry's own, but a subscription runs on the WebSocket only.
        allowed = OperationType.from_http(request_adapter.method) - {OperationType.SUBSCRIPTION}
        try:
            async with asyncio.timeout(limit):
                return await self.schema.execute(
                    request_data.query,
                    root_value=root_value,
                    variable_values=request_data.variables,
                    context_value=context,
                    operation_name=request_data.operation_name,
                    allowed_operation_types=allowed,
                    operation_extensions=request_data.extensions,
                )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason(request_adapter.method)) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "No GraphQL query found in the request") from exc
        except TimeoutError:
            log.warning("operation %s timed out after %ss", request_data.operation_name, limit)
            error = TIMEOUT.error(f"The operation did not finish within {limit:g} s.", limit=limit)
            return ExecutionResult(data=None, errors=[error])


def _is_request_error(result: ExecutionResult) -> bool:
    """A parse or validation failure: nothing executed, so no error has a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)
