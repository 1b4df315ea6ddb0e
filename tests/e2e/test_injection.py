"""Cypher-injection strings through every String/ID value an operation can carry change nothing
but what the operation legitimately writes.

Where a string can go is read from the served schema: every String/ID argument of every root
query and mutation field, and every String/ID field reachable inside their input objects
(lists and nested input objects included; a JSON map is tried with the string as a value and as
a name). Fields added later are exercised when they land. The other arguments and fields take
valid values, so that the string reaches the code that runs Cypher; values travel as Cypher
parameters, never as text.

- Queries run on an analysed topic and must answer "nothing found" or a typed error, and the
  graph must be unchanged to the property.
- Mutations start from a seed that also holds a person and a topic whose id is the payload, and
  the same for a harmless marker string, so that references (an interaction's actor, a follow,
  a parent topic, the person to erase) are accepted and reach the queries that write. Each
  mutation is first sent with the marker where the payload goes (the control), and what it
  changed in the graph is noted. Sent with the payload, it must then change, to the property,
  nothing (the call was refused: a typed error or item errors) or exactly what the control
  changed with marker and payload swapped: the payload stored verbatim where the marker was,
  the payload's person or topic used where the marker's was, nothing else touched, no :Pwned
  label, no deleted node. Sent again inline, it must change nothing more when the mutation is
  idempotent (the control sent twice says), else the same again. What a call creates (a new
  person...) has an id of its own per call, so the calls of one field need no reset between.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
)
from starlette.testclient import TestClient

from service.api.schema import schema
from service.api.security.scopes import Scope
from service.app import create_app
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import content_lines
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    TopicRecord,
)
from service.settings import Settings
from tests.analysis import run_job
from tests.support.keys import bearer, make_key
from tests.support.queries import queries_with_tests

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
# Stands where a payload goes in the control run: valid wherever a string is (an id, a name,
# an attribute name, a language code), and found nowhere else in the graph.
MARKER = "marker7c1e"
# A path element: the payload as the name in a JSON map rather than as a value.
AS_NAME = "<name>"
JSON_ATTRIBUTE = "note"

Path = tuple[str | int, ...]
# Codes of the errors that say "no such thing" or "not a valid value": typed refusals.
TYPED_REFUSALS = {"INVALID_ARGUMENT", "NOT_FOUND", "TOPIC_NOT_ANALYSED"}

# Stands in the ids of what a mutation creates (a new person...): each run its own.
RUN = "<run>"
# Valid values for what a case does not aim at, by input type; a field not listed takes a valid
# value of its type (SCALARS) when it is required, and is left out otherwise.
VALID_INPUTS: dict[str, dict[str, Any]] = {
    "PersonInput": {
        "id": f"new-person-{RUN}", "name": "New person", "handle": "newperson",
        "personKind": "expert", "language": "en", "country": "FR", "followers": 10,
        "attributes": {JSON_ATTRIBUTE: "kept"}, "createdAt": "2020-01-02T03:04:05+00:00",
    },
    "TopicInput": {"id": f"new-topic-{RUN}", "name": "New topic", "parent": "t1"},
    "InteractionInput": {
        "id": f"new-interaction-{RUN}", "type": "share", "actor": "p1", "target": "p2",
        "topics": ["t1"], "at": "2024-05-01T12:00:00+00:00", "sentiment": 0.5,
        "platform": "web", "url": "https://example.org/post/1", "count": 2,
    },
    "FollowInput": {"follower": "p3", "followee": "p4", "since": "2023-01-01T00:00:00+00:00"},
    "BrandInput": {"id": f"new-brand-{RUN}", "name": "New brand"},
    "RepresentsInput": {"person": "p1", "brand": "b1", "role": "official"},
    "CampaignInput": {
        "id": f"new-campaign-{RUN}", "brand": "b1", "name": "New campaign",
        "since": "2024-01-01T00:00:00+00:00", "until": "2024-02-01T00:00:00+00:00",
        "topics": ["t1"], "markers": ["#new", "https://example.org/"],
    },
    "CampaignChanges": {"name": "Changed campaign"},
    "AnalysisOptionsInput": {
        "centrality": ["pagerank"], "communities": ["louvain"], "projection": "cypher",
        "blend": [{"component": "authority", "weight": 1.0}],
    },
    "InfluencerFilter": {"role": "macro", "kind": "expert", "language": "en"},
}  # fmt: skip
# Valid values of root arguments, by name (people and topics of the seed).
VALID_ARGUMENTS: dict[str, Any] = {"topic": "t1", "person": "p1", "from": "p1", "to": "p2"}
SCALARS: dict[str, Any] = {
    "String": "x", "ID": "x", "Int": 1, "Float": 0.5, "Boolean": False,
    "DateTime": "2024-01-01T00:00:00+00:00", "JSON": {},
}  # fmt: skip

SEED: list[TopicRecord | PersonRecord | InteractionRecord | FollowRecord | BrandRecord] = [
    TopicRecord(id="t1", name="Topic one"),
    TopicRecord(id="t2", name="Topic two", parent="t1"),
    *(PersonRecord(id=f"p{i}", name=f"Person {i}", language="en") for i in range(1, 6)),
    *(
        InteractionRecord(id=f"i{n}", type=kind, actor=a, target=b, topics=["t1"],
                          at=f"2024-0{n}-01T00:00:00+00:00")
        for n, (kind, a, b) in enumerate(
            [("share", "p2", "p1"), ("reply", "p3", "p1"), ("like", "p4", "p2"),
             ("comment", "p1", "p3"), ("quote", "p5", "p1"), ("share", "p3", "p2")], start=1)
    ),
    FollowRecord(follower="p2", followee="p1"),
    BrandRecord(id="b1", name="Brand one"),
]  # fmt: skip
# For the mutations: the same, and a person and a topic named after each hostile string.
HOSTILE_SEED = [
    *SEED,
    *(PersonRecord(id=text, name="Hostile person") for text in (MARKER, *PAYLOADS)),
    *(TopicRecord(id=text, name="Hostile topic") for text in (MARKER, *PAYLOADS)),
]
# What the server chooses when it queues a job: its id and creation time.
_JOB_CHOICES = re.compile(
    r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])|(?<=createdAt:ZONED DATETIME NOT NULL=)\S+"
    r"|(?<=dedupKey:STRING NOT NULL=)[0-9a-f]{64}(?![0-9a-f])"
)
# The one node a key's runAnalysis adds besides its jobs: the lock on that key's job count.
_QUOTA = re.compile(r"node :JobQuota  owner:STRING NOT NULL=[0-9a-f]{12}")

# An erasure tombstone: the hash of the id (as the id it hashes, when it is a test string) and
# the time of the erasure.
_HASHED = {hashlib.sha256(text.encode()).hexdigest(): text for text in (MARKER, *PAYLOADS)}
_ID_HASH = re.compile(r"idHash:[A-Z ]+=([0-9a-f]{64})")
_ERASED_AT = re.compile(r"erasedAt:[A-Z ]+=\S+")


# --- what the schema lets a string reach -------------------------------------------------------


def _unwrapped(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def string_paths(type_: GraphQLInputType, path: Path, seen: frozenset[str]) -> Iterator[Path]:
    """Where a String/ID goes in a value of `type_`: a path of field names and list indexes."""
    t = _unwrapped(type_)
    if isinstance(t, GraphQLList):
        yield from string_paths(t.of_type, (*path, 0), seen)
    elif isinstance(t, GraphQLInputObjectType):
        if t.name in seen:  # a recursive input type: once is enough
            return
        for name, field in t.fields.items():
            yield from string_paths(field.type, (*path, name), seen | {t.name})
    elif isinstance(t, GraphQLScalarType):
        if t.name in ("String", "ID"):
            yield path
        elif t.name == "JSON":
            yield (*path, JSON_ATTRIBUTE)
            yield (*path, AS_NAME)


def targets(kind: str) -> list[tuple[str, Path]]:
    """(root field, path from its arguments) of every String/ID a `kind` operation can carry."""
    root = schema._schema.query_type if kind == "query" else schema._schema.mutation_type
    assert root is not None
    return [
        (name, (arg_name, *path))
        for name, field in root.fields.items()
        for arg_name, arg in field.args.items()
        for path in string_paths(arg.type, (), frozenset())
    ]


def valid_value(type_: GraphQLInputType) -> Any:
    t = _unwrapped(type_)
    if isinstance(t, GraphQLList):
        return [valid_value(t.of_type)]
    if isinstance(t, GraphQLInputObjectType):
        required = {n: valid_value(f.type) for n, f in t.fields.items() if _required(f)}
        return {**required, **VALID_INPUTS.get(t.name, {})}
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    return SCALARS[t.name]


def _required(arg: Any) -> bool:
    return isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined


def with_run(value: Any, run: str) -> Any:
    if isinstance(value, str):
        return value.replace(RUN, run)
    if isinstance(value, list):
        return [with_run(v, run) for v in value]
    if isinstance(value, dict):
        return {k: with_run(v, run) for k, v in value.items()}
    return value


def placed(base: Any, path: Path, value: str) -> Any:
    """`base` with `value` at `path`."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == AS_NAME:
        return {value: "kept"}
    if isinstance(head, int):
        items = list(base) if isinstance(base, list) and base else [None]
        items[head] = placed(items[head], rest, value)
        return items
    fields = dict(base) if isinstance(base, dict) else {}
    fields[head] = placed(fields.get(head), rest, value)
    return fields


def literal(value: Any, type_: Any) -> str:
    """`value` as a GraphQL literal of `type_` (enums bare, JSON maps as objects)."""
    t = _unwrapped(type_)
    if value is None:
        return "null"
    if isinstance(t, GraphQLList):
        return "[" + ", ".join(literal(v, t.of_type) for v in value) + "]"
    if isinstance(t, GraphQLInputObjectType):
        return (
            "{" + ", ".join(f"{k}: {literal(v, t.fields[k].type)}" for k, v in value.items()) + "}"
        )
    if isinstance(t, GraphQLEnumType):
        return str(value)
    if isinstance(value, dict):  # JSON
        return "{" + ", ".join(f"{k}: {literal(v, t)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if not isinstance(named, GraphQLObjectType):
        return ""
    if "written" in named.fields:
        return " { written errors { index field code } }"
    if "totalCount" in named.fields:
        return " { totalCount }"
    return " { __typename }"


def operations(
    kind: str, field_name: str, path: Path, value: str, run: str = "run-0"
) -> list[dict[str, Any]]:
    """The request bodies putting `value` at `path` of `field_name`, with `run` in the ids of
    what they create: as variables, then inline (unless `value` is the name in a JSON map,
    which a literal cannot hold)."""
    root = schema._schema.query_type if kind == "query" else schema._schema.mutation_type
    assert root is not None
    field = root.fields[field_name]
    values: dict[str, tuple[GraphQLArgument, Any]] = {}
    for name, arg in field.args.items():
        if name == path[0]:
            base = with_run(valid_value(arg.type), run) if len(path) > 1 else None
            values[name] = (arg, placed(base, path[1:], value))
        elif _required(arg):
            values[name] = (arg, VALID_ARGUMENTS.get(name, valid_value(arg.type)))
    declared = ", ".join(f"${n}: {a.type}" for n, (a, _) in values.items())
    passed = ", ".join(f"{n}: ${n}" for n in values)
    head = f"{kind}({declared})" if declared else kind
    bodies = [
        {
            "query": f"{head} {{ {field_name}({passed}){selection(field)} }}",
            "variables": {n: v for n, (_, v) in values.items()},
        }
    ]
    if AS_NAME not in path:
        inline = ", ".join(f"{n}: {literal(v, a.type)}" for n, (a, v) in values.items())
        call = f"{field_name}({inline})" if inline else field_name
        bodies.append({"query": f"{kind} {{ {call}{selection(field)} }}"})
    return bodies


# --- the graph, read and reset by the test -----------------------------------------------------


class Graph:
    """The test Neo4j seen from the test: its content, line by line, and a reset to the seed."""

    def __init__(self, runner: asyncio.Runner, db: Database) -> None:
        self.runner = runner
        self.db = db

    def lines(self) -> list[str]:
        return self.runner.run(content_lines(self.db))

    def reset(self, seed: list[Any]) -> None:
        """Back to `seed` (the API keys stay)."""

        async def run() -> None:
            await self.db.write("test/wipe_except_api_keys")
            await load_records(self.db, seed)

        self.runner.run(run())


@contextmanager
def graph(settings: Settings) -> Iterator[Graph]:
    """A Graph on its own event loop and driver (the app under test runs on another)."""
    with asyncio.Runner() as runner:
        driver = create_async_driver(settings)
        try:
            yield Graph(
                runner,
                Database.for_settings(driver, settings, queries=queries_with_tests(settings)),
            )
        finally:
            runner.run(driver.close())


def call(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, (body, response.text)
    result: dict[str, Any] = response.json()
    codes = {e.get("extensions", {}).get("code") for e in result.get("errors", [])}
    assert codes <= TYPED_REFUSALS, (body, result)
    return result


def test_the_walk_reaches_strings_in_input_objects() -> None:
    mutations = targets("mutation")
    for expected in [
        ("upsertPeople", ("people", 0, "id")),
        ("upsertPeople", ("people", 0, "name")),
        ("upsertPeople", ("people", 0, "attributes", JSON_ATTRIBUTE)),
        ("upsertPeople", ("people", 0, "attributes", AS_NAME)),
        ("recordInteractions", ("interactions", 0, "topics", 0)),
        ("recordFollows", ("follows", 0, "follower")),
        ("upsertTopics", ("topics", 0, "parent")),
        ("erasePerson", ("id",)),
        ("runAnalysis", ("options", "centrality", 0)),
    ]:
        assert expected in mutations
    assert ("influencers", ("filter", "role")) in targets("query")
    assert ("person", ("id",)) in targets("query")


def test_injection_through_query_arguments_changes_nothing(empty_graph: Settings) -> None:
    token = make_key(empty_graph, Scope.READ, rate=100_000.0)
    headers = bearer(token)
    with graph(empty_graph) as g, TestClient(create_app(empty_graph)) as client:
        g.reset(SEED)
        done = g.runner.run(run_job(g.db, empty_graph, "t1"))
        assert done.status == "succeeded", done
        before = g.lines()
        sent = 0
        by_field: dict[str, list[Path]] = {}
        for field_name, path in targets("query"):
            by_field.setdefault(field_name, []).append(path)
        for field_name, paths in by_field.items():
            for path in paths:
                for payload in PAYLOADS:
                    for body in operations("query", field_name, path, payload):
                        result = call(client, headers, body)
                        if "errors" not in result:  # no such id, name, role...: nothing
                            found = result["data"][field_name]
                            assert found in (None, [], {"totalCount": 0}), (body, result)
                        sent += 1
            assert g.lines() == before, f"{field_name} changed the graph"
        assert sent >= 2 * len(PAYLOADS) * 20


def test_injection_through_mutation_inputs_writes_only_the_value(empty_graph: Settings) -> None:
    # Every payload queues its own analysis and no worker runs here: lift the per-key cap
    # (tests/integration/test_job_floods.py tests it), so that each payload is written.
    empty_graph = empty_graph.model_copy(update={"max_active_jobs_per_key": 10_000})
    strings = [MARKER, *PAYLOADS, *(f"run-{n}" for n in range(len(PAYLOADS))), "run-control"]
    assert not [(a, b) for a in strings for b in strings if a != b and a in b]  # swaps are exact
    token = make_key(empty_graph, Scope.ADMIN, rate=100_000.0)
    headers = bearer(token)
    marked: set[tuple[str, Path]] = set()  # where the control stored the marker
    stored: set[tuple[str, Path]] = set()  # where some payload was stored instead, verbatim
    with graph(empty_graph) as g, TestClient(create_app(empty_graph)) as client:
        g.reset(HOSTILE_SEED)
        seed = content(g)
        for n, payload in enumerate(PAYLOADS):  # the seed treats marker and payloads alike
            assert swapped(seed, {MARKER: payload, "run-control": f"run-{n}"}) == seed
        current = seed
        for field_name, path in targets("mutation"):
            if current != seed:
                g.reset(HOSTILE_SEED)
            control_body, *again = operations("mutation", field_name, path, MARKER, "run-control")
            control_wrote = wrote(call(client, headers, control_body), field_name)
            control = content(g)
            removed, added = seed - control, control - seed
            assert control_wrote or control == seed, (control_body, "changed the graph")
            if any(MARKER in line for line in added):
                marked.add((field_name, path))
            # Sent again (inline), does the control change nothing more? Then neither may the
            # payload's second call; else that one must write what the first one did, again.
            for body in again:
                call(client, headers, body)
            idempotent = content(g) == control
            current = content(g)
            for n, payload in enumerate(PAYLOADS):
                swap = {MARKER: payload, "run-control": f"run-{n}"}
                for sent, body in enumerate(operations("mutation", field_name, path, payload,
                                                       f"run-{n}")):  # fmt: skip
                    before = current
                    accepted = wrote(call(client, headers, body), field_name)
                    current = content(g)
                    if accepted and (sent == 0 or not idempotent):
                        expected = before - swapped(removed, swap) + swapped(added, swap)
                        assert before >= swapped(removed, swap), (body, "removed too much")
                    else:  # refused, or sent again
                        expected = before
                    assert current == expected, (body, diff(expected, current))
                    if any(payload in line for line in current - before):
                        stored.add((field_name, path))
                    assert not [line for line in current if "Pwned" in labels(line)]
    # Wherever a string is stored, payloads were stored too (those its checks let through);
    # but an attribute name must be a plain identifier, which no payload is.
    assert stored == {(f, path) for f, path in marked if AS_NAME not in path}
    for expected_path in [
        ("upsertPeople", ("people", 0, "name")),
        ("upsertPeople", ("people", 0, "attributes", JSON_ATTRIBUTE)),
        ("upsertTopics", ("topics", 0, "parent")),
        ("recordInteractions", ("interactions", 0, "actor")),
        ("recordInteractions", ("interactions", 0, "topics", 0)),
        ("recordFollows", ("follows", 0, "follower")),
    ]:
        assert expected_path in stored


Lines = Counter[str]


def content(g: Graph) -> Lines:
    """The graph's lines, with what the server chooses for a job (id, time) blanked out, and
    an erasure tombstone's hash of an id written as that id (and its time blanked out), so
    that the tombstones of the marker and of a payload swap like the rest.

    A job's dedupKey is blanked too: it is a hash of its kind, topic and params, which the
    line shows verbatim. The JobQuota node (the per-key lock runAnalysis creates once and
    keeps) is left out, after checking that it holds nothing but the caller's key id."""
    lines = g.lines()
    quotas = [line for line in lines if line.startswith("node :JobQuota ")]
    assert len(quotas) <= 1, quotas
    assert all(_QUOTA.fullmatch(line) for line in quotas), quotas
    return Counter(_comparable(line) for line in lines if line not in quotas)


def _comparable(line: str) -> str:
    if line.startswith("node :Job "):
        return _JOB_CHOICES.sub("*", line)
    if line.startswith("node :ErasedPerson "):
        line = _ERASED_AT.sub("erasedAt:*", line)
        return _ID_HASH.sub(lambda m: "idHash:of " + _HASHED.get(m.group(1), m.group(1)), line)
    return line


def labels(line: str) -> list[str]:
    """The labels of a node line (`node :A:B id ...`); none for a relationship."""
    kind, _, rest = line.partition(" ")
    return rest.split(" ", 1)[0].split(":")[1:] if kind == "node" else []


def swapped(lines: Lines, pairs: dict[str, str]) -> Lines:
    """`lines` with each string of `pairs` exchanged with its partner, in one pass."""
    exchange = {**pairs, **{b: a for a, b in pairs.items()}}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(exchange, key=len, reverse=True)))
    swapped_lines: Lines = Counter()
    for line, count in lines.items():
        swapped_lines[pattern.sub(lambda m: exchange[m.group(0)], line)] += count
    return swapped_lines


def wrote(result: dict[str, Any], field_name: str) -> bool:
    """Whether a mutation was accepted (and so may have written); refused calls write nothing."""
    if "errors" in result:
        return False
    value = result["data"][field_name]
    if isinstance(value, dict) and "written" in value:
        assert (value["written"] > 0) != bool(value["errors"]), value  # all or nothing
        return bool(value["written"] > 0)
    return True


def diff(expected: Lines, found: Lines) -> dict[str, list[str]]:
    return {"missing": sorted(expected - found), "unexpected": sorted(found - expected)}
