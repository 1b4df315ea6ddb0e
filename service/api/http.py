"""The strawberry ASGI app: builds a fresh Context (and fresh DataLoaders) for every request."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from service.api.context import Context
from service.api.loaders import create_loaders
from service.db.database import Database
from service.settings import Settings


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, db: Database, settings: Settings, **kwargs: Any) -> None:
        from service.api.schema import schema

        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None, **kwargs)
        self.db = db
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        return Context(
            db=self.db,
            settings=self.settings,
            loaders=create_loaders(self.db),
            request_id=request_id,
        )
