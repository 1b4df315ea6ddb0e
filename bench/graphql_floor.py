"""The floor under the API's overhead: the influencers page served by the least a Python
GraphQL server can do, for bench/api to measure beside the real API and the bare Cypher.

    .venv/bin/python -m bench.graphql_floor PORT   (reads NEO4J_URI and NEO4J_PASSWORD)

uvicorn (the same server and event loop as the service) runs a bare ASGI callable: it reads
the JSON body, runs ONE document, parsed and validated once at start, with graphql-core
(which strawberry is built on) over plain dicts from the same db function the API uses
(`influence/page_by_rank`), and answers with orjson. No strawberry, no authentication, rate
limits, cost limits, metrics, logging or cache: only HTTP, GraphQL execution and the query.
Any API for this page with this stack costs at least this much; bench/api prints its p50
beside the API's and the Cypher's.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
import uvicorn
from graphql import ExecutionResult, GraphQLSchema, build_schema, execute, parse, validate
from pydantic import SecretStr

from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.influence import influencers_by_rank
from service.models import RankedScore
from service.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SDL = """
type Person { id: ID! name: String! handle: String followers: Int }
type Influencer { rank: Int! score: Float! role: String! person: Person }
type Edge { node: Influencer! }
type Connection { edges: [Edge!]! }
type Query { influencers(topic: String!, first: Int!): Connection! }
"""
NO_FILTER: dict[str, Any] = {"role": None, "kind": None, "language": None, "minPercentiles": {}}


def edge(row: RankedScore) -> dict[str, Any]:
    score, person = row.score, row.person
    return {
        "node": {
            "rank": score.rank,
            "score": score.score,
            "role": score.role,
            "person": None
            if person is None
            else {
                "id": person.id,
                "name": person.name,
                "handle": person.handle,
                "followers": person.followers,
            },
        }
    }


class FloorApp:
    """Answers every POST with the one document it was built for (bench/api sends exactly
    that document: the influencers page)."""

    def __init__(self, settings: Settings, document: str) -> None:
        self.settings = settings
        self.schema: GraphQLSchema = build_schema(SDL)
        self.document = parse(document)
        errors = validate(self.schema, self.document)
        if errors:
            raise ValueError(f"the floor serves only the influencers page: {errors[0].message}")
        self.db: Database | None = None
        self.root = {"influencers": self.influencers}

    async def influencers(self, info: Any, topic: str, first: int) -> dict[str, Any]:
        assert self.db is not None
        rows = await influencers_by_rank(self.db, topic, NO_FILTER, 0, first + 1)
        return {"edges": [edge(r) for r in rows[:first]]}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        orjson.loads(body)  # a real server reads the request; this one ignores its contents
        result = execute(self.schema, self.document, root_value=self.root)
        if asyncio.iscoroutine(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
        headers = [(b"content-type", b"application/graphql-response+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": orjson.dumps(payload)})

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                driver = create_async_driver(self.settings)
                self.db = Database.for_settings(driver, self.settings)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.db is not None:
                    await self.db.driver.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def main(argv: list[str]) -> None:
    port, document = int(argv[0]), argv[1]
    settings = Settings(
        neo4j_uri=os.environ["NEO4J_URI"],
        neo4j_password=SecretStr(os.environ["NEO4J_PASSWORD"]),
    )
    app = FloorApp(settings, document)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
