"""The strawberry ASGI app: builds a fresh Context (and fresh DataLoaders) for every request."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from service.api.context import Context
from service.api.loaders import create_loaders
from service.db.database import Database
from service.settings import Settings
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        schema: strawberry.Schema,
        db: Database,
        settings: Settings,
        metrics: Metrics,
        **kwargs: Any,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None, **kwargs)
        self.db = db
        self.settings = settings
        self.metrics = metrics

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        return Context(
            db=self.db,
            settings=self.settings,
            loaders=create_loaders(self.db),
            request_id=current_request_id.get() or "",
            metrics=self.metrics,
        )
