"""`influence-graph`: the command line of the service, a module per command group (serve,
neo4j, db, demo, load and import, keys, erasure, worker, analyze, evaluate, cypher, campaign:
report and shortlist, webhooks, alerts).
Commands reach the graph through service/cli/database.py and fail through service/cli/errors.py."""

from __future__ import annotations

import click

from service.cli.alerts import alerts
from service.cli.analyze import analyze
from service.cli.campaign import campaign
from service.cli.cypher import cypher_command
from service.cli.db import db
from service.cli.demo import demo
from service.cli.erasure import erasure
from service.cli.evaluate import evaluate
from service.cli.keys import keys
from service.cli.load import import_command, load_command
from service.cli.neo4j_server import neo4j
from service.cli.serve import serve
from service.cli.shortlist import shortlist_command
from service.cli.webhooks import webhooks
from service.cli.worker import worker

__all__ = ["main"]


@click.group()
@click.version_option(
    package_name="influence-graph", prog_name="influence-graph", message="%(prog)s %(version)s"
)
def main() -> None:
    """Who influences whom on a given subject: Neo4j + GDS behind a GraphQL API."""


for command in (
    serve, neo4j, db, demo, load_command, import_command, keys, erasure, worker, analyze,
    evaluate, cypher_command, campaign, webhooks, alerts,
):  # fmt: skip
    main.add_command(command)
campaign.add_command(shortlist_command)
