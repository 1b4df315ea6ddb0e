"""Warm introductions equal an independent enumeration in Python of the shortest chains (at
most 3 hops, links either way) over the topic's influence edges as analysed, best chain per
representative, in the documented order; unknown arguments are refused."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from service.db.database import Database
from service.ingest.loader import load_records
from service.ingest.records import (
    BrandRecord,
    InteractionRecord,
    PersonRecord,
    RepresentsRecord,
    TopicRecord,
)
from service.relationships.introductions import warm_introductions
from service.relationships.reading import RelationshipInputError
from service.settings import Settings
from tests.analysis import run_job

pytestmark = pytest.mark.neo4j
PRIORITY = {"employee": 0, "customer_advocate": 0, "executive": 1, "official": 2}
ROLES = {"off": "official", "exec": "executive", "emp": "employee", "adv": "customer_advocate"}
# actor engaged target (share); repeated pairs make stronger links.
PAIRS = [("a", "off"), ("target", "a"), ("b", "emp"), ("b", "emp"), ("c", "b"), ("target", "c"),
         ("target", "c"), ("adv", "d"), ("d", "e"), ("e", "target"), ("exec", "target"),
         ("f", "emp"), ("target", "f"), ("target", "f"), ("target", "f")]  # fmt: skip


def records() -> list[Any]:
    people = sorted({p for pair in PAIRS for p in pair})
    out: list[Any] = [TopicRecord(id="t", name="T"), BrandRecord(id="nw", name="NW")]
    out += [PersonRecord(id=p, name=p) for p in people]
    out += [RepresentsRecord(person=p, brand="nw", role=r) for p, r in ROLES.items()]
    for n, (actor, target) in enumerate(PAIRS):
        out.append(InteractionRecord.model_validate(
            {"id": f"i{n}", "type": "share", "actor": actor, "target": target, "topics": ["t"],
             "at": f"2026-03-{n + 1:02d}T10:00:00Z"}))  # fmt: skip
    return out


def expected(edges: list[dict[str, Any]], person: str) -> list[tuple[str, tuple[str, ...]]]:
    weight: dict[frozenset[str], list[float]] = {}
    for e in edges:
        weight.setdefault(frozenset((e["influencer"], e["engager"])), []).append(e["weight"])
    neighbours: dict[str, set[str]] = {}
    for pair in weight:
        a, b = sorted(pair)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)

    def paths(node: str, seen: tuple[str, ...]) -> list[tuple[str, ...]]:
        if node == person:
            return [seen]
        if len(seen) > 3:
            return []
        return [p for n in sorted(neighbours.get(node, ())) if n not in seen
                for p in paths(n, (*seen, n))]  # fmt: skip

    best = []
    for rep, role in ROLES.items():
        found = paths(rep, (rep,))
        if not found:
            continue
        hops = min(len(p) for p in found)
        ws = [[max(weight[frozenset(s)]) for s in itertools.pairwise(p)]
              for p in found if len(p) == hops]  # fmt: skip
        chains = [p for p in found if len(p) == hops]
        key = max(range(len(chains)), key=lambda k: (min(ws[k]), sum(ws[k])))
        best.append((PRIORITY[role], hops - 1, -min(ws[key]), -sum(ws[key]), rep, chains[key]))
    return [(b[4], b[5]) for b in sorted(best)]


async def test_chains_equal_an_independent_enumeration(
    db: Database, neo4j_server: Settings
) -> None:
    await load_records(db, records())
    await run_job(db, neo4j_server, "t")
    edges = [dict(r) for r in await db.read("test/influences", topic="t")]
    got = await warm_introductions(db, "nw", "target", "t")
    assert [(i.representative, i.people) for i in got] == expected(edges, "target")
    assert [i.representative for i in got][:2] == ["emp", "adv"]
    first = got[0]
    assert first.hops == len(first.links) == len(first.people) - 1
    assert all({link["from"], link["to"]} <= set(first.people) for link in first.links)
    assert all(link["interactions"] >= 1 for link in first.links)
    for argument, call in [("brand", ("x", "target", "t")), ("person", ("nw", "x", "t")),
                           ("topic", ("nw", "target", "x"))]:  # fmt: skip
        with pytest.raises(RelationshipInputError) as refused:
            await warm_introductions(db, *call)
        assert refused.value.argument == argument
