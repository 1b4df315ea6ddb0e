"""`influence-graph demo ...`: write the generated demo data set, or load it (and analyse it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.cli.analyze import analyze
from service.cli.database import with_database
from service.cli.loading import load_with_progress
from service.db.database import Database

if TYPE_CHECKING:
    from service.ingest.demo.campaign import DemoCampaign
from service.settings import get_settings


@click.group()
def demo() -> None:
    """The generated demo data set."""


@demo.command("generate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", default=7, show_default=True)
@click.option("--people", default=3000, show_default=True)
def demo_generate(path: Path, seed: int, people: int) -> None:
    """Write the demo data set as NDJSON (and its planted facts beside it)."""
    from service.ingest.demo import generate, write_ndjson

    path.parent.mkdir(parents=True, exist_ok=True)
    lines = write_ndjson(generate(seed=seed, people=people), path)
    click.echo(f"Wrote {lines} records to {path}")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Load only when the graph holds no people.")
@click.option("--seed", default=7, show_default=True)
@click.option("--people", default=3000, show_default=True)
@click.option(
    "--analyze", "then_analyze", is_flag=True,
    help="After loading, analyse the top-level topics (nothing when nothing was loaded).",
)  # fmt: skip
@click.pass_context
def demo_load(
    ctx: click.Context, if_empty: bool, seed: int, people: int, then_analyze: bool
) -> None:
    """Generate the demo NDJSON under the state folder and load it."""
    from service.db.graph import counts
    from service.ingest.demo import generate, write_ndjson
    from service.ingest.sources import NdjsonSource

    settings = get_settings()
    path = settings.state_dir.parent / "demo" / f"demo-{seed}-{people}.ndjson"

    data = generate(seed=seed, people=people)

    async def body(database: Database) -> bool:
        if if_empty and not (await counts(database)).empty:
            click.echo("The graph already holds data: demo not loaded.")
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        write_ndjson(data, path)
        await load_with_progress(
            database,
            [NdjsonSource(path)],
            batch_size=settings.ingest_batch_size,
            in_flight=settings.ingest_in_flight,
        )
        await create_demo_campaign(database, data.campaign)
        return True

    if with_database(body, settings) and then_analyze:
        top_level = tuple(t.id for t in data.topics if t.parent is None)
        ctx.invoke(analyze, topics=top_level)


async def create_demo_campaign(database: Database, campaign: DemoCampaign) -> None:
    """Campaigns are not records: create the demo's through the campaign domain (linking its
    tagged interactions) and enlist its people; one already there is left as it is."""
    from service.campaigns.campaigns import CampaignFields, create_campaign, enlist, get_campaign

    if await get_campaign(database, campaign.id) is not None:
        click.echo(f"Campaign {campaign.id} exists already: left as it is.")
        return
    fields = CampaignFields(
        campaign.name, campaign.since, campaign.until, campaign.topics, campaign.markers
    )
    await create_campaign(database, campaign.id, campaign.brand, fields)
    created = await enlist(database, campaign.id, campaign.enlisted)
    click.echo(f"Campaign {campaign.id}: {created.members} interactions, "
               f"{len(created.enlisted)} people enlisted")  # fmt: skip


@demo.command("load-future")
@click.option("--seed", default=5, show_default=True)
def demo_load_future(seed: int) -> None:
    """Load the small demo with a planted future (topic `future`) for back-tests, and print
    its split date, its risers and its faders."""
    from service.ingest.demo.future import generate_future
    from service.ingest.sources import RecordSource

    settings = get_settings()
    data = generate_future(seed)

    async def body(database: Database) -> None:
        await load_with_progress(
            database,
            [RecordSource(f"future demo (seed {seed})", data.records)],
            batch_size=settings.ingest_batch_size,
            in_flight=settings.ingest_in_flight,
        )

    with_database(body, settings)
    click.echo(f"Topic {data.topic}: {data.start:%Y-%m-%d} to {data.end:%Y-%m-%d}, "
               f"split at {data.split:%Y-%m-%d}")  # fmt: skip
    click.echo("Risers: " + ", ".join(data.risers))
    click.echo("Faders: " + ", ".join(data.faders))
