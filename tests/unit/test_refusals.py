"""Refusals: every one counted, log lines at a bounded rate, held-back lines reported."""

from __future__ import annotations

import logging

import pytest

from service.api.security.refusals import Refusals
from service.telemetry.metrics import Metrics


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "influence_graph.api.security"]


def test_a_flood_is_counted_whole_and_logged_at_the_bounded_rate(
    caplog: pytest.LogCaptureFixture,
) -> None:
    metrics = Metrics()
    clock = Clock()
    refusals = Refusals(metrics, lines_per_second=2.0, burst=3, clock=clock)
    with caplog.at_level(logging.WARNING, logger="influence_graph.api.security"):
        for _ in range(10):
            refusals.note("UNAUTHENTICATED", "invalid_key", "k1")
        assert len(lines(caplog)) == 3  # the burst; seven held back
        clock.now = 1.0  # two lines' worth of rate
        refusals.note("UNAUTHENTICATED", "missing_key", None)
        refusals.note("UNAUTHENTICATED", "missing_key", None)
        refusals.note("UNAUTHENTICATED", "missing_key", None)
    logged = lines(caplog)
    assert len(logged) == 5
    assert [getattr(r, "heldBack", None) for r in logged] == [None, None, None, 7, None]
    assert "heldBack=7" in logged[3].getMessage()
    assert logged[3].reason == "missing_key"  # type: ignore[attr-defined]
    assert all(r.levelno == logging.WARNING for r in logged)

    def counted(reason: str) -> float | None:
        return metrics.registry.get_sample_value("influence_refusals_total", {"reason": reason})

    assert (counted("invalid_key"), counted("missing_key")) == (10.0, 3.0)


def test_a_line_names_the_key_id_and_details_never_more(caplog: pytest.LogCaptureFixture) -> None:
    refusals = Refusals(None)
    with caplog.at_level(logging.WARNING, logger="influence_graph.api.security"):
        refusals.note("FORBIDDEN", "missing_scope", "k7", field="Mutation.x", requiredScope="write")
        refusals.count("rate_limited")
    (line,) = lines(caplog)
    assert line.getMessage() == (
        "refused: code=FORBIDDEN reason=missing_scope keyId=k7 field=Mutation.x requiredScope=write"
    )
