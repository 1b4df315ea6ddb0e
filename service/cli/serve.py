"""`influence-graph serve`: the GraphQL API under uvicorn."""

from __future__ import annotations

import gc
import socket

import click

from service.cli.database import console, with_database
from service.cli.errors import EXIT_ALREADY_RUNNING, CliError
from service.db.database import Database
from service.settings import get_settings
from service.telemetry.logs import configure_logging


@click.command()
@click.option("--host", default=None, help="Bind address (default: HOST setting).")
@click.option("--port", default=None, type=int, help="Port (default: PORT setting).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, /healthz, /readyz)."""
    import uvicorn

    from service.app import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    if _port_taken(host, port):
        raise CliError(
            f"Port {port} on {host} is already in use: is the service already running "
            f"(`make run` in another terminal)? Stop it, or set PORT.",
            EXIT_ALREADY_RUNNING,
        )
    with_database(_reachable, settings)
    configure_logging(settings.log_level, settings.json_logs)
    console.print(f"Serving GraphiQL on http://{host}:{port}/graphql", highlight=False)
    app = create_app(settings)
    _freeze_startup_heap()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )


def _freeze_startup_heap() -> None:
    """Keep what start-up built (modules, the schema, the app) out of the garbage collector's
    full passes: they would otherwise scan those 120,000-odd objects each time, and a full pass
    holds the event loop (measured under the hostile mix of issue 17: ~140 ms, ~70 ms frozen;
    docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()


async def _reachable(database: Database) -> None:
    """Nothing to do: opening the database has checked it answers."""


def _port_taken(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host if host != "0.0.0.0" else "127.0.0.1", port)) == 0  # noqa: S104
