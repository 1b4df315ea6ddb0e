"""The body size cap: a request body over MAX_BODY_BYTES is refused with 413 (BODY_TOO_LARGE)
as soon as it is declared or read past the limit, before anything else looks at it."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import BODY_TOO_LARGE, Rejection
from service.http.body import BodyTooLarge, read_body, replaying
from service.http.refusal import send_rejection


class BodySizeLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        try:
            if declared is not None and declared.isdigit() and int(declared) > self.limit:
                raise BodyTooLarge(int(declared))
            body = await read_body(receive, self.limit)
        except BodyTooLarge:
            rejection = Rejection(
                BODY_TOO_LARGE,
                f"The request body is larger than {self.limit} bytes.",
                limit=self.limit,
            )
            await send_rejection(rejection, scope, receive, send)
            return
        await self.app(scope, replaying(body, receive), send)
