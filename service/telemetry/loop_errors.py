"""What a background loop (analysis worker, webhook deliveries, crisis watch) logs when a
round fails: Neo4j out of reach is one warning when the outage starts and one line when it
ends, not a traceback every poll; any other failure is logged with its traceback."""

from __future__ import annotations

import logging

from service.db.driver import DatabaseUnavailable


class LoopErrors:
    def __init__(self, log: logging.Logger, loop: str) -> None:
        self.log = log
        self.loop = loop
        self.unavailable = False

    def failed(self, exc: Exception) -> None:
        """Log a failed round (call from the `except` block, for the traceback)."""
        if isinstance(exc, DatabaseUnavailable):
            if not self.unavailable:
                self.log.warning("%s paused, retrying until Neo4j answers: %s", self.loop, exc)
            self.unavailable = True
        else:
            self.log.exception("%s round failed; retrying", self.loop)

    def succeeded(self) -> None:
        if self.unavailable:
            self.log.warning("%s resumed: Neo4j answers again", self.loop)
        self.unavailable = False
