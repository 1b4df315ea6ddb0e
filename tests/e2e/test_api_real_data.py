"""The API on a real network: email-eu-core imported through the importer, analysed as a job,
then every influence query answered over GraphQL and checked against the graph it came from."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from service.analytics.queue import enqueue_analysis
from service.analytics.worker import Worker
from service.app import create_app
from service.db.graph import wipe
from service.ingest.importers.email_eu import read_email_eu
from service.ingest.loader import load_records
from service.settings import Settings
from tests.conftest import DATASETS, drop_gds_graphs
from tests.support.db import open_db
from tests.support.graphql import data

FOLDER = DATASETS / "email-eu-core"


def _edges() -> list[tuple[str, str]]:
    lines = (FOLDER / "email-Eu-core.txt").read_text().split("\n")
    pairs = [tuple(line.split()) for line in lines if line.strip()]
    return [(f"email-{a}", f"email-{b}") for a, b in pairs if a != b]


async def _prepare(settings: Settings) -> None:
    async with open_db(settings) as db:
        worker = Worker(db, settings)
        try:
            await wipe(db)
            await load_records(db, read_email_eu(FOLDER))
            job = await enqueue_analysis(db, "email", None, settings)
            done = await worker.run_once(job.id)
            assert done is not None
            assert done.status == "succeeded", done.error
        finally:
            await worker.aclose()


@pytest.fixture(scope="module")
def client(neo4j_server: Settings) -> Iterator[TestClient]:
    drop_gds_graphs(neo4j_server)
    asyncio.run(_prepare(neo4j_server))
    with TestClient(create_app(neo4j_server)) as c:
        yield c


def test_ranking_covers_everyone_who_received_mail(client: TestClient) -> None:
    edges = _edges()
    engaged = {b for _, b in edges} | {a for a, _ in edges}
    page = data(client, '{ influencers(topic: "email", first: 100) { totalCount '
                        "edges { node { rank person { id } } } } }")  # fmt: skip
    assert page["influencers"]["totalCount"] == len(engaged)
    ranks = [e["node"]["rank"] for e in page["influencers"]["edges"]]
    assert ranks == list(range(1, 101))


def test_links_match_the_mail_counts(client: TestClient) -> None:
    edges = _edges()
    received = Counter(b for _, b in edges)
    top = received.most_common(1)[0][0]
    writers = {a for a, b in edges if b == top}
    assert len(writers) > 100, "the top recipient's writers should span more than one page"
    seen: list[str] = []
    after = None
    while True:
        result = data(
            client,
            """query($p: ID!, $after: String) {
                 influencedBy(person: $p, topic: "email", first: 100, after: $after) {
                   totalCount edges { node { interactions person { id } } }
                   pageInfo { hasNextPage endCursor } } }""",
            p=top,
            after=after,
        )["influencedBy"]
        assert result["totalCount"] == len(writers)
        # Full pages until the last, which holds the rest.
        assert len(result["edges"]) == min(100, len(writers) - len(seen))
        seen += [e["node"]["person"]["id"] for e in result["edges"]]
        # One e-mail per writer: each link counts one interaction.
        assert [e["node"]["interactions"] for e in result["edges"]] == [1] * len(result["edges"])
        # Each page adds ids or fails above, and the last one says so: the loop ends.
        assert result["pageInfo"]["hasNextPage"] == (len(seen) < len(writers))
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen))
    assert set(seen) == writers
    reader = next(iter(sorted(writers)))
    back = data(
        client,
        """query($p: ID!) { whoInfluences(person: $p, topic: "email", first: 100) {
             totalCount } }""",
        p=reader,
    )["whoInfluences"]
    assert back["totalCount"] == len({b for a, b in edges if a == reader})


def test_a_path_follows_real_mail(client: TestClient) -> None:
    edges = set(_edges())
    a, b = sorted(edges)[0]
    # a wrote to b: b influences a in one hop
    path = data(
        client,
        """query($f: ID!, $t: ID!) { influencePath(from: $f, to: $t, topic: "email", maxHops: 3) {
             hops steps { influencer { id } engager { id } } } }""",
        f=b,
        t=a,
    )["influencePath"]
    assert path["hops"] == 1
    assert path["steps"][0]["influencer"]["id"] == b
    assert path["steps"][0]["engager"]["id"] == a


def test_communities_partition_the_analysed_people(client: TestClient) -> None:
    result = data(
        client,
        '{ communities(topic: "email", first: 100) { totalCount edges { node { size } } } }',
    )["communities"]
    sizes = [e["node"]["size"] for e in result["edges"]]
    total = data(client, '{ influencers(topic: "email", first: 1) { totalCount } }')
    assert result["totalCount"] == len(sizes)
    assert sum(sizes) == total["influencers"]["totalCount"]
