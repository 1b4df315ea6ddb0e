"""`influence-graph neo4j ...`: the local Neo4j + GDS server (install, start, stop, status,
logs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from service.cli.errors import EXIT_INVALID_INPUT, EXIT_PROVISIONING, CliError
from service.localdb.home import ProvisioningError
from service.settings import get_settings

if TYPE_CHECKING:
    from service.localdb.server import LocalNeo4j


@click.group()
def neo4j() -> None:
    """The local Neo4j + GDS server (used when NEO4J_URI is unset)."""


def _local() -> LocalNeo4j:
    from service.localdb.server import LocalNeo4j

    settings = get_settings()
    if not settings.uses_local_neo4j:
        raise CliError(
            f"NEO4J_URI is set ({settings.neo4j_uri}): the service uses that server and "
            "provisions none. Unset NEO4J_URI to use the local one.",
            EXIT_INVALID_INPUT,
        )
    return LocalNeo4j(settings)


@neo4j.command("install")
def neo4j_install() -> None:
    """Download Neo4j and GDS into the cache (no server is started)."""
    from service.localdb.home import install

    try:
        home = install(get_settings().cache_dir)
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None
    click.echo(f"Neo4j home: {home}")


@neo4j.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background and wait until GDS answers."""
    try:
        _local().start()
    except ProvisioningError as exc:
        raise CliError(str(exc), EXIT_PROVISIONING) from None


@neo4j.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly."""
    _local().stop()


@neo4j.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs and answers."""
    status = _local().status()
    if status.running:
        state = "answering" if status.answering else "starting"
        click.echo(f"running (pid {status.pid}), Bolt port {status.bolt_port}, {state}")
    else:
        click.echo("not running")
        sys.exit(1)


@neo4j.command("logs")
@click.option("-n", "--lines", default=50, show_default=True, help="Lines per log file.")
def neo4j_logs(lines: int) -> None:
    """Print the end of the local Neo4j's logs."""
    click.echo(_local().log_tail(lines))
