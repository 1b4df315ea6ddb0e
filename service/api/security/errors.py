"""A request refused before GraphQL runs: a GraphQL error response with an HTTP status."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse


class Rejection(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        status: int,
        headers: dict[str, str] | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers or {}
        self.details = details

    def response(self) -> JSONResponse:
        error = {"message": self.message, "extensions": {"code": self.code, **self.details}}
        return JSONResponse({"errors": [error]}, status_code=self.status, headers=self.headers)
