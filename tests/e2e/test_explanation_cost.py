"""`explanation` on a ranking page (issue 17): read for the whole page in a fixed number of
queries (not several per person), and priced so that the aliased page that starved the
server is refused before it runs. Queries are counted with the database's own query log on
the real server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from service.api.context import Context
from service.api.loaders import Loaders
from service.api.schema import schema
from service.api.security.limits import Budget, Limits
from service.api.security.scopes import Principal, Scope
from service.db.database import Database, QueryLog, current_query_log
from service.db.graph import wipe
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs
from tests.support.db import open_db

TOPIC = "climate"
PAGE = """query($first: Int!) { influencers(topic: "climate", first: $first) { edges { node {
  rank person { id } explanation(people: 5, interactions: 5) {
    contributors { personId weight person { name } } interactions { id actor { name } } }
} } } }"""
ALIASED = (
    "{ "
    + " ".join(
        f'a{n}: influencers(topic: "climate", first: 100) {{ edges {{ node {{ '
        "explanation { contributors { personId } interactions { id } } } } }"
        for n in range(4)
    )
    + " }"
)


@pytest.fixture(scope="module")
def analysed(neo4j_server: Settings) -> Settings:
    drop_gds_graphs(neo4j_server)

    async def prepare() -> None:
        async with open_db(neo4j_server) as db:
            await wipe(db)
            await load_records(db, generate(seed=7, people=600).records())
            done = await run_job(db, neo4j_server, TOPIC)
            assert done.status == "succeeded", done.error

    asyncio.run(prepare())
    return neo4j_server


async def _run(settings: Settings, query: str, **variables: Any) -> tuple[Any, list[str]]:
    async with open_db(settings) as db:
        log = QueryLog()
        token = current_query_log.set(log)
        try:
            result = await schema.execute(
                query, variable_values=variables, context_value=_context(db, settings)
            )
        finally:
            current_query_log.reset(token)
        return result, log.names


def _context(db: Database, settings: Settings) -> Context:
    return Context(
        db=db,
        settings=settings,
        loaders=Loaders(db),
        request_id="test",
        principal=Principal(key_id=None, name="test", scopes=frozenset(Scope)),
        budget=Budget(Limits.from_settings(settings)),
    )


def test_a_page_of_explanations_costs_the_same_queries_for_10_or_100_rows(
    analysed: Settings,
) -> None:
    small, small_queries = asyncio.run(_run(analysed, PAGE, first=10))
    large, large_queries = asyncio.run(_run(analysed, PAGE, first=100))
    assert small.errors is None, small.errors
    assert large.errors is None, large.errors
    rows = large.data["influencers"]["edges"]
    assert len(rows) == 100
    assert sum(bool(r["node"]["explanation"]["contributors"]) for r in rows) > 50
    assert sum(bool(r["node"]["explanation"]["interactions"]) for r in rows) > 50
    explaining = [n for n in large_queries if n.rsplit("/", 1)[-1].startswith("explain")]
    assert sorted(explaining) == [
        "analytics/explain_interactions_batch",
        "analytics/explain_people_batch",
    ]
    assert len(large_queries) == len(small_queries), (small_queries, large_queries)
    assert len(large_queries) <= 10, large_queries


def test_the_rows_match_the_one_person_explanation(analysed: Settings) -> None:
    from service.analytics.explain import explain

    result, _ = asyncio.run(_run(analysed, PAGE, first=3))
    assert result.errors is None, result.errors
    node = result.data["influencers"]["edges"][0]["node"]
    top = node["explanation"]

    async def single() -> Any:
        async with open_db(analysed) as db:
            return await explain(db, TOPIC, node["person"]["id"], 5, 5)

    alone = asyncio.run(single())
    assert alone is not None
    assert [c["personId"] for c in top["contributors"]] == [c.person for c in alone.contributors]
    assert [i["id"] for i in top["interactions"]] == [e.interaction for e in alone.interactions]


def test_the_aliased_explanation_pages_that_starved_the_server_are_refused(
    analysed: Settings,
) -> None:
    result, queries = asyncio.run(_run(analysed, ALIASED))
    assert result.data is None
    codes = [e.extensions["code"] for e in result.errors or []]
    assert codes == ["MAX_COST_EXCEEDED"]
    assert queries == []
