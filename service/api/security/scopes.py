"""Scopes, and the one table that says which scope each root field needs.

Every root field of Query, Mutation and Subscription must be listed in ROOT_FIELD_SCOPES: a
field that is not is refused to everyone (fail closed), and tests/unit/test_scopes.py fails
until it is listed, so a new operation cannot ship without a declared scope.
`admin` holds every other scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    ANALYZE = "analyze"
    ADMIN = "admin"
    METRICS = "metrics"  # reading /metrics (no GraphQL field needs it)


ROOT_FIELD_SCOPES: dict[str, Scope] = {
    # Reading the graph, rankings and jobs.
    "Query.person": Scope.READ,
    "Query.people": Scope.READ,
    "Query.topic": Scope.READ,
    "Query.topics": Scope.READ,
    "Query.graphCounts": Scope.READ,
    "Query.serverInfo": Scope.READ,
    "Query.influencers": Scope.READ,
    "Query.whoInfluences": Scope.READ,
    "Query.influencedBy": Scope.READ,
    "Query.influencePath": Scope.READ,
    "Query.communities": Scope.READ,
    "Query.influenceNetwork": Scope.READ,
    "Query.job": Scope.READ,
    "Query.jobs": Scope.READ,
    "Query.evaluation": Scope.READ,
    "Query.evaluations": Scope.READ,
    "Query.campaignShortlist": Scope.READ,
    "Subscription.job": Scope.READ,
    "Query.brand": Scope.READ,
    "Query.campaign": Scope.READ,
    "Query.campaigns": Scope.READ,
    "Query.relationships": Scope.READ,
    "Query.relationship": Scope.READ,
    "Query.warmIntroductions": Scope.READ,
    "Query.alerts": Scope.READ,
    "Subscription.alerts": Scope.READ,
    # Pushing data in.
    "Mutation.upsertPeople": Scope.WRITE,
    "Mutation.upsertTopics": Scope.WRITE,
    "Mutation.recordInteractions": Scope.WRITE,
    "Mutation.recordFollows": Scope.WRITE,
    "Mutation.upsertBrands": Scope.WRITE,
    "Mutation.recordRepresents": Scope.WRITE,
    "Mutation.createCampaign": Scope.WRITE,
    "Mutation.updateCampaign": Scope.WRITE,
    "Mutation.enlist": Scope.WRITE,
    "Mutation.withdraw": Scope.WRITE,
    "Mutation.acknowledgeAlert": Scope.WRITE,
    "Mutation.resolveAlert": Scope.WRITE,
    # Running graph algorithms (heavy on Neo4j).
    "Mutation.runAnalysis": Scope.ANALYZE,
    "Mutation.cancelJob": Scope.ANALYZE,
    "Mutation.runEvaluation": Scope.ANALYZE,
    "Mutation.startShortlist": Scope.ANALYZE,
    # Irreversible.
    "Mutation.erasePerson": Scope.ADMIN,
    # Webhooks send the service's events to outside URLs, signed with secrets kept here.
    "Query.webhooks": Scope.ADMIN,
    "Query.webhookEvents": Scope.READ,
    "Mutation.createWebhook": Scope.ADMIN,
    "Mutation.deleteWebhook": Scope.ADMIN,
    "Mutation.replayWebhookDeliveries": Scope.ADMIN,
}


def required_scope(type_name: str, field_name: str) -> Scope | None:
    """The scope a root field needs; None when it declares none (and is then refused)."""
    return ROOT_FIELD_SCOPES.get(f"{type_name}.{field_name}")


def parse_scopes(text: str) -> frozenset[Scope]:
    """`read,write` → {READ, WRITE}; an unknown name is a ValueError naming it."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = {s.value for s in Scope}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"unknown scope(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}"
        )
    return frozenset(Scope(n) for n in names)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key (by id, never its secret) or an anonymous client."""

    key_id: str | None
    name: str
    scopes: frozenset[Scope]
    rate_limit: float | None = None

    @property
    def anonymous(self) -> bool:
        return self.key_id is None

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes or Scope.ADMIN in self.scopes
