"""Stored times read back from the ISO strings the queries return."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from neo4j.time import DateTime

from service.db.times import instant, optional_instant


def test_iso_strings_as_neo4j_writes_them_are_the_same_instants() -> None:
    assert instant("2026-03-01T10:00:00Z") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    # Neo4j keeps nanoseconds; Python has microseconds.
    assert instant("2026-03-01T10:00:00.123456789Z") == datetime(
        2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC
    )
    paris = instant("2026-03-01T11:00:00+01:00[Europe/Paris]")
    assert paris == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert paris.utcoffset() == timedelta(hours=1)
    assert instant(DateTime(2026, 3, 1, 10, 0, 0, tzinfo=UTC)) == datetime(
        2026, 3, 1, 10, tzinfo=UTC
    )
    assert optional_instant(None) is None
