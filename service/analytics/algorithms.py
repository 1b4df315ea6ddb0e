"""What the algorithm modules share: the result of one run, and what the server offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.db.gds import run_query
from service.db.queries import Queries

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience


@dataclass(frozen=True)
class AlgorithmRun:
    name: str
    properties: tuple[str, ...]  # node properties it added to the projection
    seconds: float
    details: dict[str, float | int | bool] = field(default_factory=dict)


def offered_procedures(gds: GraphDataScience, queries: Queries) -> frozenset[str]:
    """The GDS procedures of this server (`gds.list()`): tiers and versions differ."""
    return frozenset(str(r["name"]) for r in run_query(gds, queries, "analytics/gds_procedures"))
