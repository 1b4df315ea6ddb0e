"""`influence-graph campaign shortlist`: a campaign shortlist for a brief, printed as a table
with each pick's marginal gain, and the set's expected spread beside the SCORE set's. A brief
too large to answer inline (the API's rule, SHORTLIST_INLINE_MAX_EDGES) is queued as a job
and run here with a progress bar, like `evaluate`; `--job` does so for any brief."""

from __future__ import annotations

import click

from service.campaigns.brief import Brief, BriefError, Strategy
from service.campaigns.shortlist import (
    NeedsJob,
    Shortlist,
    TopicNotAnalysed,
    UnknownTopic,
    shortlist,
)
from service.campaigns.shortlist_job import enqueue_shortlist, stored_shortlist
from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.cli.job_progress import run_in_foreground
from service.db.database import Database
from service.settings import get_settings


@click.command("shortlist")
@click.option(
    "--topic", "topics", required=True, multiple=True, help="Analysed topic (repeatable)."
)
@click.option("--k", "k", type=int, default=20, show_default=True, help="People to pick (1-100).")
@click.option("--strategy", type=click.Choice([s.name for s in Strategy]), default="SCORE",
              show_default=True)  # fmt: skip
@click.option("--kind", "kinds", multiple=True, help="Keep only this Person.kind (repeatable).")
@click.option("--language", "languages", multiple=True, help="Keep only this language.")
@click.option("--country", "countries", multiple=True, help="Keep only this country.")
@click.option("--want-role", "wanted", multiple=True, help="Keep only people with this role.")
@click.option("--exclude-role", "excluded", multiple=True, help="Drop people with this role.")
@click.option("--exclude-person", "people", multiple=True, help="Never pick this person id.")
@click.option("--min-relevance", type=float, default=0.0, show_default=True)
@click.option("--job", "as_job", is_flag=True,
              help="Queue it as a job and run it here with a progress bar (done anyway for a "
              "SPREAD or BALANCED brief past SHORTLIST_INLINE_MAX_EDGES).")  # fmt: skip
def shortlist_command(
    topics: tuple[str, ...], k: int, strategy: str, kinds: tuple[str, ...],
    languages: tuple[str, ...], countries: tuple[str, ...], wanted: tuple[str, ...],
    excluded: tuple[str, ...], people: tuple[str, ...], min_relevance: float, as_job: bool,
) -> None:  # fmt: skip
    """Shortlist k people for a brief (docs/shortlist.md); exit 1 on a refused brief."""
    brief = Brief(
        topics=topics, k=k, strategy=Strategy[strategy], languages=languages,
        countries=countries, person_kinds=kinds, wanted_roles=wanted, excluded_roles=excluded,
        excluded_people=people, min_relevance=min_relevance,
    )  # fmt: skip

    settings = get_settings()

    async def body(database: Database) -> Shortlist:
        try:
            if as_job:
                return await _as_job(database, brief)
            limit = settings.shortlist_inline_max_edges
            return await shortlist(database, brief, inline_max_edges=limit)
        except NeedsJob as exc:
            click.echo(f"{exc.edges} influence edges (inline up to {exc.limit}): run as a job")
            return await _as_job(database, brief)
        except BriefError as exc:
            raise CliError(f"{exc.argument}: {exc.message}", EXIT_INVALID_INPUT) from None
        except UnknownTopic as exc:
            raise CliError(f"No topic '{exc.topic}'.", EXIT_INVALID_INPUT) from None
        except TopicNotAnalysed as exc:
            raise CliError(
                f"Topic '{exc.topic}' has not been analysed yet.", EXIT_INVALID_INPUT
            ) from None

    _print(with_database(body, settings))


async def _as_job(database: Database, brief: Brief) -> Shortlist:
    """Queue the brief (checked first) and run the job here; CliError if it did not succeed."""
    from service.analytics.worker import Worker

    settings = get_settings()
    job = await enqueue_shortlist(database, brief, settings)
    worker = Worker(database, settings)
    try:
        done = await run_in_foreground(worker, job, f"Shortlisting ({job.id})")
    finally:
        await worker.aclose()
    found = await stored_shortlist(database, job.id) if done is not None else None
    if found is None:
        # Exit 1, as `evaluate` does for a job that did not succeed (run_in_foreground said why).
        raise CliError(f"The shortlist job {job.id} did not succeed.", EXIT_INVALID_INPUT)
    return found


def _print(found: Shortlist) -> None:
    click.echo(f"{found.strategy.name} shortlist: {len(found.picks)} of {found.eligible} eligible")
    for p in found.picks:
        c = p.candidate
        click.echo(f"{p.position:3}  {c.person:<24} gain {p.marginal_gain:8.2f}  score "
                   f"{c.score:.3f}  {','.join(c.roles) or 'participant'}")  # fmt: skip
    click.echo(
        f"expected spread {found.expected_spread:.1f} (SCORE set of the same size: "
        f"{found.score_expected_spread:.1f}; {found.samples} samples, seed {found.seed})"
    )
    if found.warning:
        click.echo(f"warning: {found.warning}")
