"""The GraphQL schema is a contract: no breaking change against the published schema unless
it is declared in schema/declared-breaking-changes.txt (graphql-core's find_breaking_changes)."""

from __future__ import annotations

from graphql import BreakingChange, build_schema, find_breaking_changes
from strawberry.printer import print_schema

from service.api.schema import schema
from service.settings import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "schema"


def _describe(change: BreakingChange) -> str:
    return f"{change.type.name}: {change.description}"


def _declared() -> set[str]:
    lines = (SCHEMA_DIR / "declared-breaking-changes.txt").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def undeclared_breaking_changes(published_sdl: str, current_sdl: str) -> list[str]:
    changes = find_breaking_changes(build_schema(published_sdl), build_schema(current_sdl))
    return sorted(d for d in map(_describe, changes) if d not in _declared())


def test_no_undeclared_breaking_change_against_the_published_schema() -> None:
    published = (SCHEMA_DIR / "published.graphql").read_text()
    undeclared = undeclared_breaking_changes(published, print_schema(schema))
    assert undeclared == [], (
        "Breaking changes against schema/published.graphql; declare them in "
        "schema/declared-breaking-changes.txt if intended:\n" + "\n".join(undeclared)
    )


def test_the_check_catches_a_removed_field_and_a_changed_type() -> None:
    published = "type Query { a: Int!, b: String }"
    assert undeclared_breaking_changes(published, "type Query { a: Int! }") == [
        "FIELD_REMOVED: Field Query.b was removed."
    ]
    changed = undeclared_breaking_changes(published, "type Query { a: String!, b: String }")
    assert "FIELD_CHANGED_KIND: Field Query.a changed type from Int! to String!." in changed
    assert undeclared_breaking_changes(published, published + " type Extra { x: Int }") == []
