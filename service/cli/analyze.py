"""`influence-graph analyze`: analyse topics in the foreground, with a progress bar, and
print each topic's ranking (rank, id, name, handle, score, role)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from service.analytics.options import AnalysisError, AnalysisOptions
from service.analytics.queue import enqueue_analysis
from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.cli.job_progress import run_in_foreground
from service.db.database import Database
from service.db.people import people_by_ids
from service.db.scores import rankings
from service.db.topics import all_topics as list_topics
from service.models import InfluenceScore, Person
from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from service.analytics.worker import Worker


@click.command()
@click.option("--topic", "topics", multiple=True, help="Topic id to analyse (repeatable).")
@click.option("--all-topics", is_flag=True, help="Analyse every topic, one after the other.")
@click.option("--since", default=None, help="Window start, ISO 8601 with time zone.")
@click.option("--until", default=None, help="Window end (exclusive), ISO 8601 with time zone.")
@click.option("--half-life-days", type=float, default=None, help="Time decay; 0 = none.")
@click.option("--projection", type=click.Choice(["cypher", "native"]), default=None)
@click.option(
    "--community",
    "community_algorithms",
    multiple=True,
    type=click.Choice(["louvain", "leiden", "labelPropagation", "wcc"]),
    help="Community algorithms (repeatable; the first names each person's community).",
)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many people to print per topic.")  # fmt: skip
def analyze(
    topics: tuple[str, ...],
    all_topics: bool,
    since: str | None,
    until: str | None,
    half_life_days: float | None,
    projection: str | None,
    community_algorithms: tuple[str, ...],
    top: int,
) -> None:
    """Analyse topics in the foreground (queued as jobs, run here) with a progress bar."""
    from service.analytics.worker import Worker

    if not topics and not all_topics:
        raise CliError("give --topic T (repeatable) or --all-topics", EXIT_INVALID_INPUT)
    raw: dict[str, Any] = {"since": since, "until": until, "half_life_days": half_life_days,
                           "projection": projection}  # fmt: skip
    if community_algorithms:
        raw["communities"] = list(community_algorithms)
    options = _options(raw)
    settings = get_settings()

    async def body(database: Database) -> int:
        wanted = [t.id for t in await list_topics(database)] if all_topics else list(topics)
        failed = 0
        w = Worker(database, settings)
        try:
            for topic in wanted:
                if not await _analyse(database, w, topic, options, settings, top):
                    failed += 1
        finally:
            await w.aclose()
        return failed

    if with_database(body, settings):
        sys.exit(1)


def _options(raw: dict[str, Any]) -> AnalysisOptions:
    from pydantic import ValidationError

    try:
        return AnalysisOptions.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        raise CliError(f"invalid options: {exc}", EXIT_INVALID_INPUT) from None


async def _analyse(
    database: Database,
    w: Worker,
    topic: str,
    options: AnalysisOptions,
    settings: Settings,
    top: int,
) -> bool:
    """Queue `topic`'s analysis, run it here, and print its ranking; False if it failed."""
    try:
        job = await enqueue_analysis(database, topic, options, settings)
    except AnalysisError as exc:
        raise CliError(str(exc), EXIT_INVALID_INPUT) from None
    done = await run_in_foreground(w, job, f"Analysing {topic}")
    if done is None:
        return False
    summary = done.summary or {}
    click.echo(
        f"{topic}: {summary.get('people')} people, "
        f"{summary.get('relationships')} influence edges, job {done.id}"
    )
    scores = await rankings(database, topic, first=top)
    people = await people_by_ids(database, [s.person for s in scores])
    for line in ranking_lines(scores, people):
        click.echo(line)
    return True


def ranking_lines(scores: Sequence[InfluenceScore], people: dict[str, Person]) -> list[str]:
    """One aligned line per score: rank, person id, name, @handle, score, role."""
    names = [people[s.person].name if s.person in people else "" for s in scores]
    handles = [_handle(people.get(s.person)) for s in scores]
    id_width = max((len(s.person) for s in scores), default=0)
    name_width = max((len(n) for n in names), default=0)
    handle_width = max((len(h) for h in handles), default=0)
    return [
        f"  {s.rank:>3}. {s.person:<{id_width}}  {name:<{name_width}}  "
        f"{handle:<{handle_width}} {s.score:6.1f}  {s.role}"
        for s, name, handle in zip(scores, names, handles, strict=True)
    ]


def _handle(person: Person | None) -> str:
    return f"@{person.handle}" if person is not None and person.handle else ""
