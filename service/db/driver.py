"""The Neo4j driver, built from settings, and connection errors that name the setting to fix."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, GraphDatabase, NotificationMinimumSeverity
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from service.db.queries import Queries
from service.settings import Settings


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be used; the message is one line that says which setting to check."""


@dataclass(frozen=True)
class ServerInfo:
    neo4j_version: str
    edition: str
    gds_version: str | None


def _auth(settings: Settings) -> tuple[str, str]:
    return (settings.neo4j_user, settings.neo4j_password.get_secret_value())


def create_async_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.bolt_uri,
        auth=_auth(settings),
        connection_timeout=settings.neo4j_connect_timeout,
        connection_acquisition_timeout=settings.neo4j_connect_timeout * 2,
        max_transaction_retry_time=settings.neo4j_retry_time,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def create_sync_driver(settings: Settings) -> neo4j.Driver:
    return GraphDatabase.driver(
        settings.bolt_uri,
        auth=_auth(settings),
        connection_timeout=settings.neo4j_connect_timeout,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def explain_connection_error(exc: Exception, settings: Settings) -> DatabaseUnavailable:
    where = f"NEO4J_URI={settings.bolt_uri}"
    if isinstance(exc, AuthError):
        return DatabaseUnavailable(
            f"Neo4j at {where} refused user '{settings.neo4j_user}': "
            "check NEO4J_USER and NEO4J_PASSWORD."
        )
    if isinstance(exc, ServiceUnavailable | OSError):
        hint = (
            "start it with `influence-graph neo4j start`"
            if settings.uses_local_neo4j
            else "check NEO4J_URI and that the server is up"
        )
        return DatabaseUnavailable(f"Cannot reach Neo4j at {where}: {hint}.")
    if isinstance(exc, ClientError) and "database" in str(exc.message or "").lower():
        return DatabaseUnavailable(
            f"Neo4j at {where} has no usable database '{settings.neo4j_database}': "
            "check NEO4J_DATABASE."
        )
    if isinstance(exc, Neo4jError):
        return DatabaseUnavailable(f"Neo4j at {where} answered with an error: {exc.message}")
    return DatabaseUnavailable(f"Neo4j at {where} could not be used: {exc}")


def ping_gds(settings: Settings) -> str:
    """Return the GDS version of the server, or raise DatabaseUnavailable."""
    try:
        with create_sync_driver(settings) as driver:
            records, _, _ = driver.execute_query(
                Queries(settings.cypher_dir)["server/gds_version"].text,
                database_=settings.neo4j_database,
                routing_=neo4j.RoutingControl.READ,
            )
            return str(records[0]["version"])
    except Exception as exc:
        raise explain_connection_error(exc, settings) from exc
