"""The ASGI application, built by `create_app(settings)`; its lifespan owns the Neo4j driver."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from service.api.http import GraphQLApp
from service.db.database import Database
from service.db.driver import create_async_driver, explain_connection_error
from service.db.graph import server_info
from service.db.migrate import migrate
from service.db.queries import Queries
from service.settings import Settings, get_settings

log = logging.getLogger("influence_graph")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    queries = Queries(settings.cypher_dir)
    driver = create_async_driver(settings)
    db = Database(driver, queries, settings.neo4j_database, settings.neo4j_query_timeout)
    graphql = GraphQLApp(db, settings)

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

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    return app
