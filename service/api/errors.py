"""Errors a client can act on. Each carries a machine-readable `extensions.code`.

Anything else raised in a resolver is unexpected: it is masked as INTERNAL_ERROR, with the
request id that the log line carries too (see extensions.ErrorShaping).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ApiError(Exception):
    code = "BAD_REQUEST"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": self.code, **details}


class NotFound(ApiError):
    code = "NOT_FOUND"


class InvalidArgument(ApiError):
    code = "INVALID_ARGUMENT"


def require_one_of(argument: str, value: str | None, allowed: Sequence[str]) -> None:
    """INVALID_ARGUMENT naming `argument` and listing `allowed` when `value` is not one of
    them: a misspelt value must not read as an empty result."""
    if value is not None and value not in allowed:
        raise InvalidArgument(
            f"`{argument}` is {value!r}; it must be one of: {', '.join(allowed)}.",
            argument=argument,
            allowed=list(allowed),
        )


class TopicNotAnalysed(ApiError):
    code = "TOPIC_NOT_ANALYSED"


class DatabaseUnavailableError(ApiError):
    code = "DATABASE_UNAVAILABLE"


class PageSizeExceeded(ApiError):
    code = "PAGE_SIZE_EXCEEDED"


class ResultsReplaced(ApiError):
    code = "RESULTS_REPLACED"
