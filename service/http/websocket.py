"""graphql-transport-ws: strawberry's handler, with the service's gate on connection_init and
its limits on each operation.

A refused connection_init (see GraphQLView.on_ws_connect) closes the socket: 4403 for a
missing or bad key, 4429 over the rate limit, 1013 when the key cannot be checked. Each
operation then takes a token of the caller's rate and is checked for scopes and limits like a
request; the operations in flight are bounded (MAX_SUBSCRIPTIONS_EXCEEDED).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)

from service.api.context import Context
from service.api.errors import MAX_SUBSCRIPTIONS_EXCEEDED, Rejection
from service.http.rate_limit import Throttle

if TYPE_CHECKING:
    from graphql import GraphQLError

log = logging.getLogger("influence_graph.api")


class WebSocketRefused(Exception):
    """Raised by the connection_init hook: close the socket with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except WebSocketRefused as refused:
            log.info("WebSocket connection_init refused: %s (%s)", refused.reason, refused.code)
            await self.websocket.close(code=refused.code, reason=refused.reason)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and message["id"] not in self.operations:
            error = self._refusal()
            if error is not None:
                payload = [error.formatted]
                await self.send_message({"id": message["id"], "type": "error", "payload": payload})
                return
        await super().handle_subscribe(message)

    def _refusal(self) -> GraphQLError | None:
        """Why a new operation may not start: the subscription limit, or the caller's rate
        (each operation is a request: it takes a token)."""
        limit = self.max_subscriptions_per_connection
        if limit is not None and len(self.operations) >= limit:
            # strawberry would answer a bare "Subscription limit reached"; this one has a code.
            return MAX_SUBSCRIPTIONS_EXCEEDED.error(
                f"Subscription limit reached: this connection already runs "
                f"{len(self.operations)} operations; the limit is {limit}.",
                limit=limit,
                subscriptions=len(self.operations),
            )
        throttle: Throttle | None = getattr(self.view, "throttle", None)
        if throttle is None or not isinstance(self.websocket, ASGIWebSocketAdapter):
            return None
        try:
            throttle.spend(self.context.principal, self.websocket.ws.scope)
        except Rejection as rejection:
            return rejection.error()
        return None
