"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from service.api.security.limits import Budget
from service.api.security.scopes import Principal
from service.db.database import Database
from service.models import Community, InfluenceScore, Person, PersonStats, Topic
from service.settings import Settings
from service.telemetry.metrics import Metrics


@dataclass
class Loaders:
    person: DataLoader[str, Person | None]
    topic: DataLoader[str, Topic | None]
    person_stats: DataLoader[str, PersonStats | None]
    topic_children: DataLoader[str, list[Topic]]
    score: DataLoader[tuple[str, str], InfluenceScore | None]
    community: DataLoader[str, Community | None]
    community_leaders: DataLoader[str, list[str]]


@dataclass
class Context:
    db: Database
    settings: Settings
    loaders: Loaders
    request_id: str
    principal: Principal
    budget: Budget
    metrics: Metrics | None = None
    # The payload of a WebSocket's connection_init (strawberry sets it); None over HTTP.
    connection_params: dict[str, object] | None = None
    # (operation type, whether it had errors) per operation run: the response cache's guide.
    outcomes: list[tuple[str, bool]] = field(default_factory=list)
