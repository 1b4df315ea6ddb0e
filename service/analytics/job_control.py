"""What a running job shares with its heartbeat: progress and stage out, cancellation and the
loss of its lease in. An analysis reports into it; a back-test, which runs several analyses,
maps each one's progress into its own part of the job's (`offset`, `span`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from service.db import scores as score_store


class JobCancelled(Exception):
    """The job was cancelled while it ran."""


class JobLost(Exception):
    """Another worker took the job over (this worker's lease had expired)."""


@dataclass
class JobControl:
    """Shared between a running analysis and its heartbeat: progress out, cancellation in."""

    stage: str = "starting"
    progress: float = 0.0
    cancelled: bool = False
    lost: bool = False
    listeners: list[Callable[[str, float], None]] = field(default_factory=list)
    # Awaited after each committed batch of results (kind, batches done, batches in all):
    # tests pause a job mid-write with one.
    batch_observers: list[score_store.BatchObserver] = field(default_factory=list)
    # A job that runs several analyses (a back-test) maps each one's 0-1 into its own part.
    offset: float = 0.0
    span: float = 1.0

    def report(self, stage: str, progress: float) -> None:
        scaled = self.offset + self.span * min(1.0, progress)
        self.stage, self.progress = stage, max(self.progress, min(1.0, scaled))
        self.enter(stage)

    def enter(self, stage: str) -> None:
        """Name the stage, progress unchanged."""
        self.stage = stage
        for listen in self.listeners:
            listen(stage, self.progress)

    def check(self) -> None:
        if self.cancelled:
            raise JobCancelled("cancelled by request")
        if self.lost:
            raise JobLost("the job's lease was taken over by another worker")
