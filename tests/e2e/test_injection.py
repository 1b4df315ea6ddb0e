"""Cypher-injection strings through every string argument of every root field change nothing.

The fields and their String/ID arguments are read from the served schema, so arguments other
branches add are covered when they land. Values travel as Cypher parameters, never as text.
"""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLNonNull, GraphQLScalarType, get_named_type
from starlette.testclient import TestClient

from service.api.schema import schema
from service.api.security.scopes import Scope
from service.app import create_app
from service.ingest.loader import load_records
from service.ingest.records import PersonRecord, TopicRecord
from service.settings import Settings
from tests.support.keys import bearer, make_key, run_with_db

PAYLOADS = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x'}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //",
    "p1' RETURN 1 UNION MATCH (n) SET n:Pwned RETURN 1 //",
    "`) CREATE (:Pwned) //",
    "\\u0027; CALL dbms.components() //",
    "$ids",
    "{id: 'p1'}",
]


def string_arguments() -> list[tuple[str, str, str, str, list[str]]]:
    """(operation type, field, argument, its type, other required arguments) per String/ID arg."""
    found = []
    gql = schema._schema
    for kind, root in (("query", gql.query_type), ("mutation", gql.mutation_type)):
        if root is None:
            continue
        for name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                named = get_named_type(arg.type)
                if isinstance(named, GraphQLScalarType) and named.name in ("String", "ID"):
                    others = [
                        a for a, d in field.args.items()
                        if a != arg_name and isinstance(d.type, GraphQLNonNull)
                    ]  # fmt: skip
                    found.append((kind, name, arg_name, str(arg.type), others))
    return found


def selection(field: str) -> str:
    named = get_named_type(schema._schema.query_type.fields[field].type)  # type: ignore[union-attr]
    if isinstance(named, GraphQLScalarType):
        return ""
    if "totalCount" in getattr(named, "fields", {}):
        return " { totalCount }"
    return " { __typename }"


def snapshot(client: TestClient, headers: dict[str, str]) -> Any:
    query = '{ graphCounts { people topics interactions follows } person(id: "p1") { name } ' \
            'topic(id: "t1") { name } }'  # fmt: skip
    return client.post("/graphql", json={"query": query}, headers=headers).json()["data"]


def test_injection_strings_change_nothing(empty_graph: Settings) -> None:
    seed: list[TopicRecord | PersonRecord] = [
        TopicRecord(id="t1", name="Topic one"),
        PersonRecord(id="p1", name="Person one"),
    ]
    run_with_db(empty_graph, lambda db: load_records(db, seed))
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    headers = bearer(token)
    arguments = string_arguments()
    assert ("query", "person", "id", "ID!", []) in arguments
    with TestClient(create_app(empty_graph)) as client:
        before = snapshot(client, headers)
        assert before["person"] == {"name": "Person one"}
        sent = 0
        for kind, field, arg, arg_type, others in arguments:
            if others or kind != "query":
                continue  # mutations need input objects; their values are parameters as well
            for payload in PAYLOADS:
                as_variable = f"query($v: {arg_type}) {{ {field}({arg}: $v){selection(field)} }}"
                inline = f"{{ {field}({arg}: {json.dumps(payload)}){selection(field)} }}"
                for body in ({"query": as_variable, "variables": {"v": payload}},
                             {"query": inline}):  # fmt: skip
                    response = client.post("/graphql", json=body, headers=headers)
                    assert response.status_code == 200, response.text
                    result = response.json()
                    if "errors" in result:  # a payload as `after` is no cursor of ours, as
                        # `topic` no topic: typed answers, nothing run as Cypher text
                        codes = {e["extensions"]["code"] for e in result["errors"]}
                        assert codes <= {"INVALID_ARGUMENT", "NOT_FOUND"}, result
                    else:  # no such id, no such name: nothing matched
                        assert result["data"][field] in (None, {"totalCount": 0}), result
                    sent += 1
        assert sent >= 2 * len(PAYLOADS) * 2
        assert snapshot(client, headers) == before
