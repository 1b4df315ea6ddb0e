"""The events a webhook may subscribe to, and the error that names a refused argument."""

from __future__ import annotations

from service.models import InputRefused

ALERT_RAISED = "alert.raised"
ALERT_RESOLVED = "alert.resolved"
ANALYSIS_FINISHED = "analysis.finished"
EVALUATION_FINISHED = "evaluation.finished"
SHORTLIST_FINISHED = "shortlist.finished"
CAMPAIGN_RESULTS_UPDATED = "campaign.results_updated"
TEST = "webhook.test"  # sent by `influence-graph webhooks test` only; not subscribable

EVENTS: tuple[str, ...] = (
    ALERT_RAISED,
    ALERT_RESOLVED,
    ANALYSIS_FINISHED,
    EVALUATION_FINISHED,
    CAMPAIGN_RESULTS_UPDATED,
    SHORTLIST_FINISHED,
)


class WebhookInputError(InputRefused):
    """A refused argument: `argument` names it; nothing was written."""


def checked_events(events: list[str] | tuple[str, ...]) -> list[str]:
    """The events, deduplicated in order; an unknown or missing one is a WebhookInputError."""
    wanted = list(dict.fromkeys(events))
    if not wanted:
        raise WebhookInputError("events", f"name at least one event: {', '.join(EVENTS)}")
    unknown = [e for e in wanted if e not in EVENTS]
    if unknown:
        raise WebhookInputError(
            "events",
            f"unknown event(s) {', '.join(map(repr, unknown))}; choose from {', '.join(EVENTS)}",
        )
    return wanted
