"""Answering a Rejection over HTTP: the registry's status, a GraphQL error body."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from service.api.errors import Rejection


async def send_rejection(rejection: Rejection, scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(rejection.body(), rejection.status, headers=rejection.headers)
    await response(scope, receive, send)
