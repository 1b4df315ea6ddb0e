"""GraphQL for influence results: rankings, links, paths, communities and the network picture.

Everything here reads what analysis jobs wrote (INFLUENCE_ON, INFLUENCES, Community). Lists are
Relay connections with keyset cursors; persons, communities and scores come through the
per-request DataLoaders, so a page of 100 influencers costs a fixed handful of queries.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, get_args

import strawberry

from service import models
from service.analytics.explain import explain
from service.analytics.options import CommunityAlgorithm
from service.analytics.scoring import NO_ROLE, ROLE_ORDER
from service.api.context import Context
from service.api.errors import (
    InvalidArgument,
    NotFound,
    ResultsReplaced,
    TopicNotAnalysed,
    require_one_of,
)
from service.api.pagination import (
    Connection,
    build_connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from service.api.types import Person, person_by_id
from service.db import influence as store
from service.db.scores import COMPONENTS
from service.models import RankedScore

Info = strawberry.Info[Context, None]
MAX_HOPS = 6
NETWORK_SIZE = 50  # people drawn by influenceNetwork when `first` is not given
# The roles scoring gives (ROLE_ORDER), and `participant` for someone with none of them.
ROLES = (*ROLE_ORDER, NO_ROLE)
# Older documentation called `participant` `contributor`: still understood.
ROLE_ALIASES = {"contributor": NO_ROLE}
COMMUNITY_ALGORITHMS: tuple[str, ...] = get_args(CommunityAlgorithm)


@strawberry.enum(description="What a ranking is ordered by (always best first).")
class InfluencerOrder(Enum):
    SCORE = "score"
    AUTHORITY = "authority"
    REACH = "reach"
    RESONANCE = "resonance"
    RELEVANCE = "relevance"
    BETWEENNESS = "betweenness"


@strawberry.input(description="Minimum percentiles (0-100) of score components.")
class ComponentPercentiles:
    authority: float | None = None
    reach: float | None = None
    resonance: float | None = None
    relevance: float | None = None
    betweenness: float | None = None


@strawberry.input(description="Which influencers of a topic to list.")
class InfluencerFilter:
    role: str | None = strawberry.field(
        default=None,
        description="macro, opinion_leader, ambassador, bridge, detractor (any of the person's "
        "roles), or participant (none of them; `contributor` is an older name for it). Another "
        "value is INVALID_ARGUMENT.",
    )
    kind: str | None = strawberry.field(default=None, description="The person's declared kind.")
    language: str | None = None
    min_percentiles: ComponentPercentiles | None = None

    def params(self) -> dict[str, Any]:
        role = ROLE_ALIASES.get(self.role, self.role) if self.role is not None else None
        require_one_of("filter.role", role, ROLES)
        minimums = {}
        if self.min_percentiles is not None:
            for name in ("authority", "reach", "resonance", "relevance", "betweenness"):
                value = getattr(self.min_percentiles, name)
                if value is not None:
                    if not 0 <= value <= 100:
                        raise InvalidArgument(
                            f"minPercentiles.{name} must be within 0-100.",
                            argument=f"filter.minPercentiles.{name}",
                        )
                    minimums[name] = value
        return {
            "role": role,
            "kind": self.kind,
            "language": self.language,
            "minPercentiles": minimums,
        }


NO_FILTER: dict[str, Any] = {"role": None, "kind": None, "language": None, "minPercentiles": {}}


@strawberry.type(description="One part of a score, and its percentile within the topic.")
class Component:
    name: str
    value: float
    percentile: float | None = strawberry.field(
        description="0-100 within the topic; null for signals that are not components."
    )


@strawberry.type(description="Someone whose engagement carries a person's influence.")
class Contributor:
    person_id: strawberry.ID
    weight: float = strawberry.field(description="Weighted engagement with the explained person.")
    interactions: int
    contribution: float = strawberry.field(description="Share of authority flowing from them.")
    last_at: datetime | None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="An interaction that counts toward a person's influence.")
class InteractionEvidence:
    id: strawberry.ID
    type: str
    at: datetime
    sentiment: float | None
    weight: float | None
    url: str | None
    actor_id: strawberry.ID | None

    @strawberry.field(description="Who acted (engaged).")
    async def actor(self, info: Info) -> Person | None:
        if self.actor_id is None:
            return None
        return await person_by_id(info, str(self.actor_id))


@strawberry.type(description="Why a person ranks where they do on a topic.")
class Explanation:
    contributors: list[Contributor]
    interactions: list[InteractionEvidence]


async def influence_components(root: Influence, info: Info) -> list[Component]:
    # Read and built only when asked for: a ranking page rarely needs the ~20 components of
    # each row, so its rows are summaries and their components come here in one batched
    # query, from the same analysis job as the rest of the row.
    s = root.model
    if not isinstance(s, models.InfluenceScore):
        found = await info.context.loaders.score_of_job.load((s.person, s.topic, s.job_id))
        if found is None:
            raise ResultsReplaced(
                f"The results of analysis job {s.job_id} on topic '{s.topic}' were replaced by "
                "a newer analysis while this page was read: ask again for the new ones.",
                jobId=s.job_id,
                topic=s.topic,
            )
        s = found
    return [
        Component(name=name, value=s.components.get(name, 0.0), percentile=s.percentiles.get(name))
        for name in COMPONENTS
    ] + [
        Component(name=name, value=value, percentile=None)
        for name, value in sorted(s.components.items())
        if name not in COMPONENTS
    ]


@strawberry.type(description="A person's influence on a topic, as the last analysis computed it.")
class Influence:
    person_id: strawberry.ID
    topic_id: strawberry.ID
    score: float = strawberry.field(description="The blended score (see schema/scoring.md).")
    rank: int = strawberry.field(description="1 is the most influential on the topic.")
    role: str = strawberry.field(description="The person's main role on the topic.")
    roles: list[str] = strawberry.field(description="Every role the rules gave them.")
    components: list[Component] = strawberry.field(
        resolver=influence_components,
        description="The score's components and signals with their percentiles, from the same "
        "analysis job as the rest. On a ranking page they are read in one extra query for the "
        "whole page; RESULTS_REPLACED if a newer analysis replaced that job's results meanwhile.",
    )
    community_id: strawberry.ID | None
    computed_at: datetime
    job_id: strawberry.ID = strawberry.field(description="The analysis job that produced it.")
    # Whoever builds an Influence already holds its person (a ranking page reads them with
    # its rows, a profile is that person): a plain field, no resolver call per row.
    person: Person | None = None
    model: strawberry.Private[models.ScoreSummary]  # an InfluenceScore, or a page's summary

    @strawberry.field(description="The person's community on this topic.")
    async def community(self, info: Info) -> Community | None:
        if self.community_id is None:
            return None
        found = await info.context.loaders.community.load(str(self.community_id))
        return Community.from_model(found) if found else None

    @strawberry.field(
        description="The components plus the strongest people and interactions behind them "
        "(two queries per person: ask for it on a profile, not on a long list)."
    )
    async def explanation(self, info: Info, people: int = 5, interactions: int = 5) -> Explanation:
        for name, value in (("people", people), ("interactions", interactions)):
            if not 1 <= value <= 50:
                raise InvalidArgument(f"`{name}` must be within 1-50.", argument=name)
        found = await explain(
            info.context.db, str(self.topic_id), str(self.person_id), people, interactions
        )
        if found is None:
            return Explanation(contributors=[], interactions=[])
        return Explanation(
            contributors=[
                Contributor(
                    person_id=strawberry.ID(c.person),
                    weight=c.weight,
                    interactions=c.interactions,
                    contribution=c.contribution,
                    last_at=c.last_at,
                )
                for c in found.contributors
            ],
            interactions=[
                InteractionEvidence(
                    id=strawberry.ID(e.interaction),
                    type=e.type,
                    at=e.at,
                    sentiment=e.sentiment,
                    weight=e.weight,
                    url=e.url,
                    actor_id=strawberry.ID(e.actor),
                )
                for e in found.interactions
            ],
        )

    @classmethod
    def from_model(cls, s: models.ScoreSummary, person: Person | None) -> Influence:
        return cls(
            person_id=strawberry.ID(s.person),
            topic_id=strawberry.ID(s.topic),
            score=s.score,
            rank=s.rank,
            role=s.role,
            roles=s.roles,
            community_id=strawberry.ID(s.community) if s.community else None,
            computed_at=s.computed_at,
            job_id=strawberry.ID(s.job_id),
            person=person,
            model=s,
        )


@strawberry.type(description="An influence link between a person and someone else on a topic.")
class InfluenceLink:
    person_id: strawberry.ID
    weight: float = strawberry.field(description="Type-weighted, decayed engagement.")
    interactions: int
    last_at: datetime | None

    @strawberry.field(description="The other person of the link.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="One hop of an influence chain: `influencer` influenced `engager`.")
class PathStep:
    influencer_id: strawberry.ID
    engager_id: strawberry.ID
    topic_id: strawberry.ID
    weight: float
    interactions: int
    last_at: datetime | None

    @strawberry.field
    async def influencer(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.influencer_id))

    @strawberry.field
    async def engager(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.engager_id))

    @strawberry.field(description="The latest interactions behind this hop.")
    async def evidence(self, info: Info, first: int = 3) -> list[InteractionEvidence]:
        size = page_size(first, info.context.settings)
        rows = await store.link_evidence(
            info.context.db, str(self.influencer_id), str(self.engager_id), str(self.topic_id), size
        )
        return [
            InteractionEvidence(
                id=strawberry.ID(r["id"]),
                type=r["type"],
                at=r["at"],
                sentiment=r["sentiment"],
                weight=None,
                url=r["url"],
                actor_id=self.engager_id,
            )
            for r in rows
        ]


@strawberry.type(description="The strongest chain of influence from one person to another.")
class InfluencePath:
    hops: int
    weakest_link: float = strawberry.field(description="Weight of the chain's weakest hop.")
    total_weight: float
    steps: list[PathStep]


@strawberry.type(description="A community found on a topic by a community-detection algorithm.")
class Community:
    id: strawberry.ID
    topic_id: strawberry.ID
    algorithm: str
    number: int
    size: int
    computed_at: datetime
    job_id: strawberry.ID

    @strawberry.field(description="Its best-ranked members on the topic.")
    async def leaders(self, info: Info, first: int = 5) -> list[Person]:
        if not 1 <= first <= 20:
            raise InvalidArgument("`first` must be within 1-20.", argument="first")
        ids = (await info.context.loaders.community_leaders.load(str(self.id)))[:first]
        people = await info.context.loaders.person.load_many(ids)
        return [Person.from_model(p) for p in people if p is not None]

    @strawberry.field(description="Members by rank on the topic (unscored members last).")
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Person]:
        size = page_size(first, info.context.settings)
        position = decode_cursor("member", after, (int, str))
        rows = await store.members_page(
            info.context.db,
            str(self.id),
            (position[0], position[1]) if position else None,
            size + 1,
        )
        people = await info.context.loaders.person.load_many([p for p, _ in rows])
        found = {p.id: p for p in people if p is not None}
        total = self.size

        async def count() -> int:
            return total

        return build_connection(
            [r for r in rows if r[0] in found],
            size,
            had_cursor=after is not None,
            to_node=lambda r: Person.from_model(found[r[0]]),
            cursor_of=lambda r: encode_cursor("member", [r[1], r[0]]),
            count=count,
        )

    @classmethod
    def from_model(cls, c: models.Community) -> Community:
        return cls(
            id=strawberry.ID(c.id),
            topic_id=strawberry.ID(c.topic),
            algorithm=c.algorithm,
            number=c.number,
            size=c.size,
            computed_at=c.computed_at,
            job_id=strawberry.ID(c.job_id),
        )


@strawberry.type(description="A person in the network picture.")
class NetworkNode:
    person: Person
    score: float
    rank: int
    role: str
    community: str | None


@strawberry.type(description="An influence link in the network picture: source influenced target.")
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    weight: float


@strawberry.type(description="A topic's top people and the influence links among them.")
class InfluenceNetwork:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


async def _require_analysed(info: Info, topic: str) -> None:
    exists, scored = await store.topic_status(info.context.db, topic)
    if not exists:
        raise NotFound(f"No topic '{topic}'.", topic=topic)
    if scored == 0:
        raise TopicNotAnalysed(
            f"Topic '{topic}' has not been analysed yet: run runAnalysis(topic: \"{topic}\").",
            topic=topic,
        )


async def _require_person(info: Info, person: str, argument: str) -> None:
    if await info.context.loaders.person.load(person) is None:
        raise NotFound(f"No person '{person}'.", argument=argument, person=person)


@strawberry.type
class InfluenceQueries:
    @strawberry.field(
        description="A topic's influencers (the topic and its subtopics), best first by "
        "`orderBy`, filtered by role, kind, language and minimum component percentiles."
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
        else:
            position = decode_cursor(f"inf:{order_by.value}", after, (float, str))
            rows = await store.influencers_page(
                db,
                str(topic),
                order_by.value,
                params,
                (position[0], position[1]) if position else None,
                size + 1,
            )

            def cursor_of(r: RankedScore) -> str:
                return encode_cursor(f"inf:{order_by.value}", [r.value, r.score.person])

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

    @strawberry.field(description="The people who influence a person on a topic, strongest first.")
    async def who_influences(
        self,
        info: Info,
        person: strawberry.ID,
        topic: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[InfluenceLink]:
        return await _links(info, str(person), str(topic), "in", first, after)

    @strawberry.field(description="The people a person influences on a topic, strongest first.")
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
        "Null when there is none."
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
            raise InvalidArgument(f"`maxHops` must be within 1-{MAX_HOPS}.", argument="maxHops")
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

    @strawberry.field(description="A topic's communities, largest first.")
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
        description="A topic's best-ranked people and the influence links among them, to draw."
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
