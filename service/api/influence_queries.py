"""The influence queries: rankings (`influencers`), links (`whoInfluences`, `influencedBy`),
`influencePath`, `communities` and `influenceNetwork`; each reads what analysis jobs wrote."""

from __future__ import annotations

from typing import Annotated, get_args

import strawberry

from service.analytics.options import CommunityAlgorithm
from service.api.communities import Community
from service.api.context import Context
from service.api.errors import (
    TOPIC_NOT_ANALYSED,
    ApiError,
    invalid_argument,
    not_found,
    require_one_of,
)
from service.api.influence import NO_FILTER, Influence, InfluencerFilter, InfluencerOrder
from service.api.links import (
    InfluenceLink,
    InfluenceNetwork,
    InfluencePath,
    NetworkEdge,
    NetworkNode,
    PathStep,
)
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.security.cost import costs
from service.api.types import Person
from service.db import influence as store
from service.models import RankedScore

Info = strawberry.Info[Context, None]
MAX_HOPS = 6
NETWORK_SIZE = 50  # people drawn by influenceNetwork when `first` is not given
COMMUNITY_ALGORITHMS: tuple[str, ...] = get_args(CommunityAlgorithm)


async def _require_analysed(info: Info, topic: str) -> None:
    exists, scored = await store.topic_status(info.context.db, topic)
    if not exists:
        raise not_found(f"No topic '{topic}'.", topic=topic)
    if scored == 0:
        raise ApiError(
            TOPIC_NOT_ANALYSED,
            f"Topic '{topic}' has not been analysed yet: run runAnalysis(topic: \"{topic}\").",
            topic=topic,
        )


async def _require_person(info: Info, person: str, argument: str) -> None:
    if await info.context.loaders.person.load(person) is None:
        raise not_found(f"No person '{person}'.", argument=argument, person=person)


@strawberry.type
class InfluenceQueries:
    @strawberry.field(
        description="A topic's influencers (the topic and its subtopics), best first by "
        "`orderBy`, filtered by role, kind, language and minimum component percentiles.",
        metadata=costs(10),
    )
    async def influencers(
        self,
        info: Info,
        topic: strawberry.ID,
        filter: InfluencerFilter | None = None,
        order_by: InfluencerOrder = InfluencerOrder.SCORE,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Influence]:
        db = info.context.db
        size = page_size(first, info.context.settings)
        params = filter.params() if filter else NO_FILTER
        if order_by is InfluencerOrder.SCORE:  # rank order: served by the (topic, rank) index
            position = decode_cursor("inf:rank", after, (int,))
            after_rank = position[0] if position else 0
            rows = await store.influencers_by_rank(db, str(topic), params, after_rank, size + 1)

            def cursor_of(r: RankedScore) -> str:
                return encode_cursor("inf:rank", [r.score.rank])
        else:  # served by the (topic, <component>Rank) index
            kind = f"inf:{order_by.value}Rank"
            position = decode_cursor(kind, after, (int,))
            rows = await store.influencers_by_component(
                db, str(topic), order_by.value, params, position[0] if position else 0, size + 1
            )

            def cursor_of(r: RankedScore) -> str:
                return encode_cursor(kind, [r.position])

        if not rows and after is None:
            await _require_analysed(info, str(topic))
        return build_connection(
            rows,
            size,
            had_cursor=after is not None,
            to_node=lambda r: Influence.from_model(
                r.score, Person.from_model(r.person) if r.person else None
            ),
            cursor_of=cursor_of,
            count=lambda: store.count_influencers(db, str(topic), params),
        )

    @strawberry.field(
        description="The people who influence a person on a topic, strongest first.",
        metadata=costs(10),
    )
    async def who_influences(
        self,
        info: Info,
        person: strawberry.ID,
        topic: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[InfluenceLink]:
        return await _links(info, str(person), str(topic), "in", first, after)

    @strawberry.field(
        description="The people a person influences on a topic, strongest first.",
        metadata=costs(10),
    )
    async def influenced_by(
        self,
        info: Info,
        person: strawberry.ID,
        topic: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[InfluenceLink]:
        return await _links(info, str(person), str(topic), "out", first, after)

    @strawberry.field(
        description="The strongest chain by which `from` influences `to` on a topic: among the "
        "chains with the fewest hops (at most maxHops), the one whose weakest link is strongest. "
        "Null when there is none.",
        metadata=costs(500),
    )
    async def influence_path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        topic: strawberry.ID,
        max_hops: int = 4,
    ) -> InfluencePath | None:
        if not 1 <= max_hops <= MAX_HOPS:
            raise invalid_argument(f"`maxHops` must be within 1-{MAX_HOPS}.", "maxHops")
        found = await store.strongest_path(
            info.context.db, str(from_), str(to), str(topic), max_hops
        )
        if found is None:  # no chain, or a misspelt id: only then is it worth looking
            await _require_analysed(info, str(topic))
            await _require_person(info, str(from_), "from")
            await _require_person(info, str(to), "to")
            return None
        return InfluencePath(
            hops=len(found.links),
            weakest_link=found.weakest,
            total_weight=found.total,
            steps=[
                PathStep(
                    influencer_id=strawberry.ID(link.source),
                    engager_id=strawberry.ID(link.target),
                    topic_id=topic,
                    weight=link.weight,
                    interactions=link.interactions,
                    last_at=link.last_at,
                )
                for link in found.links
            ],
        )

    @strawberry.field(description="A topic's communities, largest first.", metadata=costs(10))
    async def communities(
        self,
        info: Info,
        topic: strawberry.ID,
        algorithm: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Community]:
        require_one_of("algorithm", algorithm, COMMUNITY_ALGORITHMS)
        db = info.context.db
        size = page_size(first, info.context.settings)
        position = decode_cursor("community", after, (int, str))
        rows = await store.communities_page(
            db,
            str(topic),
            algorithm,
            (position[0], position[1]) if position else None,
            size + 1,
        )
        if not rows and after is None:
            await _require_analysed(info, str(topic))
        for row in rows:
            info.context.loaders.community.prime(row.id, row)
        return build_connection(
            rows,
            size,
            had_cursor=after is not None,
            to_node=Community.from_model,
            cursor_of=lambda c: encode_cursor("community", [c.size, c.id]),
            count=lambda: store.count_communities(db, str(topic), algorithm),
        )

    @strawberry.field(
        description="A topic's best-ranked people and the influence links among them, to draw.",
        metadata=costs(500),
    )
    async def influence_network(
        self,
        info: Info,
        topic: strawberry.ID,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many of the best-ranked people: {NETWORK_SIZE} when not "
                "given (or the largest page, if the service allows fewer)."
            ),
        ] = None,
    ) -> InfluenceNetwork:
        settings = info.context.settings
        size = page_size(
            min(NETWORK_SIZE, settings.max_page_size) if first is None else first, settings
        )
        found = await store.network(info.context.db, str(topic), size)
        if not found.nodes:
            await _require_analysed(info, str(topic))
        people = await info.context.loaders.person.load_many([n.person for n in found.nodes])
        nodes = [
            NetworkNode(
                person=Person.from_model(p),
                score=n.score,
                rank=n.rank,
                role=n.role,
                community=n.community,
            )
            for n, p in zip(found.nodes, people, strict=True)
            if p is not None
        ]
        return InfluenceNetwork(
            nodes=nodes,
            edges=[
                NetworkEdge(
                    source=strawberry.ID(e.source), target=strawberry.ID(e.target), weight=e.weight
                )
                for e in found.edges
            ],
        )


async def _links(
    info: Info, person: str, topic: str, direction: str, first: int | None, after: str | None
) -> Connection[InfluenceLink]:
    db = info.context.db
    size = page_size(first, info.context.settings)
    position = decode_cursor(f"link:{direction}", after, (float, str))
    rows = await store.links(
        db,
        person,
        topic,
        direction,
        (position[0], position[1]) if position else None,
        size + 1,
    )
    if not rows and after is None:
        await _require_analysed(info, topic)
        await _require_person(info, person, "person")
    return build_connection(
        rows,
        size,
        had_cursor=after is not None,
        to_node=lambda r: InfluenceLink(
            person_id=strawberry.ID(r.person),
            weight=r.weight,
            interactions=r.interactions,
            last_at=r.last_at,
        ),
        cursor_of=lambda r: encode_cursor(f"link:{direction}", [r.weight, r.person]),
        count=lambda: store.count_links(db, person, topic, direction),
    )
