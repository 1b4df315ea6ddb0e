"""Errors a client can act on. Each carries a machine-readable `extensions.code`.

Anything else raised in a resolver is unexpected: it is masked as INTERNAL_ERROR, with the
request id that the log line carries too (see extensions.ErrorShaping).
"""

from __future__ import annotations

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


class TopicNotAnalysed(ApiError):
    code = "TOPIC_NOT_ANALYSED"


class DatabaseUnavailableError(ApiError):
    code = "DATABASE_UNAVAILABLE"


class PageSizeExceeded(ApiError):
    code = "PAGE_SIZE_EXCEEDED"


class ResultsReplaced(ApiError):
    code = "RESULTS_REPLACED"
