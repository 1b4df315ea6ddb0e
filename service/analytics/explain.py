"""Why a person ranks where they do on a topic: the components of their score, the people
whose engagement carries it (with the share of authority each passes on), and the strongest
interactions behind it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from service.db import explanations
from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.models import Contributor, Evidence, Explanation


async def explain(
    db: Database, topic: str, person: str, people: int = 10, interactions: int = 10
) -> Explanation | None:
    """None when the person has no score on the topic (not analysed, or not in its graph)."""
    score = await score_store.score_of(db, topic, person)
    if score is None:
        return None
    job = await job_store.get(db, score.job_id)
    params = job.params if job else {}
    weights = params.get("weights") or {}
    return Explanation(
        score=score,
        contributors=await score_store.contributors(db, topic, person, people),
        interactions=await score_store.evidence(
            db,
            topic,
            person,
            weights,
            params.get("since"),
            params.get("until"),
            interactions,
        ),
    )


@dataclass(frozen=True)
class PageExplanation:
    """What explains one person of a page: without their score, which the page already has."""

    contributors: list[Contributor]
    interactions: list[Evidence]


async def explain_page(
    db: Database,
    topic: str,
    job_id: str,
    persons: Sequence[str],
    people: int = 10,
    interactions: int = 10,
) -> dict[str, PageExplanation]:
    """Explain every person of a page of a topic's ranking (read from job `job_id`) in three
    queries whatever the page size: the job's options, the contributors, the interactions.
    Turning the rows into models runs in a worker thread, off the event loop."""
    job = await job_store.get(db, job_id)
    params = job.params if job else {}
    weights = params.get("weights") or {}
    window = (params.get("since"), params.get("until"))
    people_rows = await explanations.contributor_rows(db, topic, persons, people)
    evidence_rows = await explanations.evidence_rows(
        db, topic, persons, weights, window, interactions
    )
    contributors, evidence = await asyncio.to_thread(
        lambda: (
            explanations.contributors_by_person(people_rows),
            explanations.evidence_by_person(evidence_rows),
        )
    )
    return {p: PageExplanation(contributors.get(p, []), evidence.get(p, [])) for p in persons}
