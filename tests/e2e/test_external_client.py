"""A real external GraphQL client (gql over HTTP) against the service run as `influence-graph
serve` in its own process, on loopback, over the real Neo4j."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

from service.settings import PROJECT_ROOT, Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(empty_graph: Settings) -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        NEO4J_URI=empty_graph.bolt_uri,
        NEO4J_PASSWORD=empty_graph.neo4j_password.get_secret_value(),
        PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("the service did not become ready")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_gql_client_queries_with_variables_and_sees_typed_errors(served: str) -> None:
    transport = HTTPXTransport(url=f"{served}/graphql", timeout=10)
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        result = session.execute(
            gql("query P($first: Int) { people(first: $first) { totalCount } topics { id } }"),
            variable_values={"first": 5},
        )
        assert result == {"people": {"totalCount": 0}, "topics": []}
        with pytest.raises(TransportQueryError) as raised:
            session.execute(gql("query { people(first: 1000) { totalCount } }"))
        assert raised.value.errors is not None
        assert raised.value.errors[0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
