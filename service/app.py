"""The ASGI application, built by `create_app(settings)`; its lifespan owns the Neo4j driver."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.http import GraphQLApp
from service.api.schema import build_schema
from service.db import job_metrics
from service.db.database import Database
from service.db.driver import create_async_driver, explain_connection_error
from service.db.graph import server_info
from service.db.migrate import migrate
from service.settings import Settings, get_settings
from service.telemetry.metrics import Metrics
from service.telemetry.request_id import current_request_id
from service.telemetry.tracing import tracing_extensions

log = logging.getLogger("influence_graph")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContext:
    """Gives every HTTP request an id (the client's X-Request-ID if sane) and counts it."""

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
            route = scope["path"] if scope["path"] in _ROUTES else "other"
            self.metrics.http_requests.labels(route=route, status=str(status)).inc()
            current_request_id.reset(token)


_ROUTES = {"/graphql", "/healthz", "/readyz", "/metrics"}
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
    graphql = GraphQLApp(schema, db, settings, metrics)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            try:
                await server_info(db)
                await migrate(db)
            except Exception as exc:
                # Start anyway: /readyz reports the database, and the service recovers by itself.
                log.warning("migration skipped: %s", explain_connection_error(exc, settings))
        worker_task: asyncio.Task[None] | None = None
        stop = asyncio.Event()
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
                worker.close()
            await driver.close()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        try:
            info = await server_info(db)
        except Exception as exc:
            reason = str(explain_connection_error(exc, settings))
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse(
            {
                "status": "ready",
                "neo4j": {"version": info.neo4j_version, "edition": info.edition},
                "gds": {"version": info.gds_version},
            }
        )

    async def metrics_endpoint(request: Request) -> Response:
        await _refresh_job_gauge(db, metrics)
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Mount("/explorer", StaticFiles(directory=EXPLORER_DIR, html=True), name="explorer"),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=lifespan,
    )
    app.add_middleware(RequestContext, metrics=metrics)
    app.state.db = db
    app.state.settings = settings
    app.state.metrics = metrics
    return app


async def _refresh_job_gauge(db: Database, metrics: Metrics) -> None:
    start = time.perf_counter()
    try:
        counts = await job_metrics.count_by_status(db)
    except Exception as exc:  # metrics must answer even when Neo4j does not
        log.warning("job gauge not refreshed: %s", exc)
        return
    metrics.jobs.clear()
    for count in counts:
        metrics.jobs.labels(status=count.status).set(count.jobs)
    try:
        durations = await job_metrics.finished_durations(db)
    except Exception as exc:
        log.warning("job durations not refreshed: %s", exc)
        return
    metrics.job_seconds.clear()
    metrics.jobs_finished.clear()
    for finished in durations:
        labels = {"kind": finished.kind, "status": finished.status}
        metrics.job_seconds.labels(**labels).set(finished.seconds)
        metrics.jobs_finished.labels(**labels).set(finished.jobs)
    log.debug("job gauge refreshed in %.3fs", time.perf_counter() - start)
