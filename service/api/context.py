"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.api.loaders import Loaders
from service.api.security.limits import Budget
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal
from service.db.database import Database
from service.settings import Settings
from service.telemetry.metrics import Metrics


@dataclass
class Context:
    db: Database
    settings: Settings
    loaders: Loaders
    request_id: str
    principal: Principal
    budget: Budget
    metrics: Metrics | None = None
    refusals: Refusals | None = None
    # The payload of a WebSocket's connection_init (strawberry sets it); None over HTTP.
    connection_params: dict[str, object] | None = None
    # (operation type, whether it had errors) per operation run: the response cache's guide.
    outcomes: list[tuple[str, bool]] = field(default_factory=list)
