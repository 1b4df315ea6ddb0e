"""`influence-graph campaign report ID [--csv DIR]`: a campaign's results, printed and exported."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.db.database import Database

if TYPE_CHECKING:
    from service.campaigns.results import Results

FIGURES = ("mentions", "shares", "replies", "interactions", "engaged")
DAILY_COLUMNS = ("day", "baseline", *FIGURES, "sentiment")
INFLUENCER_COLUMNS = ("person", "name", "posts", "engagement", "engagers", "reached", "converted")


@click.group()
def campaign() -> None:
    """Campaigns of a brand: their results."""


@campaign.command("report")
@click.argument("campaign_id")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write DIR/<ID>-daily.csv and DIR/<ID>-influencers.csv.",
)
def campaign_report(campaign_id: str, csv_dir: Path | None) -> None:
    """Print the results of CAMPAIGN_ID: each figure during the campaign, in the equal
    baseline window before it, and the lift (during / baseline; - when the baseline is 0).
    Definitions: docs/campaigns.md."""
    from service.campaigns import report_store
    from service.campaigns.campaigns import get_campaign

    if csv_dir is not None and csv_dir.exists() and not csv_dir.is_dir():
        raise CliError(f"--csv: {csv_dir} is not a directory", EXIT_INVALID_INPUT)

    async def body(database: Database) -> Results | None:
        found = await get_campaign(database, campaign_id)
        return None if found is None else await report_store.results(database, found)

    results = with_database(body)
    if results is None:
        raise CliError(f"no campaign {campaign_id!r}", EXIT_INVALID_INPUT)
    _print(campaign_id, results)
    if csv_dir is not None:
        daily, influencers = _write_csv(csv_dir, campaign_id, results)
        click.echo(f"Wrote {daily} and {influencers}")


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else f"{value:.3f}"


def _print(campaign_id: str, r: Results) -> None:
    click.echo(f"Campaign {campaign_id}: {r.since.isoformat()} to {r.until.isoformat()}, "
               f"baseline from {r.baseline_since.isoformat()}")  # fmt: skip
    click.echo(f"{'figure':<16}{'during':>12}{'baseline':>12}{'lift':>10}")
    for name in (*FIGURES, "share_of_voice"):
        during, before = getattr(r.during, name), getattr(r.baseline, name)
        click.echo(f"{name:<16}{_number(during):>12}{_number(before):>12}"
                   f"{_number(r.lift(name)):>10}")  # fmt: skip
    change = _number(r.sentiment_change)
    click.echo(f"{'sentiment':<16}{_number(r.during.sentiment):>12}"
               f"{_number(r.baseline.sentiment):>12}{change:>10} (change)")  # fmt: skip
    click.echo(f"{len(r.influencers)} enlisted people, {len(r.days)} days")


def _write_csv(folder: Path, campaign_id: str, r: Results) -> tuple[Path, Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in campaign_id)
        daily, influencers = folder / f"{safe}-daily.csv", folder / f"{safe}-influencers.csv"
        _table(daily, DAILY_COLUMNS, [asdict(d) for d in r.days])
        _table(influencers, INFLUENCER_COLUMNS, [asdict(i) for i in r.influencers])
    except OSError as exc:
        raise CliError(
            f"--csv: cannot write to {folder}: {exc.strerror}", EXIT_INVALID_INPUT
        ) from None
    return daily, influencers


def _table(path: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
