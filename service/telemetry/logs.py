"""Structured logs: one JSON object per line, carrying the request id when there is one."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from service.telemetry.request_id import current_request_id

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # The id the record was stamped with (extra={"requestId": ...}), else the request
        # being served while it is formatted.
        request_id = getattr(record, "requestId", None) or current_request_id.get()
        if request_id is not None:
            entry["requestId"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "requestId" and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str, json_logs: bool) -> None:
    handler = logging.StreamHandler()
    if json_logs:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The driver's own notifications are noise at INFO.
    logging.getLogger("neo4j").setLevel(max(logging.WARNING, root.level))
