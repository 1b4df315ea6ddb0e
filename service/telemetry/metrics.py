"""Prometheus metrics of one app instance, in its own registry (no import-time globals)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "influence_http_requests_total",
            "HTTP requests by route and status code.",
            ["route", "status"],
            registry=self.registry,
        )
        self.graphql_operations = Histogram(
            "influence_graphql_operation_seconds",
            "GraphQL operation latency by operation name and type.",
            ["operation", "type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "influence_graphql_errors_total",
            "GraphQL errors by operation and extensions.code.",
            ["operation", "code"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "influence_refusals_total",
            "Callers refused before anything ran, by reason: missing_key, malformed_key and "
            "invalid_key (401), missing_scope and undeclared_field (FORBIDDEN), rate_limited "
            "(429; counted, not logged).",
            ["reason"],
            registry=self.registry,
        )
        self.response_cache = Counter(
            "influence_graphql_response_cache_total",
            "GraphQL response cache look-ups by outcome (hit, miss) and stores.",
            ["outcome"],
            registry=self.registry,
        )
        self.cypher_queries = Histogram(
            "influence_cypher_query_seconds",
            "Neo4j query latency by cypher/ file.",
            ["query"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.job_seconds = Gauge(
            "influence_job_duration_seconds_sum",
            "Total run time of finished analysis jobs by kind and final status (scrape time).",
            ["kind", "status"],
            registry=self.registry,
        )
        self.jobs_finished = Gauge(
            "influence_job_duration_seconds_count",
            "Finished analysis jobs by kind and final status (read at scrape time).",
            ["kind", "status"],
            registry=self.registry,
        )
        self.jobs = Gauge(
            "influence_jobs",
            "Analysis jobs in the graph by status (read at scrape time).",
            ["status"],
            registry=self.registry,
        )

    def observe_query(self, name: str, seconds: float) -> None:
        self.cypher_queries.labels(query=name).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
