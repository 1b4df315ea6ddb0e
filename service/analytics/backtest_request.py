"""What a back-test is asked: the split, the horizon, k, the target, whether to calibrate; read
from the CLI's or the API's text and checked against the topic's data before anything is
queued. Each refusal names the argument it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from service.analytics.options import AnalysisError
from service.db.evaluations import TopicSpan

TARGETS = ("engagement", "shares")
_HORIZON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([hdw]?)\s*$")
_UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "": 1.0}
_RELATIVE = re.compile(r"^\s*\+\s*(\d+(?:\.\d+)?)\s*d?\s*$")


class BacktestInputError(AnalysisError):
    """A refused back-test argument: `argument` names it as the API spells it."""

    def __init__(self, message: str, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True)
class BacktestRequest:
    split_at: datetime
    horizon_days: float
    k: int
    target: str
    calibrate: bool

    @property
    def horizon_end(self) -> datetime:
        return self.split_at + timedelta(days=self.horizon_days)

    def params(self) -> dict[str, Any]:
        return {
            "splitAt": self.split_at.isoformat(),
            "horizonDays": self.horizon_days,
            "k": self.k,
            "target": self.target,
            "calibrate": self.calibrate,
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> BacktestRequest:
        return cls(
            split_at=datetime.fromisoformat(params["splitAt"]),
            horizon_days=float(params["horizonDays"]),
            k=int(params["k"]),
            target=str(params["target"]),
            calibrate=bool(params["calibrate"]),
        )


def parse_horizon(text: str) -> float:
    """`7d`, `36h`, `2w` or a plain number of days, as days; refused unless above 0."""
    match = _HORIZON.match(text)
    if match is None:
        raise BacktestInputError(
            f"horizon {text!r} is not a duration: write it as 7d, 36h, 2w or a number of days",
            "horizon",
        )
    days = float(match.group(1)) * _UNIT_DAYS[match.group(2)]
    if days <= 0:
        raise BacktestInputError(f"horizon must be longer than 0 (got {text!r})", "horizon")
    return days


def parse_split(text: str, span: TopicSpan) -> datetime:
    """An ISO 8601 date or time (no zone: UTC), or `+N` / `+Nd`: N days after the topic's first
    interaction."""
    relative = _RELATIVE.match(text)
    if relative is not None and span.first is not None:
        return span.first + timedelta(days=float(relative.group(1)))
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BacktestInputError(
            f"splitAt {text!r} is not a date: write it in ISO 8601 (2026-03-01 or "
            "2026-03-01T00:00:00+00:00), or +N for N days after the topic's first interaction",
            "splitAt",
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def checked(
    topic: str,
    span: TopicSpan,
    split_at: str,
    horizon: str,
    k: int,
    target: str,
    calibrate: bool,
) -> BacktestRequest:
    """The request, or BacktestInputError naming the first argument refused."""
    if not span.found:
        raise BacktestInputError(f"unknown topic '{topic}'", "topic")
    days = parse_horizon(horizon)
    if k <= 0:
        raise BacktestInputError(f"k must be at least 1 (got {k})", "k")
    if target not in TARGETS:
        raise BacktestInputError(
            f"target {target!r} is unknown; it must be one of: {', '.join(TARGETS)}", "target"
        )
    split = parse_split(split_at, span)
    if span.first is None or span.last is None:
        raise BacktestInputError(f"topic '{topic}' has no interactions to back-test", "topic")
    if not span.first < split <= span.last:
        raise BacktestInputError(
            f"splitAt {split.isoformat()} is outside the data of topic '{topic}': it must be "
            f"after its first interaction ({span.first.isoformat()}) and no later than its "
            f"last ({span.last.isoformat()})",
            "splitAt",
        )
    return BacktestRequest(split, days, k, target, calibrate)
