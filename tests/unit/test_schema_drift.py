"""schema/schema.graphql is the code's schema, exported; regenerate it with `make schema`."""

from __future__ import annotations

from strawberry.printer import print_schema

from service.api.schema import schema
from service.settings import PROJECT_ROOT


def test_committed_schema_matches_code() -> None:
    committed = (PROJECT_ROOT / "schema" / "schema.graphql").read_text()
    assert committed.strip() == print_schema(schema).strip(), (
        "schema/schema.graphql is out of date: run `make schema` and commit the result"
    )
