"""Metrics, request ids, structured logs, masked errors and tracing, through the real app."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.testclient import TestClient

from service.api.errors import not_found
from service.api.extensions import ErrorShaping
from service.api.schema import InfluenceSchema
from service.app import create_app
from service.settings import Settings
from service.telemetry.logs import JsonFormatter
from tests.conftest import make_test_settings
from tests.support.clients import public_metrics
from tests.support.graphql import data


@pytest.fixture
def client(empty_graph: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(public_metrics(empty_graph))) as c:
        yield c


def test_metrics_expose_requests_operations_and_cypher_latency(client: TestClient) -> None:
    for _ in range(3):
        response = client.post(
            "/graphql", json={"query": "query Counts { graphCounts { people } }"}
        )
        assert response.status_code == 200
    client.post("/graphql", json={"query": "query Broken { nope }"})
    text = client.get("/metrics").text
    # A validation error is still HTTP 200 for application/json (GraphQL over HTTP).
    assert 'influence_http_requests_total{route="/graphql",status="200"} 4.0' in text
    assert 'influence_graphql_operation_seconds_count{operation="Counts",type="query"} 3.0' in text
    assert 'influence_cypher_query_seconds_count{query="graph/counts"} 3.0' in text
    assert (
        'influence_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED",operation="Broken"}'
        in text
    )


def test_the_jobs_gauge_counts_the_graphs_jobs_by_status_at_scrape_time(
    client: TestClient,
) -> None:
    # The gauge is registered empty, so its HELP line shows even with no job: look at samples.
    assert "influence_jobs{" not in client.get("/metrics").text
    topics = 'mutation { upsertTopics(topics: [{id: "t1", name: "T1"}]) { written } }'
    assert data(client, topics) == {"upsertTopics": {"written": 1}}
    # Three different analyses: an identical one would be answered with the queued job.
    run = """mutation($h: Float) {
      runAnalysis(topic: "t1", options: {halfLifeDays: $h}) { id status }
    }"""
    jobs = [data(client, run, h=h)["runAnalysis"] for h in (0.0, 7.0, 14.0)]
    assert len({j["id"] for j in jobs}) == 3
    assert [j["status"] for j in jobs] == ["queued"] * 3
    cancel = "mutation($id: ID!) { cancelJob(id: $id) { status } }"
    assert data(client, cancel, id=jobs[0]["id"]) == {"cancelJob": {"status": "cancelled"}}
    samples = [
        line
        for line in client.get("/metrics").text.splitlines()
        if line.startswith("influence_jobs{")
    ]
    assert sorted(samples) == [
        'influence_jobs{status="cancelled"} 1.0',
        'influence_jobs{status="queued"} 2.0',
    ]


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    given = client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"x-request-id": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 32


@strawberry.type
class _Boom:
    @strawberry.field
    def crash(self) -> int:
        raise RuntimeError("secret detail: MATCH (n) password=hunter2")

    @strawberry.field
    def missing(self) -> int:
        raise not_found("No person 'x'.", id="x")


class _JsonLines(logging.Handler):
    """Formats each record as it is emitted, like the service's own handler
    (`configure_logging`): in the context of the request that logged it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_unexpected_errors_are_masked_with_request_id_and_logged(
    empty_graph: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Through the app: the client gets a masked error with the request id of its response,
    and the service (not only strawberry) logs the original error under that same id."""
    app = create_app(empty_graph, schema=InfluenceSchema(query=_Boom, extensions=[ErrorShaping]))
    handler = _JsonLines()
    api_log = logging.getLogger("influence_graph.api")
    api_log.addHandler(handler)
    try:
        with caplog.at_level(logging.DEBUG), TestClient(app) as c:
            response = c.post("/graphql", json={"query": "{ crash }"})
    finally:
        api_log.removeHandler(handler)
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 32  # made by the service: the test set no id anywhere
    assert "hunter2" not in response.text
    [error] = response.json()["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_ERROR", "requestId": request_id}
    # strawberry logs the error too (strawberry.execution): only the service's record counts.
    ours = [r for r in caplog.records if r.name == "influence_graph.api"]
    assert len(ours) == 1, [(r.name, r.getMessage()) for r in caplog.records]
    assert ours[0].levelno == logging.ERROR
    assert ours[0].exc_info is not None
    assert isinstance(ours[0].exc_info[1], RuntimeError)
    assert "hunter2" in str(ours[0].exc_info[1])
    assert "hunter2" not in ours[0].getMessage()
    # The record carries the id itself, so a handler formatting it later still has it.
    assert ours[0].requestId == request_id  # type: ignore[attr-defined]
    # The line as the service's JSON handler wrote it, while the request was being served.
    [line] = [entry for entry in handler.lines if entry["logger"] == "influence_graph.api"]
    assert line["requestId"] == request_id
    assert "hunter2" in line["exception"]


def test_errors_the_client_caused_are_not_logged_as_server_errors(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A not-found answer or an invalid document is the client's, not a server fault: no
    ERROR line (strawberry logs every error at ERROR by default). An unexpected error is
    logged by ErrorShaping with its traceback (and by strawberry, before it is masked)."""
    schema = InfluenceSchema(query=_Boom, extensions=[ErrorShaping])
    with caplog.at_level(logging.DEBUG):
        assert schema.execute_sync("{ missing }").errors
        assert schema.execute_sync("{ nosuchfield }").errors
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert schema.execute_sync("{ crash }").errors
    ours = [r for r in caplog.records if r.name == "influence_graph.api"]
    assert [r.levelno for r in ours] == [logging.ERROR]
    assert ours[0].exc_info is not None
    assert "secret detail" in str(ours[0].exc_info[1])


def test_expected_errors_keep_their_code() -> None:
    schema = strawberry.Schema(query=_Boom, extensions=[ErrorShaping])
    result = schema.execute_sync("{ missing }")
    assert result.errors is not None
    error = result.errors[0].formatted
    assert error["message"] == "No person 'x'."
    assert error["extensions"] == {"code": "NOT_FOUND", "id": "x"}


def test_database_down_is_a_typed_error_not_a_stack_trace() -> None:
    settings = make_test_settings(
        neo4j_uri="bolt://127.0.0.1:1", neo4j_connect_timeout=0.5, neo4j_retry_time=0.5
    )
    with TestClient(create_app(settings)) as c:
        response = c.post("/graphql", json={"query": "{ topics { id } }"})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]


def test_tracing_emits_a_span_per_operation(empty_graph: Settings) -> None:
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = empty_graph.model_copy(update={"tracing_enabled": True})
    with TestClient(create_app(settings)) as c:
        c.post("/graphql", json={"query": "query Traced { graphCounts { people } }"})
    names = [span.name for span in exporter.get_finished_spans()]
    assert any("Traced" in name for name in names), names
