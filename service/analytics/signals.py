"""What scoring reads besides the algorithms, for every person of a topic graph: one read per
SIGNAL_BATCH people, ANALYSIS_SIGNAL_READS of them at once. An analysis reads them for the
topic's people (`topic_signals`) beside the projection and the algorithms: they depend on the
interactions only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from service.analytics.options import AnalysisOptions
from service.analytics.scoring import NEGATIVE_BELOW
from service.db.database import Database
from service.db.signals import (
    Signals,
    SignalWindow,
    TemporalSignals,
    person_signals,
    recent_from,
    topic_people,
)
from service.settings import Settings

SIGNAL_BATCH = 5_000
SIGNALS_STAGE = "signals"  # a job's stage, read beside the others


async def read_signals(
    db: Database, topic: str, options: AnalysisOptions, settings: Settings, people: list[str]
) -> tuple[dict[str, Signals], dict[str, TemporalSignals]]:
    """The signals and temporal signals of `people` on `topic`, over the analysis's window."""
    o = options
    since, until = o.window()
    as_of = (o.as_of or datetime.now(UTC)).isoformat()
    share = o.momentum_recent_share or settings.analysis_momentum_recent_share
    window = SignalWindow(
        topic=topic,
        since=since,
        until=until,
        as_of=as_of,
        recent_from=await recent_from(db, topic, (since, until), as_of, share),
        weights={str(k): v for k, v in (o.weights or {}).items()},
        half_life_days=o.recency_half_life_days or settings.analysis_recency_half_life_days,
        negative_below=NEGATIVE_BELOW,
    )
    limit = asyncio.Semaphore(settings.analysis_signal_reads)

    async def read(batch: list[str]) -> tuple[dict[str, Signals], dict[str, TemporalSignals]]:
        async with limit:
            return await person_signals(db, window, batch)

    parts = await asyncio.gather(
        *(read(people[i : i + SIGNAL_BATCH]) for i in range(0, len(people), SIGNAL_BATCH))
    )
    signals: dict[str, Signals] = {}
    temporal: dict[str, TemporalSignals] = {}
    for found, timed in parts:
        signals |= found
        temporal |= timed
    return signals, temporal


async def topic_signals(
    db: Database, topic: str, options: AnalysisOptions, settings: Settings
) -> tuple[dict[str, Signals], dict[str, TemporalSignals]]:
    """The signals of every person of the topic's graph in the analysis's window (a superset
    of the projection's nodes), read without waiting for the projection."""
    since, until = options.window()
    people = await topic_people(db, topic, since, until)
    return await read_signals(db, topic, options, settings, people)
