"""The webhook settings, a part of `Settings` (service/settings.py) kept in its own module."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings


class WebhookSettings(BaseSettings):
    webhook_allow_private_targets: bool = Field(
        default=False,
        description="Deliver webhooks to loopback, private and link-local addresses (a "
        "receiver on this machine, for development). Off in production, whatever it is set to.",
    )
    webhook_timeout: float = Field(
        default=10.0, gt=0, description="Seconds one delivery attempt may take (connect to end)."
    )
    webhook_max_attempts: int = Field(
        default=8,
        ge=1,
        description="Attempts of a delivery before it is parked in the dead-letter list.",
    )
    webhook_backoff_base: float = Field(
        default=2.0,
        gt=0,
        description="Seconds before the first retry; each later retry waits twice as long "
        "(with full jitter), at most WEBHOOK_BACKOFF_MAX.",
    )
    webhook_backoff_max: float = Field(
        default=3600.0, gt=0, description="Longest wait between two attempts, in seconds."
    )
    webhook_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="A delivery leased by a worker that did not record its attempt within this "
        "long is attempted again (its worker died): at least once, never lost.",
    )
    webhook_poll_interval: float = Field(
        default=1.0, gt=0, description="Seconds an idle delivery loop waits before looking again."
    )
    webhook_batch: int = Field(
        default=10, ge=1, le=100, description="Deliveries one loop leases and sends at once."
    )
    run_webhooks_in_worker: bool = Field(
        default=True,
        description="`influence-graph worker` also delivers webhooks (a loop beside its jobs).",
    )
