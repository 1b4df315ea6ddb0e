"""The strawberry ASGI app, behind the request-level protections.

Before GraphQL sees a request: the body size cap (413), authentication (401), the key's rate
limit (429 with Retry-After), the batch size, persisted queries and the token count. Then
strawberry parses, validates (where OperationGuard applies the per-operation limits and
scopes) and executes, each operation within the execution timeout. Every request gets a fresh
Context (and fresh DataLoaders) carrying who is calling and the request's cost budget.

Responses follow GraphQL over HTTP: `application/graphql-response+json` when the client
accepts it (request errors then answer 400 without `data`), else `application/json` (200).

WebSockets (graphql-transport-ws) pass the same gate: the key comes from the handshake headers
or, since browsers cannot set headers on a WebSocket, from the `connection_init` payload
(`{"authorization": "Bearer <key>"}` or `{"apiKey": "<key>"}`). A refused `connection_init`
closes the socket: 4403 for a missing or bad key, 4429 over the rate limit, 1013 when the key
cannot be checked. Each operation on the socket then takes a token of the caller's rate, is
checked for scopes and limits like a request, and the operations in flight are bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import orjson
import strawberry
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.types import Message, Receive, Send
from starlette.types import Scope as AsgiScope
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from service.api.context import Context
from service.api.loaders import Loaders
from service.api.response_cache import CacheKey, ResponseCache
from service.api.security.errors import Rejection
from service.api.security.keys import KeyVerifier, split_key
from service.api.security.limits import Budget, Limits, TokenScreen, limit_error
from service.api.security.persisted import PersistedQueries, load_allow_list
from service.api.security.ratelimit import RateLimiter
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal, Scope, parse_scopes
from service.db.database import Database
from service.db.driver import DatabaseUnavailable
from service.settings import Settings
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
log = logging.getLogger("influence_graph.api")
ANONYMOUS = "anonymous"
# The caller of a WebSocket whose handshake carried no key while anonymous access is off: it
# may do nothing until its connection_init payload presents a valid key.
UNAUTHENTICATED = Principal(key_id=None, name="unauthenticated", scopes=frozenset())
# Close codes of a refused connection_init: graphql-transport-ws's Forbidden, the code it uses
# for too many requests, and RFC 6455's "try again later". A handshake refused on its headers
# is closed before it is accepted (HTTP 403), with 4401 for a bad key.
WS_CLOSE_CODES = {401: 4403, 429: 4429, 503: 1013}
HANDSHAKE_CLOSE_CODES = {**WS_CLOSE_CODES, 401: 4401}
# on_ws_connect's answer that acknowledges connection_init without a payload.
NO_ACK_PAYLOAD: UnsetType = UNSET


class WebSocketRefused(Exception):
    """Raised by the connection_init hook: close the socket with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """strawberry's graphql-transport-ws handler, with the service's gate on connection_init
    (see GraphQLApp.on_ws_connect) and its limits on each operation."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except WebSocketRefused as refused:
            log.info("WebSocket connection_init refused: %s (%s)", refused.reason, refused.code)
            await self.websocket.close(code=refused.code, reason=refused.reason)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self.max_subscriptions_per_connection
        if (
            self.connection_acknowledged
            and message["id"] not in self.operations
            and limit is not None
            and len(self.operations) >= limit
        ):
            # strawberry would answer a bare "Subscription limit reached"; this one has a code.
            error = limit_error(
                f"Subscription limit reached: this connection already runs "
                f"{len(self.operations)} operations; the limit is {limit}.",
                "MAX_SUBSCRIPTIONS_EXCEEDED",
                limit=limit,
                subscriptions=len(self.operations),
            )
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]}
            )
            return
        view, websocket = self.view, self.websocket
        if (
            self.connection_acknowledged
            and message["id"] not in self.operations
            and isinstance(view, GraphQLApp)
            and isinstance(websocket, ASGIWebSocketAdapter)
        ):
            try:  # each operation is a request: it takes a token of the caller's rate
                view.spend(self.context.principal, websocket.ws.scope)
            except Rejection as rejection:
                error = GraphQLError(
                    rejection.message, extensions={"code": rejection.code, **rejection.details}
                )
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)


class GraphQLApp(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(
        self,
        schema: strawberry.Schema,
        db: Database,
        settings: Settings,
        metrics: Metrics,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            # The legacy graphql-ws protocol is off: one protocol, the maintained one.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            **kwargs,
        )
        self.db = db
        self.settings = settings
        self.metrics = metrics
        self.refusals = Refusals(metrics)
        self.limits = Limits.from_settings(settings)
        self.keys = KeyVerifier(db, settings.api_key_cache_seconds)
        self.rate_limiter = RateLimiter()
        allow_list = (
            load_allow_list(settings.persisted_queries_file)
            if settings.persisted_queries_file
            else {}
        )
        self.persisted = PersistedQueries(allow_list, settings.persisted_queries_only)
        self.token_screen = TokenScreen(self.limits.max_tokens)
        self.anonymous_scopes = parse_scopes(settings.anonymous_scopes) - {Scope.ADMIN}
        self.cache = ResponseCache(
            settings.response_cache_seconds,
            settings.response_cache_entries,
            settings.response_cache_max_bytes,
        )

    # --- the request-level protections -------------------------------------------------

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._serve_websocket(scope, receive, send)
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            body = await self._read_body(request)
            principal = await self._admit(_presented_key(request.headers), scope)
            scope, body = self._screen(request, scope, body)
        except Rejection as rejection:
            await rejection.response()(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = principal
        cache_key = None
        if self.cache.enabled and scope["method"] in ("GET", "POST"):
            scopes = frozenset(s.value for s in principal.scopes)
            cache_key = self.cache.key(scope, body, scopes)
            if cache_key is not None:
                hit = self.cache.get(cache_key)
                self.metrics.response_cache.labels(outcome="hit" if hit else "miss").inc()
                if hit is not None:
                    await hit.send(send)
                    return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            response = await self.run(Request(scope, replay))
        except HTTPException as exc:
            status, allow = exc.status_code, None
            if isinstance(exc.__cause__, InvalidOperationTypeError) and scope["method"] == "GET":
                # GraphQL over HTTP: a mutation sent with GET is 405 Method Not Allowed.
                status, allow = 405, {"Allow": "POST"}
            response = PlainTextResponse(exc.reason, status_code=status, headers=allow)
        self._remember(scope, cache_key, response)
        await response(scope, receive, send)

    def _remember(self, scope: AsgiScope, key: CacheKey | None, response: Response) -> None:
        """Empty the response cache after a mutation; keep this response if it may be reused."""
        context = (scope.get("state") or {}).get("context")
        outcomes = context.outcomes if isinstance(context, Context) else []
        if any(kind != "query" for kind, _ in outcomes):
            self.cache.clear()
        elif (
            key is not None
            and outcomes == [("query", False)]
            and response.status_code == 200
            and not isinstance(response, StreamingResponse)
            and self.cache.put(key, response.raw_headers, bytes(response.body))
        ):
            self.metrics.response_cache.labels(outcome="store").inc()

    async def _serve_websocket(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        token = _presented_key(websocket.headers)
        if token is None and not self.settings.allow_anonymous:
            # A browser cannot set headers on a WebSocket: its key comes in connection_init.
            principal = UNAUTHENTICATED
        else:
            try:
                principal = await self._admit(token, scope)
            except Rejection as rejection:
                # Closing before accepting answers the handshake with 403.
                await websocket.close(code=HANDSHAKE_CLOSE_CODES[rejection.status])
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.run(websocket)

    async def _read_body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _body_too_large(limit)
        chunks = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _body_too_large(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    async def _admit(self, token: str | None, scope: AsgiScope) -> Principal:
        """Who presents `token` (401 when unknown), within their rate (429 when over it)."""
        if token is None:
            if not self.settings.allow_anonymous:
                self.refusals.note("UNAUTHENTICATED", "missing_key", None)
                raise Rejection(
                    "UNAUTHENTICATED",
                    "An API key is required: send `Authorization: Bearer <key>`.",
                    status=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            principal = Principal(key_id=None, name=ANONYMOUS, scopes=self.anonymous_scopes)
        else:
            try:
                found = await self.keys.verify(token)
            except DatabaseUnavailable as exc:
                raise Rejection(
                    "DATABASE_UNAVAILABLE",
                    "The graph database is unavailable, so the key cannot be checked; retry later.",
                    status=503,
                ) from exc
            if found is None:
                # Only a well-formed key's id is logged: a malformed one may be a secret.
                parts = split_key(token)
                if parts is None:
                    self.refusals.note("UNAUTHENTICATED", "malformed_key", None)
                else:  # unknown, revoked or a wrong secret
                    self.refusals.note("UNAUTHENTICATED", "invalid_key", parts[0])
                raise Rejection(
                    "UNAUTHENTICATED",
                    "The API key is not valid (unknown, malformed or revoked).",
                    status=401,
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
            principal = found
        self.spend(principal, scope)
        return principal

    def spend(self, principal: Principal, scope: AsgiScope) -> None:
        """Take one token of the caller's bucket: its key's, or its address's when anonymous."""
        if principal.key_id is not None:
            bucket = f"key:{principal.key_id}"
        else:
            client = scope.get("client")
            bucket = f"anonymous:{client[0] if client else 'unknown'}"
        rate = principal.rate_limit or self.settings.rate_limit_per_second
        burst = max(self.settings.rate_limit_burst, math.ceil(rate))
        wait = self.rate_limiter.take(bucket, rate, burst)
        if wait > 0:
            self.refusals.count("rate_limited")  # counted, not logged
            seconds = max(1, math.ceil(wait))
            raise Rejection(
                "RATE_LIMITED",
                f"Too many requests: the limit is {rate:g} per second (burst {burst}).",
                status=429,
                headers={"Retry-After": str(seconds)},
                limit=rate,
                burst=burst,
                retryAfter=seconds,
            )

    def _screen(self, request: Request, scope: AsgiScope, body: bytes) -> tuple[AsgiScope, bytes]:
        """Batch size, persisted queries and token count; returns the request to run."""
        if request.method == "GET":
            params = dict(request.query_params)
            if "query" not in params and "extensions" not in params:
                return scope, body
            payload: dict[str, Any] = {"query": params.get("query")}
            with contextlib.suppress(KeyError, ValueError):
                payload["extensions"] = json.loads(params["extensions"])
            resolved = self._screen_one(payload)
            if resolved.get("query") != params.get("query"):
                params["query"] = resolved["query"]
                scope = {**scope, "query_string": urlencode(params).encode()}
            return scope, body
        if "json" not in request.headers.get("content-type", ""):
            return scope, body
        try:
            data = json.loads(body)
        except ValueError:
            return scope, body  # strawberry answers malformed JSON with 400
        if isinstance(data, list):
            if len(data) > self.settings.max_batch:
                raise Rejection(
                    "BATCH_TOO_LARGE",
                    f"The batch holds {len(data)} operations; the limit is "
                    f"{self.settings.max_batch}.",
                    status=400,
                    limit=self.settings.max_batch,
                    operations=len(data),
                )
            screened: Any = [self._screen_one(i) if isinstance(i, dict) else i for i in data]
        elif isinstance(data, dict):
            screened = self._screen_one(data)
        else:
            return scope, body
        if screened == data:
            return scope, body
        body = json.dumps(screened).encode()
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return {**scope, "headers": headers}, body

    def _screen_one(self, payload: dict[str, Any]) -> dict[str, Any]:
        resolved = self.persisted.resolve(payload)
        query = resolved.get("query")
        if isinstance(query, str):
            tokens = self.token_screen.excess(query)
            if tokens is not None:
                raise Rejection(
                    "MAX_TOKENS_EXCEEDED",
                    f"The document has more than {self.limits.max_tokens} tokens.",
                    status=400,
                    limit=self.limits.max_tokens,
                    tokens=tokens,
                )
        return resolved

    # --- strawberry hooks ----------------------------------------------------------------

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        state = request.scope.get("state") or {}
        principal = state.get("principal")
        if not isinstance(principal, Principal):  # only reachable if __call__ is bypassed
            principal = UNAUTHENTICATED
        context = Context(
            db=self.db,
            settings=self.settings,
            loaders=Loaders(self.db),
            request_id=current_request_id.get() or "",
            principal=principal,
            budget=Budget(self.limits, shared=request.scope["type"] == "http"),
            metrics=self.metrics,
            refusals=self.refusals,
        )
        if request.scope["type"] == "http":
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
        token = _key_in_connection_params(context.connection_params or {})
        if token is None:
            if context.principal is UNAUTHENTICATED:
                self.refusals.note("UNAUTHENTICATED", "missing_key", None)
                raise WebSocketRefused(WS_CLOSE_CODES[401], "UNAUTHENTICATED")
            return NO_ACK_PAYLOAD
        try:
            context.principal = await self._admit(token, {})
        except Rejection as rejection:
            raise WebSocketRefused(WS_CLOSE_CODES[rejection.status], rejection.code) from None
        return NO_ACK_PAYLOAD

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        if _accepts_graphql_response_json(request):
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
        try:
            async with asyncio.timeout(limit):
                return await super().execute_single(
                    request, request_adapter, sub_response, context, root_value, request_data
                )
        except TimeoutError:
            log.warning("operation %s timed out after %ss", request_data.operation_name, limit)
            error = GraphQLError(
                f"The operation did not finish within {limit:g} s.",
                extensions={"code": "TIMEOUT", "limit": limit},
            )
            return ExecutionResult(data=None, errors=[error])


def _accepts_graphql_response_json(request: Request | WebSocket) -> bool:
    accept = request.headers.get("accept", "")
    return GRAPHQL_RESPONSE_JSON in accept


def _is_request_error(result: ExecutionResult) -> bool:
    """A parse or validation failure: nothing executed, so no error has a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _presented_key(headers: Headers) -> str | None:
    authorization = headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    api_key = headers.get("x-api-key", "").strip()
    return api_key or None


def _key_in_connection_params(params: Mapping[str, object]) -> str | None:
    """The key in a connection_init payload: `authorization: "Bearer <key>"`, or `apiKey` (or
    `X-API-Key`), names in any case. None when there is none; "" (never a valid key) when a
    name is there with something else than a key, so that it is refused, not ignored."""
    fields = {str(name).lower(): value for name, value in params.items()}
    if "authorization" in fields:
        value = fields["authorization"]
        scheme, _, key = value.partition(" ") if isinstance(value, str) else ("", "", "")
        return key.strip() if scheme.lower() == "bearer" else ""
    for name in ("apikey", "x-api-key"):
        if name in fields:
            value = fields[name]
            return value.strip() if isinstance(value, str) else ""
    return None


def _body_too_large(limit: int) -> Rejection:
    return Rejection(
        "BODY_TOO_LARGE",
        f"The request body is larger than {limit} bytes.",
        status=413,
        limit=limit,
    )
