"""/healthz (the process answers), /readyz (Neo4j and GDS answer) and /metrics (Prometheus:
for a key with the `metrics` scope, or anyone with METRICS_PUBLIC, which production forces off).
"""

from __future__ import annotations

import logging
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from service.api.errors import METRICS_FORBIDDEN, Rejection
from service.api.security.scopes import Scope
from service.db import job_metrics
from service.db.database import Database
from service.db.driver import explain_connection_error
from service.db.graph import server_info
from service.http.authentication import Authenticator, presented_key
from service.settings import Settings
from service.telemetry.metrics import Metrics

log = logging.getLogger("influence_graph")


def health_routes(
    db: Database, settings: Settings, metrics: Metrics, authenticator: Authenticator
) -> list[Route]:
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
        if not settings.metrics_public:
            try:
                await may_read_metrics(authenticator, request)
            except Rejection as rejection:
                return JSONResponse(rejection.body(), rejection.status, rejection.headers)
        await refresh_job_gauges(db, metrics)
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    return [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
    ]


async def may_read_metrics(authenticator: Authenticator, request: Request) -> None:
    """A Rejection unless the caller's key has the `metrics` scope (or `admin`)."""
    principal = await authenticator.identify(presented_key(request.headers))
    if not principal.allows(Scope.METRICS):
        raise Rejection(METRICS_FORBIDDEN, "/metrics needs an API key with the `metrics` scope.")


async def refresh_job_gauges(db: Database, metrics: Metrics) -> None:
    start = time.perf_counter()
    try:
        counts = await job_metrics.count_by_status(db)
        durations = await job_metrics.finished_durations(db)
    except Exception as exc:  # metrics must answer even when Neo4j does not
        log.warning("job gauges not refreshed: %s", exc)
        return
    metrics.jobs.clear()
    for count in counts:
        metrics.jobs.labels(status=count.status).set(count.jobs)
    metrics.job_seconds.clear()
    metrics.jobs_finished.clear()
    for row in durations:
        labels = {"kind": row.kind, "status": row.status}
        metrics.job_seconds.labels(**labels).set(row.seconds)
        metrics.jobs_finished.labels(**labels).set(row.jobs)
    log.debug("job gauges refreshed in %.3fs", time.perf_counter() - start)
