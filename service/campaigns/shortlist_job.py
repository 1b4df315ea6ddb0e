"""A shortlist as a queued job (kind `shortlist`), for briefs too large to answer inline
(docs/shortlist.md, "Inline or job"): the brief checked and queued, the worker's run with
progress and cancellation, the answer kept in the graph and read back as the same Shortlist
the inline query answers."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from service.analytics.job_control import JobControl, JobLost
from service.analytics.options import AnalysisError
from service.analytics.queue import TooManyJobs
from service.campaigns.brief import Brief, BriefError, Candidate, Strategy
from service.campaigns.shortlist import (
    Shortlist,
    ShortlistPick,
    TopicNotAnalysed,
    UnknownTopic,
    compute,
    eligible_people,
    load,
    topics_of,
)
from service.db import jobs as job_store
from service.db import shortlist_results as store
from service.db.database import Database
from service.db.erasures import id_hash
from service.models import Job
from service.settings import Settings
from service.webhooks.events import SHORTLIST_FINISHED
from service.webhooks.publish import publish_step

KIND = "shortlist"


def brief_params(brief: Brief) -> dict[str, Any]:
    """The brief as the job keeps it: excluded people as hashes of their ids, so the job node
    names nobody (an erased person's id must not stay in the graph)."""
    hashes = {id_hash(p) for p in brief.excluded_people} | set(brief.excluded_hashes)
    return {
        "topics": topics_of(brief), "k": brief.k, "strategy": brief.strategy.value,
        "languages": list(brief.languages), "countries": list(brief.countries),
        "personKinds": list(brief.person_kinds), "wantedRoles": list(brief.wanted_roles),
        "excludedRoles": list(brief.excluded_roles), "excludedPeopleHashes": sorted(hashes),
        "minRelevance": brief.min_relevance,
    }  # fmt: skip


def brief_from_params(params: dict[str, Any]) -> Brief:
    return Brief(
        topics=params["topics"], k=params["k"], strategy=Strategy(params["strategy"]),
        languages=params["languages"], countries=params["countries"],
        person_kinds=params["personKinds"], wanted_roles=params["wantedRoles"],
        excluded_roles=params["excludedRoles"], excluded_hashes=params["excludedPeopleHashes"],
        min_relevance=params["minRelevance"],
    )  # fmt: skip


async def enqueue_shortlist(
    db: Database, brief: Brief, settings: Settings, owner: str | None = None
) -> Job:
    """Check the brief as the inline query does (BriefError, UnknownTopic, TopicNotAnalysed:
    nothing queued), then queue it; the same brief already queued or running returns that
    job. `owner` is capped like runAnalysis (TooManyJobs); None (the CLI) is not."""
    await eligible_people(db, brief)
    topic = topics_of(brief)[0]
    limit = settings.max_active_jobs_per_key
    done = await job_store.enqueue(
        db, uuid.uuid4().hex, KIND, topic, brief_params(brief), owner, limit
    )
    if done.job is None:
        if done.active >= limit:
            raise TooManyJobs(limit, done.active)
        raise UnknownTopic(topic)  # deleted meanwhile
    return done.job


def job_progress(share: float) -> float:
    """A shortlist job's progress when the computation is `share` (0-1) through: from 0.1
    (the reading done) to 0.95 (the write then reports 0.97)."""
    return 0.1 + 0.85 * share


async def run(db: Database, job: Job, lease: str, control: JobControl) -> dict[str, float]:
    """Compute the job's shortlist (the CPU part in a thread, so the heartbeat runs and a
    cancellation stops it at the next progress report) and keep it; the stage times."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    brief = brief_from_params(job.params)
    control.report("reading", 0.0)
    try:
        inputs = await load(db, brief, await eligible_people(db, brief))
    except BriefError as exc:  # the graph changed since the brief was queued
        raise AnalysisError(f"{exc.argument}: {exc.message}") from None
    except (UnknownTopic, TopicNotAnalysed) as exc:
        raise AnalysisError(f"topic '{exc.topic}' is gone or has no results") from None
    seconds["reading"] = time.perf_counter() - start

    def progress(stage: str, share: float) -> None:
        control.report(stage, job_progress(share))
        control.check()

    control.check()
    start = time.perf_counter()
    found = await asyncio.to_thread(compute, inputs, progress=progress)
    seconds["search"] = time.perf_counter() - start
    control.report("write", 0.97)
    start = time.perf_counter()
    summary = {"shortlist": job.id, "picks": len(found.picks),
               "seconds": {k: round(v, 3) for k, v in seconds.items()}}  # fmt: skip
    kept = await _commit(db, job, lease, found, summary)
    seconds["write"] = time.perf_counter() - start
    if kept is None:
        control.check()
        raise JobLost("the job was no longer this worker's when its shortlist was kept")
    return seconds


async def _commit(
    db: Database, job: Job, lease: str, found: Shortlist, summary: dict[str, Any]
) -> int | None:
    result = {
        "strategy": found.strategy.value, "k": found.k, "eligible": found.eligible,
        "considered": found.considered, "expectedSpread": found.expected_spread,
        "scoreExpectedSpread": found.score_expected_spread, "warning": found.warning,
        "samples": found.samples, "seed": found.seed,
    }  # fmt: skip
    picks = [
        {"person": p.candidate.person, "position": p.position, "marginalGain": p.marginal_gain,
         "score": p.candidate.score, "topic": p.candidate.topic, "roles": list(p.candidate.roles),
         "relevance": p.candidate.relevance, "engagers": p.engagers, "reason": p.reason}
        for p in found.picks
    ]  # fmt: skip
    # The event names the job, never the picked people (an erasure could not reach a payload).
    event = {"job": job.id, "topic": job.topic, "topics": job.params["topics"],
             "strategy": found.strategy.value, "picks": len(found.picks)}  # fmt: skip
    return await store.commit(
        db, job_id=job.id, lease=lease, result=result, overlap=found.overlap, picks=picks,
        summary=summary, also=[publish_step(SHORTLIST_FINISHED, event)],
    )  # fmt: skip


async def stored_shortlist(db: Database, job_id: str) -> Shortlist | None:
    """A shortlist job's kept answer, None when there is none (not a shortlist job, not
    succeeded). A pick whose person has been erased since is left out, with its row and
    column of the overlap; `warning` says how many (the spreads stay as computed)."""
    kept = await store.stored(db, job_id)
    if kept is None:
        return None
    r, positions = kept.result, [int(p["position"]) for p in kept.picks]
    overlap = [[kept.overlap[i - 1][j - 1] for j in positions] for i in positions]
    warning = r.get("warning")
    erased = kept.stored - len(kept.picks)
    if erased:
        note = (
            f"{erased} pick(s) left out: the person was erased after this shortlist was "
            "computed (the spreads are as computed with them)."
        )
        warning = f"{warning} {note}" if warning else note
    picks = [
        ShortlistPick(
            candidate=Candidate(p["person"], float(p["score"]), float(p["relevance"]),
                                p["topic"], list(p["roles"])),
            position=int(p["position"]), marginal_gain=float(p["marginalGain"]),
            engagers=int(p["engagers"]), reason=p["reason"],
        )
        for p in kept.picks
    ]  # fmt: skip
    return Shortlist(
        strategy=Strategy(r["strategy"]), k=int(r["k"]), eligible=int(r["eligible"]),
        considered=int(r["considered"]), picks=picks,
        expected_spread=float(r["expectedSpread"]),
        score_expected_spread=float(r["scoreExpectedSpread"]), overlap=overlap,
        warning=warning, samples=int(r["samples"]), seed=int(r["seed"]),
    )  # fmt: skip
