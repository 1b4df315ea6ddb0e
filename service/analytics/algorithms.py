"""What the algorithm modules share: the result of one run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AlgorithmRun:
    name: str
    properties: tuple[str, ...]  # node properties it added to the projection
    seconds: float
    details: dict[str, float | int | bool] = field(default_factory=dict)
    # Values streamed rather than added to the projection, by GDS node id: {property: value}.
    streamed: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
