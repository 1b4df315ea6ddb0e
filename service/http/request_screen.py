"""The screen in front of GraphQL: batch size, persisted queries and the token count.

A batch longer than MAX_BATCH is BATCH_TOO_LARGE; a persisted-query hash is looked up and its
query put in the request (PERSISTED_QUERY_*); a document over MAX_TOKENS is refused before it
is parsed (MAX_TOKENS_EXCEEDED). Bodies that are not JSON, and other shapes, never get here:
RequestParsing (request_parsing.py) refuses them first.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import BATCH_TOO_LARGE, Rejection
from service.api.security.limits import TokenScreen
from service.api.security.persisted import PersistedQueries
from service.http.body import read_body, replaying
from service.http.refusal import send_rejection


class RequestScreen:
    def __init__(
        self, app: ASGIApp, persisted: PersistedQueries, max_tokens: int, max_batch: int
    ) -> None:
        self.app = app
        self.persisted = persisted
        self.tokens = TokenScreen(max_tokens)
        self.max_batch = max_batch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        try:
            scope, body = self.screen(scope, body)
        except Rejection as rejection:
            await send_rejection(rejection, scope, receive, send)
            return
        await self.app(scope, replaying(body, receive), send)

    def screen(self, scope: Scope, body: bytes) -> tuple[Scope, bytes]:
        """The request to run: `scope` and `body`, with persisted queries filled in."""
        if scope["method"] == "GET":
            return self._screen_query_string(scope), body
        if "json" not in Headers(scope=scope).get("content-type", ""):
            return scope, body
        try:
            data = json.loads(body)
        except ValueError:
            return scope, body  # strawberry answers malformed JSON with 400
        if isinstance(data, list):
            self._check_batch(data)
            screened: Any = [self.screen_one(i) if isinstance(i, dict) else i for i in data]
        elif isinstance(data, dict):
            screened = self.screen_one(data)
        else:
            return scope, body
        if screened == data:
            return scope, body
        body = json.dumps(screened).encode()
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return {**scope, "headers": headers}, body

    def _screen_query_string(self, scope: Scope) -> Scope:
        query_string = scope.get("query_string", b"").decode("latin-1")
        params = dict(parse_qsl(query_string, keep_blank_values=True))
        if "query" not in params and "extensions" not in params:
            return scope
        payload: dict[str, Any] = {"query": params.get("query")}
        with contextlib.suppress(KeyError, ValueError):
            payload["extensions"] = json.loads(params["extensions"])
        resolved = self.screen_one(payload)
        if resolved.get("query") == params.get("query"):
            return scope
        params["query"] = resolved["query"]
        return {**scope, "query_string": urlencode(params).encode()}

    def _check_batch(self, data: list[Any]) -> None:
        if len(data) > self.max_batch:
            raise Rejection(
                BATCH_TOO_LARGE,
                f"The batch holds {len(data)} operations; the limit is {self.max_batch}.",
                limit=self.max_batch,
                operations=len(data),
            )

    def screen_one(self, payload: dict[str, Any]) -> dict[str, Any]:
        resolved = self.persisted.resolve(payload)
        self.tokens.check(resolved.get("query"))
        return resolved
