"""A real external GraphQL client (gql over HTTP) against the service run as `influence-graph
serve` in its own process, on loopback, over the real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

from service.settings import Settings
from tests.support.served import served


@pytest.fixture
def served_url(empty_graph: Settings) -> Iterator[str]:
    with served(empty_graph) as url:
        yield url


def test_gql_client_queries_with_variables_and_sees_typed_errors(served_url: str) -> None:
    transport = HTTPXTransport(url=f"{served_url}/graphql", timeout=10)
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        request = gql("query P($first: Int) { people(first: $first) { totalCount } topics { id } }")
        request.variable_values = {"first": 5}
        result = session.execute(request)
        assert result == {"people": {"totalCount": 0}, "topics": []}
        with pytest.raises(TransportQueryError) as raised:
            session.execute(gql("query { people(first: 1000) { totalCount } }"))
        assert raised.value.errors is not None
        assert raised.value.errors[0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
