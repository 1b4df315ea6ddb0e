"""The ASGI application, built by `create_app(settings)`; its lifespan owns the Neo4j driver."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import strawberry
from starlette.applications import Starlette
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from service.api.schema import build_schema
from service.api.security.keys import KeyVerifier
from service.api.security.persisted import PersistedQueries, load_allow_list
from service.api.security.refusals import Refusals
from service.db.database import Database
from service.db.driver import create_async_driver, explain_connection_error
from service.db.graph import server_info
from service.db.migrate import migrate
from service.http.authentication import Authentication, Authenticator
from service.http.body_limit import BodySizeLimit
from service.http.health import health_routes
from service.http.rate_limit import RateLimit, Throttle
from service.http.request_context import RequestContext
from service.http.request_parsing import RequestParsing
from service.http.request_screen import RequestScreen
from service.http.request_shape import Shape
from service.http.response_cache import ResponseCache, ResponseCacheMiddleware
from service.http.view import GraphQLView
from service.settings import Settings, get_settings
from service.telemetry.metrics import Metrics
from service.telemetry.tracing import tracing_extensions

log = logging.getLogger("influence_graph")
EXPLORER_DIR = Path(__file__).resolve().parent / "web" / "static"


def create_app(
    settings: Settings | None = None, schema: strawberry.Schema | None = None
) -> Starlette:
    """The app; `schema` replaces the service's own (tests of the security layer use it)."""
    settings = settings or get_settings()
    metrics = Metrics()
    driver = create_async_driver(settings)
    db = Database.for_settings(
        driver,
        settings,
        read_timeout=min(settings.neo4j_query_timeout, settings.execution_timeout),
        observers=(metrics.observe_query,),
    )
    schema = schema or build_schema(tracing_extensions(settings), max_batch=settings.max_batch)
    graphql = graphql_endpoint(schema, db, settings, metrics)
    metrics_authenticator = Authenticator(
        KeyVerifier(db, settings.api_key_cache_seconds), settings, Refusals(metrics)
    )
    app = Starlette(
        routes=[
            *health_routes(db, settings, metrics, metrics_authenticator),
            Route("/graphql", graphql),  # any method: RequestParsing answers 405 itself
            Mount("/explorer", StaticFiles(directory=EXPLORER_DIR, html=True), name="explorer"),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=_lifespan(db, settings),
    )
    app.add_middleware(RequestContext, metrics=metrics)
    app.state.db = db
    app.state.settings = settings
    app.state.metrics = metrics
    return app


def graphql_endpoint(
    schema: strawberry.Schema, db: Database, settings: Settings, metrics: Metrics
) -> ASGIApp:
    """/graphql: the middlewares in the order they run, then the GraphQL view."""
    refusals = Refusals(metrics)
    authenticator = Authenticator(
        KeyVerifier(db, settings.api_key_cache_seconds), settings, refusals
    )
    throttle = Throttle(settings, refusals)
    view = GraphQLView(
        schema, db, settings, metrics,
        authenticator=authenticator, throttle=throttle, refusals=refusals,
    )  # fmt: skip
    allow_list = (
        load_allow_list(settings.persisted_queries_file) if settings.persisted_queries_file else {}
    )
    persisted = PersistedQueries(allow_list, settings.persisted_queries_only)
    cache = ResponseCache(
        settings.response_cache_seconds,
        settings.response_cache_entries,
        settings.response_cache_max_bytes,
    )
    app: ASGIApp = ResponseCacheMiddleware(view, cache, metrics)
    app = RequestScreen(app, persisted, settings.max_tokens, settings.max_batch)
    app = RateLimit(app, throttle)
    app = Authentication(app, authenticator)
    app = RequestParsing(
        app,
        Shape(settings.max_nesting, settings.max_literal_length),
        max_batch=settings.max_batch,
        max_bytes=settings.max_body_bytes,
        max_tokens=settings.max_tokens,
    )
    return BodySizeLimit(app, settings.max_body_bytes)


def _lifespan(
    db: Database, settings: Settings
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            try:
                await server_info(db)
                await migrate(db)
            except Exception as exc:
                # Start anyway: /readyz reports the database, and the service recovers by itself.
                log.warning("migration skipped: %s", explain_connection_error(exc, settings))
        stop = asyncio.Event()
        worker_task: asyncio.Task[None] | None = None
        if settings.run_worker_in_api:
            from service.analytics.worker import Worker

            worker = Worker(db, settings)
            worker_task = asyncio.create_task(worker.run_forever(stop))
        try:
            yield
        finally:
            if worker_task is not None:
                stop.set()
                await worker_task
                await worker.aclose()
            await db.driver.close()

    return lifespan
