"""`influence-graph alerts detect [--brand ID]...`: run crisis watch now (the Helm CronJob
runs it on a schedule)."""

from __future__ import annotations

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db.database import Database


@click.group()
def alerts() -> None:
    """Crisis watch: negative-surge alerts of brands."""


@alerts.command("detect")
@click.option("--brand", "brands", multiple=True, help="Only this brand (repeatable).")
def alerts_detect(brands: tuple[str, ...]) -> None:
    """Run detection over the given brands (default: every brand); print the alerts raised
    and resolved."""
    from service.alerts.watch import AlertChanges, detect_all
    from service.db.ingest import existing_brand_ids

    async def body(database: Database) -> AlertChanges | set[str]:
        if brands:
            unknown = set(brands) - await existing_brand_ids(database, brands)
            if unknown:
                return unknown
        return await detect_all(database, list(brands) if brands else None)

    out = with_database(body)
    if isinstance(out, set):
        raise CliError(f"--brand: unknown brand(s) {', '.join(sorted(out))}", EXIT_INVALID_INPUT)
    for alert_id in out.raised:
        click.echo(f"raised {alert_id}")
    for alert_id in out.resolved:
        click.echo(f"resolved {alert_id}")
    click.echo(f"{len(out.raised)} raised, {len(out.resolved)} resolved")
