"""The front door of /graphql: any body, query string or WebSocket message either is a GraphQL
request or is refused here with a code, before JSON or GraphQL parsing can recurse or raise.

HTTP: GET and POST only (else 405, METHOD_NOT_ALLOWED, `Allow: GET, POST`); a POST body must
be `application/json` (415, UNSUPPORTED_MEDIA_TYPE; multipart is left to the view), valid
UTF-8 and JSON, nested at most MAX_NESTING deep (NESTING_TOO_DEEP, checked without
recursion), an object or a non-empty list of objects with members of the right types
(BAD_REQUEST); GET's `variables` and `extensions` likewise. Each document's string literals and
comments are at most MAX_LITERAL_LENGTH long (LITERAL_TOO_LONG) and its brackets at most
MAX_NESTING deep. A batch longer than MAX_BATCH is left whole to RequestScreen
(BATCH_TOO_LARGE).

WebSocket: a message over MAX_BODY_BYTES closes the socket with 1009 (WS_MESSAGE_TOO_LARGE);
one nested too deep, not JSON or not a graphql-transport-ws message closes it with 4400 and
the code as the reason. A `subscribe` whose payload is refused (or over MAX_TOKENS) gets an
`error` message with the code, and the socket stays open.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import (
    BAD_REQUEST,
    METHOD_NOT_ALLOWED,
    UNSUPPORTED_MEDIA_TYPE,
    WS_MESSAGE_TOO_LARGE,
    Rejection,
)
from service.api.security.limits import TokenScreen
from service.http.body import read_body, replaying
from service.http.refusal import send_rejection
from service.http.request_shape import Shape

WS_INVALID_MESSAGE = 4400  # graphql-transport-ws: an invalid message closes with 4400
WS_TOO_BIG = 1009  # RFC 6455: Message Too Big


class RequestParsing:
    def __init__(
        self, app: ASGIApp, shape: Shape, *, max_batch: int, max_bytes: int, max_tokens: int
    ) -> None:
        self.app = app
        self.shape = shape
        self.max_batch = max_batch
        self.max_bytes = max_bytes
        self.tokens = TokenScreen(max_tokens)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            socket = _Socket(send)
            await self.app(scope, self._screened_messages(receive, socket), socket.send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if scope["method"] == "POST":
                body = await read_body(receive)
                receive = replaying(body, receive)
                self.check_post(scope, body)
            elif scope["method"] == "GET":
                self.check_get(scope)
            else:
                raise Rejection(
                    METHOD_NOT_ALLOWED,
                    f"/graphql takes GET and POST, not {scope['method'][:16]}.",
                    headers={"Allow": "GET, POST"},
                )
        except Rejection as rejection:
            await send_rejection(rejection, scope, receive, send)
            return
        await self.app(scope, receive, send)

    def check_post(self, scope: Scope, body: bytes) -> None:
        content_type = Headers(scope=scope).get("content-type", "")
        if "multipart/form-data" in content_type:
            return  # the view refuses uploads itself
        if "json" not in content_type:
            raise Rejection(
                UNSUPPORTED_MEDIA_TYPE, "A POST body to /graphql must be application/json."
            )
        data = self.shape.load_json(body, "The body")
        if isinstance(data, list):
            if not data:
                raise Rejection(BAD_REQUEST, "The batch is empty.")
            if len(data) > self.max_batch:
                return  # RequestScreen refuses it, with the count
            for index, item in enumerate(data):
                self.shape.check_request(item, f"Item {index} of the batch")
        else:
            self.shape.check_request(data)

    def check_get(self, scope: Scope) -> None:
        raw = scope.get("query_string", b"").decode("latin-1")
        try:
            params = dict(parse_qsl(raw, keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError:
            raise Rejection(BAD_REQUEST, "The query string is not valid UTF-8.") from None
        if not params.keys() & {"query", "variables", "extensions", "operationName"}:
            return  # GraphiQL, or the view's own "no query" answer
        request: dict[str, Any] = {
            "query": params.get("query"),
            "operationName": params.get("operationName"),
        }
        for name in ("variables", "extensions"):
            if params.get(name):
                text = params[name].encode("utf-8", "surrogatepass")
                request[name] = self.shape.load_json(text, f"`{name}`")
        self.shape.check_request(request)

    def _screened_messages(self, receive: Receive, socket: _Socket) -> Receive:
        async def next_message() -> Message:
            while True:
                message = await receive()
                if message["type"] != "websocket.receive":
                    return message
                try:
                    if await self._screen_message(message, socket.send):
                        return message
                except _Close as close:
                    await socket.close(close.code, close.reason)
                    return {"type": "websocket.disconnect", "code": close.code}

        return next_message

    async def _screen_message(self, message: Message, send: Send) -> bool:
        """True to pass the message on, False when it was answered here; _Close to close."""
        text = message.get("text")
        raw = text.encode("utf-8", "surrogatepass") if text is not None else message.get("bytes")
        if raw is None:
            return True
        if len(raw) > self.max_bytes:
            raise _Close(WS_TOO_BIG, WS_MESSAGE_TOO_LARGE.name)
        if text is None:
            return True  # strawberry closes on a binary frame itself
        try:
            data = self.shape.load_json(raw, "The message")
            _check_ws_message(data)
        except Rejection as rejection:
            raise _Close(WS_INVALID_MESSAGE, rejection.code.name) from None
        if data["type"] != "subscribe":
            return True
        try:
            self.shape.check_request(data["payload"], "The subscribe payload")
            self.tokens.check(data["payload"].get("query"))
        except Rejection as rejection:
            error = {"message": rejection.message, "extensions": rejection.extensions}
            reply = {"id": data["id"], "type": "error", "payload": [error]}
            await send({"type": "websocket.send", "text": orjson.dumps(reply).decode()})
            return False
        return True


class _Socket:
    """The WebSocket's send: once this module has closed the socket, what the app still sends
    is dropped (the app learns of the close from its next receive)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.closed = False

    async def send(self, message: Message) -> None:
        if not self.closed:
            self.closed = message["type"] == "websocket.close"
            await self._send(message)

    async def close(self, code: int, reason: str) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason})
        self.closed = True


class _Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


_WS_MEMBERS: dict[str, tuple[tuple[str, type, bool], ...]] = {
    # type: (member, its type, required)
    "connection_init": (("payload", dict, False),),
    "ping": (("payload", dict, False),),
    "pong": (("payload", dict, False),),
    "subscribe": (("id", str, True), ("payload", dict, True)),
    "complete": (("id", str, True),),
}


def _check_ws_message(data: object) -> None:
    """A graphql-transport-ws client message: an object with a known `type` and its members."""
    kind = data.get("type") if isinstance(data, dict) else None
    members = _WS_MEMBERS.get(kind) if isinstance(kind, str) else None
    if members is None or not isinstance(data, dict):
        raise Rejection(BAD_REQUEST, "Not a graphql-transport-ws client message.")
    for name, expected, required in members:
        value = data.get(name)
        if (value is None and required) or (value is not None and not isinstance(value, expected)):
            raise Rejection(BAD_REQUEST, f"`{name}` of a {kind} message is missing or mis-typed.")
