"""What the algorithm modules share: the result of one run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AlgorithmRun:
    name: str
    properties: tuple[str, ...]  # node properties it added to the projection
    seconds: float
    details: dict[str, float | int | bool] = field(default_factory=dict)
