"""Typed domain values shared by every layer (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    handle: str | None
    kind: str | None
    language: str | None
    country: str | None
    followers: int | None


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    parent: str | None
    interactions: int


@dataclass(frozen=True)
class GraphCounts:
    people: int
    topics: int
    interactions: int
    follows: int
    jobs: int

    @property
    def empty(self) -> bool:
        return self.people == 0 and self.topics == 0 and self.interactions == 0


@dataclass(frozen=True)
class PersonStats:
    id: str
    follower_count: int
    following_count: int
    performed: int
    received: int


@dataclass(frozen=True)
class PersonFilter:
    search: str | None = None
    kind: str | None = None
    language: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Job:
    """An analysis job as the queue holds it."""

    id: str
    kind: str
    topic: str
    params: dict[str, Any]
    status: str  # queued, running, succeeded, failed, cancelled
    progress: float
    stage: str | None
    error: str | None
    attempts: int
    recoveries: int
    worker: str | None
    lease: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    summary: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed", "cancelled")


@dataclass(frozen=True)
class ScoreSummary:
    """Where a person stands on a topic (an INFLUENCE_ON edge without its components): what a
    ranking page reads for each row."""

    person: str
    topic: str
    score: float
    rank: int
    role: str
    roles: list[str]
    community: str | None
    job_id: str  # the analysis job (result generation) it comes from
    computed_at: datetime


@dataclass(frozen=True)
class InfluenceScore(ScoreSummary):
    """One person's scores on a topic (an INFLUENCE_ON edge): the data rankings are made of."""

    components: dict[str, float]  # authority, resonance, reach, relevance, betweenness, ...
    percentiles: dict[str, float]  # the same names, 0-100 within the topic


@dataclass(frozen=True)
class Contributor:
    """Someone behind a person's influence: who engaged with them, and how much it counts."""

    person: str
    name: str | None
    weight: float  # weighted engagement with the explained person
    interactions: int
    contribution: float  # share of authority (PageRank) flowing from them
    last_at: datetime | None


@dataclass(frozen=True)
class Evidence:
    """One interaction that counts toward a person's influence."""

    interaction: str
    type: str
    actor: str
    at: datetime
    sentiment: float | None
    weight: float
    url: str | None


@dataclass(frozen=True)
class Explanation:
    score: InfluenceScore
    contributors: list[Contributor]
    interactions: list[Evidence]


@dataclass(frozen=True)
class RankedScore:
    """A row of a ranking page: the score's summary, the value the page is ordered by, the
    person (read by the same query, so a page needs no second look-up of its people), and
    its position in the page's order (its rank by that value)."""

    value: float
    score: ScoreSummary
    person: Person | None = None
    position: int = 0


@dataclass(frozen=True)
class InfluenceLink:
    person: str
    weight: float
    interactions: int
    last_at: datetime | None


@dataclass(frozen=True)
class PathLink:
    source: str
    target: str
    weight: float
    interactions: int
    last_at: datetime | None


@dataclass(frozen=True)
class InfluencePath:
    people: list[str]
    links: list[PathLink]
    weakest: float
    total: float


@dataclass(frozen=True)
class Community:
    id: str
    algorithm: str
    number: int
    size: int
    topic: str
    job_id: str
    computed_at: datetime


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    weight: float


@dataclass(frozen=True)
class Network:
    nodes: list[ScoreSummary]
    edges: list[NetworkEdge]


@dataclass(frozen=True)
class Evaluation:
    """A finished back-test of a topic: its parameters and figures (JSON-shaped, see
    service/analytics/evaluation.py); its id is its job's id."""

    id: str
    topic: str
    job_id: str
    params: dict[str, Any]
    figures: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime


@dataclass(frozen=True)
class TopicScoring:
    """The blend a topic's analyses use; `weights` None means the service's defaults."""

    weights: dict[str, float] | None
    half_life_days: float | None
    metric: str | None
    value: float | None
    evaluation_id: str | None
    calibrated_at: datetime | None

    @property
    def calibrated(self) -> bool:
        return self.weights is not None


class InputRefused(ValueError):
    """A value a domain refuses before writing anything: `argument` names the argument (or
    input field) at fault. The API answers INVALID_ARGUMENT naming it; the CLI exits 1."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument
        self.message = message
