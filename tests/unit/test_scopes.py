"""Every root field declares a scope; parsing and holding scopes."""

from __future__ import annotations

import pytest
import strawberry

from service.api.schema import Query, build_schema, schema
from service.api.security.scopes import Principal, Scope, parse_scopes, required_scope
from tests.support.fake_schema import fake_schema


def undeclared_root_fields(checked: strawberry.Schema) -> list[str]:
    gql = checked._schema
    missing = []
    for root in (gql.query_type, gql.mutation_type, gql.subscription_type):
        if root is None:
            continue
        missing += [
            f"{root.name}.{name}" for name in root.fields if not required_scope(root.name, name)
        ]
    return missing


def test_every_root_field_of_the_service_declares_a_scope() -> None:
    missing = undeclared_root_fields(schema)
    assert missing == [], (
        f"{missing} declare no scope: add them to ROOT_FIELD_SCOPES in "
        "service/api/security/scopes.py (until then nobody may call them)"
    )


def test_the_test_schema_adds_two_undeclared_fields_the_tests_declare() -> None:
    assert undeclared_root_fields(fake_schema()) == ["Query.slow", "Query.fail"]


def test_the_check_catches_a_field_without_a_scope() -> None:
    @strawberry.type(name="Query")
    class Extended(Query):
        @strawberry.field
        def forgotten(self) -> int:
            return 1

    assert undeclared_root_fields(build_schema(query=Extended)) == ["Query.forgotten"]


def test_parse_scopes() -> None:
    assert parse_scopes(" read, WRITE ,") == {Scope.READ, Scope.WRITE}
    with pytest.raises(ValueError, match="delete"):
        parse_scopes("read,delete")


def test_admin_holds_every_scope_and_others_only_their_own() -> None:
    admin = Principal(key_id="a", name="a", scopes=frozenset({Scope.ADMIN}))
    writer = Principal(key_id="w", name="w", scopes=frozenset({Scope.WRITE}))
    assert all(admin.allows(s) for s in Scope)
    assert [s for s in Scope if writer.allows(s)] == [Scope.WRITE]
