"""The strawberry ASGI app: a fresh Context (and fresh DataLoaders) for every request, and
GraphQL over HTTP media types: `application/graphql-response+json` when the client accepts it
(request errors then answer 400 without `data`), `application/json` otherwise (always 200).
"""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult

from service.api.context import Context
from service.api.loaders import create_loaders
from service.db.database import Database
from service.settings import Settings
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


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


def _accepts_graphql_response_json(request: Request | WebSocket) -> bool:
    accept = request.headers.get("accept", "")
    return GRAPHQL_RESPONSE_JSON in accept


def _is_request_error(result: ExecutionResult) -> bool:
    """A parse or validation failure: nothing executed, so no error has a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)
