"""Why a person ranks where they do on a topic: the components of their score, the people
whose engagement carries it (with the share of authority each passes on), and the strongest
interactions behind it."""

from __future__ import annotations

from service.db import jobs as job_store
from service.db import scores as score_store
from service.db.database import Database
from service.models import Explanation


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
