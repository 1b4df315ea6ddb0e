"""Gives every HTTP request an id (the client's X-Request-ID if sane, else a new one), sent
back in X-Request-ID and carried by every log line of the request; counts requests by route."""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope["path"] if scope["path"] in ROUTES else "other"
            self.metrics.http_requests.labels(route=route, status=str(status)).inc()
            current_request_id.reset(token)
