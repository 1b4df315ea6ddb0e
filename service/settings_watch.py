"""Settings of relationship stages and crisis watch (docs/relationships-and-alerts.md).

A mixin of `Settings`, kept apart so the main settings module stays readable.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings


class WatchSettings(BaseSettings):
    # --- Relationship stages -----------------------------------------------------------
    relationship_prompt_hours: float = Field(
        default=48.0,
        ge=0,
        description="An act of a person toward the brand is prompted when one of the brand's "
        "representatives engaged that person within this many hours before it.",
    )
    advocate_window_days: float = Field(
        default=30.0,
        gt=0,
        description="Advocate: unprompted positive acts toward the brand on ADVOCATE_MIN_DAYS "
        "distinct UTC days within a window of this many days.",
    )
    advocate_min_days: int = Field(
        default=3, ge=1, description="Distinct days of unprompted positive acts for advocate."
    )
    advocate_min_sentiment: float = Field(
        default=0.3,
        ge=-1,
        le=1,
        description="An act with a sentiment is positive from this value up; one without is "
        "positive when it is an endorsement (share, quote, like).",
    )

    # --- Crisis watch ------------------------------------------------------------------
    alert_negative_sentiment: float = Field(
        default=-0.3,
        ge=-1,
        le=1,
        description="An act toward a representative is negative at or below this sentiment.",
    )
    alert_baseline_days: int = Field(
        default=28, ge=3, description="Days of the trailing baseline a day is compared with."
    )
    alert_min_history_days: int = Field(
        default=7,
        ge=1,
        description="A day is judged only after this many days of engagement with the brand.",
    )
    alert_z_threshold: float = Field(
        default=3.5, gt=0, description="Robust z-score from which a day is a negative surge."
    )
    alert_min_volume: float = Field(
        default=5.0,
        ge=0,
        description="Least weighted negative volume of a day for a surge (acts x (1 + score/100)).",
    )
    alert_quiet_days: int = Field(
        default=2,
        ge=1,
        description="Surge days this close belong to one alert; an alert with no surge day in "
        "the last ALERT_QUIET_DAYS days of data is resolved by detection.",
    )
    alert_horizon_days: int = Field(
        default=90, ge=1, description="Days (before the latest data) detection looks at."
    )
    alert_watch_interval: float = Field(
        default=900.0,
        gt=0,
        description="Seconds between two detection runs over every brand by the worker.",
    )

    # --- Detractors (DETRACTOR_EMERGED) -------------------------------------------------
    detractor_window_days: int = Field(
        default=7,
        ge=1,
        description="A person emerges as a detractor on the last day of a window of this many "
        "days holding their negative acts toward the brand (and none in the ALERT_BASELINE_DAYS "
        "before it).",
    )
    detractor_min_acts: int = Field(
        default=5, ge=1, description="Least negative interactions of the window for a detractor."
    )
    detractor_min_days: int = Field(
        default=1, ge=1, description="Least distinct UTC days of the window with such acts."
    )
    detractor_min_weight: float = Field(
        default=7.5,
        ge=0,
        description="Least weighted volume of the window's acts (acts x (1 + score/100)).",
    )

    @model_validator(mode="after")
    def _detractor_days_fit(self) -> Self:
        # Otherwise the rule can never hold, silently.
        if self.detractor_min_days > self.detractor_window_days:
            raise ValueError(
                f"DETRACTOR_MIN_DAYS ({self.detractor_min_days}) must not exceed "
                f"DETRACTOR_WINDOW_DAYS ({self.detractor_window_days})"
            )
        return self
