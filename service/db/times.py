"""Stored times as aware datetimes. Queries the API reads often return them as ISO-8601
strings (`toString(...)`): the driver turns a temporal value into a neo4j.time object at
about 75 µs each, a string costs next to nothing and `fromisoformat` little more."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def instant(value: Any) -> datetime:
    """An ISO-8601 string (a zone id such as `[Europe/Paris]` after the offset is ignored:
    the offset says the instant) or a driver temporal value."""
    if isinstance(value, str):
        return datetime.fromisoformat(value.split("[", 1)[0])
    native: datetime = value.to_native()
    return native


def optional_instant(value: Any) -> datetime | None:
    return None if value is None else instant(value)
