"""GraphQL types for a person's influence on a topic: the ranking row, its components, its
explanation, and the filter and order of a ranking.

Everything here reads what analysis jobs wrote (INFLUENCE_ON, INFLUENCES, Community). Persons,
communities and scores come through the per-request DataLoaders, so a page of 100 influencers
costs a fixed handful of queries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from service import models
from service.analytics.explain import PageExplanation
from service.analytics.scoring import NO_ROLE, ROLE_ORDER
from service.api.communities import Community
from service.api.context import Context
from service.api.errors import (
    RESULTS_REPLACED,
    ApiError,
    invalid_argument,
    require_one_of,
)
from service.api.evaluations import last_backtest
from service.api.security.cost import costs
from service.api.turns import take_turn
from service.api.types import Person, person_by_id
from service.db.scores import COMPONENTS

Info = strawberry.Info[Context, None]
# The roles scoring gives (ROLE_ORDER), and `participant` for someone with none of them.
ROLES = (*ROLE_ORDER, NO_ROLE)
# Older documentation called `participant` `contributor`: still understood.
ROLE_ALIASES = {"contributor": NO_ROLE}


@strawberry.enum(description="What a ranking is ordered by (always best first).")
class InfluencerOrder(Enum):
    SCORE = "score"
    AUTHORITY = "authority"
    REACH = "reach"
    RESONANCE = "resonance"
    RELEVANCE = "relevance"
    BETWEENNESS = "betweenness"
    RECENCY = "recency"
    MOMENTUM = "momentum"
    ENGAGERS = "engagers"


@strawberry.input(description="Minimum percentiles (0-100) of score components.")
class ComponentPercentiles:
    authority: float | None = None
    reach: float | None = None
    resonance: float | None = None
    relevance: float | None = None
    betweenness: float | None = None
    recency: float | None = None
    momentum: float | None = None
    engagers: float | None = None


# The fields of ComponentPercentiles, in order.
FILTERABLE = (
    "authority", "reach", "resonance", "relevance", "betweenness", "recency", "momentum",
    "engagers",
)  # fmt: skip


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
            for name in FILTERABLE:
                value = getattr(self.min_percentiles, name)
                if value is not None:
                    if not 0 <= value <= 100:
                        raise invalid_argument(
                            f"minPercentiles.{name} must be within 0-100.",
                            f"filter.minPercentiles.{name}",
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

    @strawberry.field(metadata=costs(1))
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

    @strawberry.field(description="Who acted (engaged).", metadata=costs(1))
    async def actor(self, info: Info) -> Person | None:
        if self.actor_id is None:
            return None
        return await person_by_id(info, str(self.actor_id))


@strawberry.type(description="Why a person ranks where they do on a topic.")
class Explanation:
    contributors: list[Contributor]
    interactions: list[InteractionEvidence]
    topic_id: strawberry.Private[str]

    @strawberry.field(
        description="How the topic's last back-test went (how many of the next period's most "
        "engaged-with people its top k caught, beside counting engagement), or that it was "
        "never back-tested.",
        metadata=costs(10),
    )
    async def backtest(self, info: Info) -> str:
        return await last_backtest(info, self.topic_id)


async def influence_components(root: Influence, info: Info) -> list[Component]:
    # Read and built only when asked for: a ranking page rarely needs the ~20 components of
    # each row, so its rows are summaries and their components come here in one batched
    # query, from the same analysis job as the rest of the row.
    s = root.model
    if not isinstance(s, models.InfluenceScore):
        found = await info.context.loaders.score_of_job.load((s.person, s.topic, s.job_id))
        if found is None:
            raise ApiError(
                RESULTS_REPLACED,
                f"The results of analysis job {s.job_id} on topic '{s.topic}' were replaced by "
                "a newer analysis while this page was read: ask again for the new ones.",
                jobId=s.job_id,
                topic=s.topic,
            )
        s = found
    return [
        Component(name=name, value=s.components[name], percentile=s.percentiles.get(name))
        for name in COMPONENTS
        if name in s.components  # not those the job did not compute
    ] + [
        Component(name=name, value=value, percentile=None)
        for name, value in sorted(s.components.items())
        if name not in COMPONENTS
    ]


def _selects(selections: Sequence[Selection], path: tuple[str, ...]) -> bool:
    """Whether the selections ask for the field at `path` (through fragments too)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == path[0] and (
                len(path) == 1 or _selects(selection.selections, path[1:])
            ):
                return True
        elif _selects(selection.selections, path):
            return True
    return False


def _ask_for_people(info: Info, found: PageExplanation) -> None:
    """Queue the person look-ups the row's `contributors { person }` and `interactions {
    actor }` will make, on the request's loader (not awaited: the fields await them)."""
    selected = info.selected_fields
    ids = [c.person for c in found.contributors] if _selects(selected, _CONTRIBUTOR) else []
    if _selects(selected, _ACTOR):
        ids += [e.actor for e in found.interactions]
    if ids:
        pending = asyncio.ensure_future(info.context.loaders.person.load_many(ids))
        pending.add_done_callback(lambda f: f.cancelled() or f.exception())


_CONTRIBUTOR = ("explanation", "contributors", "person")
_ACTOR = ("explanation", "interactions", "actor")


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
        metadata=costs(1),
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

    @strawberry.field(description="The person's community on this topic.", metadata=costs(1))
    async def community(self, info: Info) -> Community | None:
        if self.community_id is None:
            return None
        found = await info.context.loaders.community.load(str(self.community_id))
        return Community.from_model(found) if found else None

    @strawberry.field(
        description="The strongest people and interactions behind the score. A page's "
        "explanations are read together (three queries for the page), yet each row still "
        "weighs 300 in the cost model, plus its `people` contributors and `interactions` "
        "evidence: ask for it on short lists.",
        metadata=costs(300, sizes={"contributors": "people", "interactions": "interactions"}),
    )
    async def explanation(self, info: Info, people: int = 5, interactions: int = 5) -> Explanation:
        for name, value in (("people", people), ("interactions", interactions)):
            if not 1 <= value <= 50:
                raise invalid_argument(f"`{name}` must be within 1-50.", name)
        found = await info.context.loaders.explanation.load(
            (str(self.topic_id), str(self.job_id), str(self.person_id), people, interactions)
        )
        # A page's rows all wake when its batch is read; each then completes up to 100
        # objects: one row per pass of the event loop, so other requests go on between them.
        # The people they name are asked for first, while the rows are still together, so
        # that the page still looks them up in one query.
        _ask_for_people(info, found)
        await take_turn()
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
            topic_id=str(self.topic_id),
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
