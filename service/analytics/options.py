"""What an analysis job may be told: its window, weights, decay, algorithms and projection."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from service.analytics.scoring import BLEND, BLENDABLE
from service.ingest.records import InteractionType
from service.settings import Settings

Centrality = Literal["pagerank", "articlerank", "betweenness", "degree", "eigenvector", "hits"]
CommunityAlgorithm = Literal["louvain", "leiden", "labelPropagation", "wcc"]
CENTRALITIES: tuple[Centrality, ...] = (
    "pagerank",
    "articlerank",
    "betweenness",
    "degree",
    "eigenvector",
    "hits",
)
# What every score needs: authority (PageRank) and resonance (weighted in-degree).
REQUIRED: tuple[Centrality, ...] = ("pagerank", "degree")
# The centrality a blendable component comes from, for those that need one of their own.
SOURCE_OF: dict[str, Centrality] = {
    "betweenness": "betweenness",
    "articleRank": "articlerank",
    "eigenvector": "eigenvector",
    "authScore": "hits",
    "hubScore": "hits",
}


def _default_communities() -> list[CommunityAlgorithm]:
    return ["louvain", "wcc"]


class AnalysisError(RuntimeError):
    """An analysis cannot run; the message says why, for the job's `error`."""


class AnalysisOptions(BaseModel):
    """Options of one analysis. Unset fields take the service's settings when the job is queued,
    so a job records exactly what it ran with."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    since: AwareDatetime | None = Field(default=None, description="window start (inclusive)")
    until: AwareDatetime | None = Field(default=None, description="window end (exclusive)")
    as_of: AwareDatetime | None = Field(
        default=None, description="decay reference time; unset: the window end, or job start"
    )
    half_life_days: float | None = Field(
        default=None, ge=0, description="time decay half-life; 0 = no decay; unset = setting"
    )
    weights: dict[InteractionType, Annotated[float, Field(ge=0)]] | None = Field(
        default=None,
        description="weight per interaction type (>= 0, as the WEIGHT_* settings); missing "
        "types take the setting",
    )
    recency_half_life_days: float | None = Field(
        default=None,
        gt=0,
        description="half-life of the recency component; unset = ANALYSIS_RECENCY_HALF_LIFE_DAYS",
    )
    momentum_recent_share: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="last share of the window that momentum compares with the part before; "
        "unset = ANALYSIS_MOMENTUM_RECENT_SHARE",
    )
    blend: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        default=None,
        description="weight per component in the score (>= 0, at least one > 0; components "
        "not named weigh 0); unset = the default blend (scoring.BLEND)",
    )
    centrality: list[Centrality] | None = Field(
        default=None,
        description="centrality algorithms to run besides what the score needs (pagerank, "
        "degree, and the source of every blend component weighing above 0); unset: the default "
        "set, which adds only betweenness, and only on graphs small enough for it to be exact "
        "(BETWEENNESS_EXACT_MAX_NODES), for the bridge role",
    )
    communities: list[CommunityAlgorithm] = Field(
        default_factory=_default_communities,
        description="community algorithms; the first gives the `community` of each person",
    )
    projection: Literal["cypher", "native"] | None = None
    damping_factor: float = Field(default=0.85, gt=0, lt=1)
    max_iterations: int = Field(default=100, ge=1, le=1000)
    tolerance: float = Field(default=1e-7, gt=0)
    betweenness_sample_size: int | None = Field(
        default=None, ge=1, description="sampled sources; unset = exact on small graphs"
    )
    seed: int = Field(default=42, description="random seed (Leiden, sampled betweenness)")
    concurrency: int | None = Field(default=None, ge=1, le=4)
    max_memory_bytes: int | None = Field(
        default=None, gt=0, description="memory budget; unset = setting, else available heap"
    )

    @model_validator(mode="after")
    def _required_algorithms(self) -> AnalysisOptions:
        for needed in REQUIRED:
            if self.centrality is not None and needed not in self.centrality:
                self.centrality.append(needed)
        if not self.communities:
            self.communities = ["louvain"]
        if self.since and self.until and self.since >= self.until:
            raise ValueError("since must be before until")
        return self

    @field_validator("blend")
    @classmethod
    def _known_components(cls, blend: dict[str, float] | None) -> dict[str, float] | None:
        if blend is None:
            return None
        unknown = sorted(set(blend) - set(BLENDABLE))
        if unknown:
            raise ValueError(
                f"unknown component(s) {', '.join(unknown)}; known: " + ", ".join(BLENDABLE)
            )
        if not any(w > 0 for w in blend.values()):
            raise ValueError("at least one weight must be above 0")
        return blend

    def resolved(self, settings: Settings) -> AnalysisOptions:
        """A copy with every default taken from the settings."""
        weights = settings.interaction_weights | dict(self.weights or {})
        half_life = (
            self.half_life_days
            if self.half_life_days is not None
            else (settings.analysis_half_life_days or 0.0)
        )
        return self.model_copy(
            update={
                "weights": weights,
                "half_life_days": half_life,
                "recency_half_life_days": self.recency_half_life_days
                or settings.analysis_recency_half_life_days,
                "momentum_recent_share": self.momentum_recent_share
                or settings.analysis_momentum_recent_share,
                "blend": dict(self.blend) if self.blend is not None else dict(BLEND),
                "projection": self.projection or settings.analysis_projection,
                "concurrency": self.concurrency or settings.analysis_concurrency,
                "max_memory_bytes": self.max_memory_bytes or settings.analysis_max_memory_bytes,
            }
        )

    def centralities(self, node_count: int, exact_betweenness_max_nodes: int) -> list[Centrality]:
        """The centralities a run on a graph of `node_count` nodes computes: those named (or
        the default set) plus the source of every component the blend weighs, the named ones
        first, in their order. A component weighing 0 costs nothing unless asked for."""
        chosen: set[Centrality] = set(REQUIRED)
        if self.centrality is not None:
            chosen |= set(self.centrality)
        elif node_count <= exact_betweenness_max_nodes:
            chosen.add("betweenness")
        blend = self.blend if self.blend is not None else BLEND
        chosen |= {SOURCE_OF[c] for c, weight in blend.items() if weight > 0 and c in SOURCE_OF}
        named = list(self.centrality or [])
        return [c for c in named + [c for c in CENTRALITIES if c not in named] if c in chosen]

    def window(self) -> tuple[str | None, str | None]:
        return (
            self.since.isoformat() if self.since else None,
            self.until.isoformat() if self.until else None,
        )
