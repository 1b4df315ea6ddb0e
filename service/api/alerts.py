"""GraphQL for crisis watch: a brand's alerts, acknowledging and resolving them, and a
subscription to a brand's alerts as they are raised or change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from enum import Enum
from typing import Any, TypeVar

import strawberry

from service.alerts import lifecycle
from service.api.context import Context
from service.api.errors import refusing_bad_input
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.security.cost import costs
from service.api.types import Person, person_by_id

Info = strawberry.Info[Context, None]
T = TypeVar("T")
POLL_SECONDS = 1.0
WATCHED = 100  # the newest alerts a subscription watches


@strawberry.enum(description="What an alert is about.")
class AlertKind(Enum):
    NEGATIVE_SURGE = strawberry.enum_value(
        "NEGATIVE_SURGE", description="The brand's weighted negative engagement on a topic surged."
    )
    DETRACTOR_EMERGED = strawberry.enum_value(
        "DETRACTOR_EMERGED",
        description="One person, not negative toward the brand before, turned on it (the "
        "alert's one driver).",
    )


@strawberry.enum(description="Where an alert stands.")
class AlertStatus(Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


@strawberry.type(description="A person behind an alert, with evidence.")
class AlertDriver:
    person_id: strawberry.ID
    weight: float = strawberry.field(description="Their weighted negative acts in the alert.")
    community: str | None = strawberry.field(description="Their community on the topic.")
    evidence: list[strawberry.ID] = strawberry.field(description="Interaction ids (up to 5).")

    @strawberry.field(description="The person.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="Someone who can answer for the brand: closest to the drivers.")
class AlertResponder:
    person_id: strawberry.ID
    role: str = strawberry.field(description="Representative role, or advocate.")
    community: str | None
    shares_community: bool = strawberry.field(description="In the community of one of the drivers.")

    @strawberry.field(description="The person.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


def _driver(d: Mapping[str, Any]) -> AlertDriver:
    return AlertDriver(person_id=strawberry.ID(d["person"]), weight=float(d["weight"]),
                       community=d["community"],
                       evidence=[strawberry.ID(e) for e in d["evidence"]])  # fmt: skip


def _responder(r: Mapping[str, Any]) -> AlertResponder:
    return AlertResponder(person_id=strawberry.ID(r["person"]), role=str(r["role"]),
                          community=r["community"],
                          shares_community=bool(r["sharesCommunity"]))  # fmt: skip


@strawberry.type(description="A crisis-watch alert (docs/relationships-and-alerts.md).")
class Alert:
    id: strawberry.ID
    brand: strawberry.ID
    topic: strawberry.ID
    kind: AlertKind
    started_at: str = strawberry.field(
        description="The first surge day, or the day the detractor emerged (UTC midnight)."
    )
    severity: float = strawberry.field(
        description="Largest robust z-score of its surge days; for a detractor, the weighted "
        "volume of the window they emerged in over DETRACTOR_MIN_WEIGHT."
    )
    status: AlertStatus
    volume: float = strawberry.field(
        description="Weighted negative volume of its surge days (a detractor's: of their acts "
        "in the alert)."
    )
    baseline: float = strawberry.field(
        description="Baseline median before its first day (0 for a detractor)."
    )
    drivers: list[AlertDriver]
    responders: list[AlertResponder]
    acknowledged_at: str | None
    resolved_at: str | None

    @classmethod
    def of(cls, a: lifecycle.Alert) -> Alert:
        return cls(
            id=strawberry.ID(a.id), brand=strawberry.ID(a.brand), topic=strawberry.ID(a.topic),
            kind=AlertKind(a.kind), started_at=a.started_at.isoformat(), severity=a.severity,
            status=AlertStatus(a.status), volume=a.volume, baseline=a.baseline,
            drivers=[_driver(d) for d in a.drivers],
            responders=[_responder(r) for r in a.responders],
            acknowledged_at=a.acknowledged_at.isoformat() if a.acknowledged_at else None,
            resolved_at=a.resolved_at.isoformat() if a.resolved_at else None,
        )  # fmt: skip


def _cursor(a: lifecycle.Alert) -> str:
    return encode_cursor("alert", [a.started_at.isoformat(), a.id])


@strawberry.type
class AlertQueries:
    @strawberry.field(
        description="A brand's alerts, newest first, optionally in one status (an unknown "
        "brand is INVALID_ARGUMENT).",
        metadata=costs(10),
    )
    async def alerts(
        self,
        info: Info,
        brand: strawberry.ID,
        status: AlertStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Alert]:
        db = info.context.db
        size = page_size(first, info.context.settings)
        position = decode_cursor("alert", after, (str, str))
        wanted = status.value if status else None
        key = (position[0], position[1]) if position else None
        rows = await refusing_bad_input(
            lambda: lifecycle.page(db, str(brand), wanted, key, size + 1)
        )
        return build_connection(
            rows, size, had_cursor=after is not None, to_node=Alert.of, cursor_of=_cursor,
            count=lambda: lifecycle.count(db, str(brand), wanted),
        )  # fmt: skip


@strawberry.type
class AlertMutations:
    @strawberry.mutation(
        description="Acknowledge an alert (unknown or resolved: INVALID_ARGUMENT on id).",
        metadata=costs(20),
    )
    async def acknowledge_alert(self, info: Info, id: strawberry.ID) -> Alert:
        db = info.context.db
        return Alert.of(await refusing_bad_input(lambda: lifecycle.acknowledge(db, str(id))))

    @strawberry.mutation(
        description="Resolve an alert (unknown: INVALID_ARGUMENT on id; resolving a resolved "
        "one changes nothing).",
        metadata=costs(20),
    )
    async def resolve_alert(self, info: Info, id: strawberry.ID) -> Alert:
        db = info.context.db
        found, _changes = await refusing_bad_input(lambda: lifecycle.resolve(db, str(id)))
        return Alert.of(found)


@strawberry.type
class AlertSubscription:
    @strawberry.subscription(
        description="A brand's alerts: those not resolved yet at once (oldest first), then each "
        f"one as it is raised or changes status (the newest {WATCHED} watched); an unknown "
        "brand is INVALID_ARGUMENT.",
        metadata=costs(10),
    )
    async def alerts(self, info: Info, brand: strawberry.ID) -> AsyncGenerator[Alert, None]:
        db = info.context.db
        now = await refusing_bad_input(lambda: lifecycle.page(db, str(brand), None, None, WATCHED))
        seen: dict[str, tuple[str, float]] = {a.id: (a.status, a.severity) for a in now}
        for a in reversed(now):
            if a.status != "resolved":
                yield Alert.of(a)
        while True:
            await asyncio.sleep(POLL_SECONDS)
            for a in reversed(await lifecycle.page(db, str(brand), None, None, WATCHED)):
                if seen.get(a.id) != (a.status, a.severity):
                    seen[a.id] = (a.status, a.severity)
                    yield Alert.of(a)
