"""GraphQL types of a campaign shortlist: the brief, the picks with why they were picked, the
set's expected spread beside the SCORE set's, and the picks' audience overlap."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TypeVar

import strawberry

from service.api.context import Context
from service.api.errors import (
    SHORTLIST_NEEDS_JOB,
    TOPIC_NOT_ANALYSED,
    ApiError,
    invalid_argument,
    not_found,
)
from service.api.security.cost import costs
from service.api.types import Person, person_by_id
from service.campaigns.brief import Brief, BriefError, Strategy
from service.campaigns.shortlist import NeedsJob, TopicNotAnalysed, UnknownTopic, shortlist
from service.campaigns.shortlist import Shortlist as ShortlistModel

Info = strawberry.Info[Context, None]
T = TypeVar("T")


@strawberry.enum(description="How a shortlist picks its people.")
class ShortlistStrategy(Enum):
    SCORE = "score"
    SPREAD = "spread"
    BALANCED = "balanced"


@strawberry.input(description="Who a campaign may enlist, and how many (docs/shortlist.md).")
class ShortlistBriefInput:
    topics: list[strawberry.ID] = strawberry.field(
        description="1-10 analysed topics; a person's best score over them counts."
    )
    k: int = strawberry.field(description="How many people to pick, 1-100.")
    strategy: ShortlistStrategy = ShortlistStrategy.SCORE
    languages: list[str] | None = None
    countries: list[str] | None = None
    person_kinds: list[str] | None = strawberry.field(default=None, description="Person.kind.")
    wanted_roles: list[str] | None = strawberry.field(
        default=None,
        description="Keep only people with one of these roles on a topic (macro, "
        "opinion_leader, ambassador, bridge, detractor, participant).",
    )
    excluded_roles: list[str] | None = strawberry.field(
        default=None, description="Drop people with any of these roles; detractor always, unless "
        "wanted.",
    )  # fmt: skip
    excluded_people: list[strawberry.ID] | None = None
    min_relevance: float = strawberry.field(
        default=0.0, description="Minimum relevance (0-1: the share of a person's interactions "
        "about the topic).",
    )  # fmt: skip

    def to_brief(self) -> Brief:
        return Brief(
            topics=[str(t) for t in self.topics],
            k=self.k,
            strategy=Strategy(self.strategy.value),
            languages=self.languages or (),
            countries=self.countries or (),
            person_kinds=self.person_kinds or (),
            wanted_roles=self.wanted_roles or (),
            excluded_roles=self.excluded_roles or (),
            excluded_people=[str(p) for p in self.excluded_people or ()],
            min_relevance=self.min_relevance,
        )


@strawberry.type(description="One person of a shortlist, in the order they were picked.")
class ShortlistPick:
    person_id: strawberry.ID
    position: int = strawberry.field(description="1 for the first pick.")
    marginal_gain: float = strawberry.field(
        description="Expected people reached beyond the earlier picks (cascade model)."
    )
    score: float = strawberry.field(description="Best score over the brief's topics.")
    topic_id: strawberry.ID = strawberry.field(description="The topic of that score.")
    roles: list[str] = strawberry.field(description="Roles any of the topics gave them.")
    relevance: float
    engagers: int = strawberry.field(description="Direct engagers on the brief's topics.")
    reason: str = strawberry.field(description="Why they were picked.")

    @strawberry.field(metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="A campaign shortlist and how far it is expected to spread.")
class Shortlist:
    strategy: ShortlistStrategy
    k: int = strawberry.field(description="The k asked for.")
    eligible: int = strawberry.field(description="People meeting the brief.")
    considered: int = strawberry.field(description="Best-scored eligible people searched.")
    picks: list[ShortlistPick]
    expected_spread: float = strawberry.field(
        description="Expected people activated by the picks (seeds included), independent "
        "cascade, Monte-Carlo over `samples` fixed-seed samples."
    )
    score_expected_spread: float = strawberry.field(
        description="The same for the SCORE set of the same size, on the same samples."
    )
    overlap: list[list[int]] = strawberry.field(
        description="Engagers shared by picks i and j (row and column in pick order; the "
        "diagonal is each pick's engager count)."
    )
    warning: str | None = strawberry.field(
        description="Set when fewer people than k meet the brief (all are listed)."
    )
    samples: int
    seed: int

    @classmethod
    def from_model(cls, s: ShortlistModel) -> Shortlist:
        return cls(
            strategy=ShortlistStrategy(s.strategy.value),
            k=s.k,
            eligible=s.eligible,
            considered=s.considered,
            picks=[
                ShortlistPick(
                    person_id=strawberry.ID(p.candidate.person),
                    position=p.position,
                    marginal_gain=p.marginal_gain,
                    score=p.candidate.score,
                    topic_id=strawberry.ID(p.candidate.topic),
                    roles=list(p.candidate.roles),
                    relevance=p.candidate.relevance,
                    engagers=p.engagers,
                    reason=p.reason,
                )
                for p in s.picks
            ],
            expected_spread=s.expected_spread,
            score_expected_spread=s.score_expected_spread,
            overlap=s.overlap,
            warning=s.warning,
            samples=s.samples,
            seed=s.seed,
        )


async def answering_brief(run: Callable[[], Awaitable[T]]) -> T:
    """Run a shortlist call; a refused brief is INVALID_ARGUMENT naming the field, an unknown
    topic NOT_FOUND, a topic without results TOPIC_NOT_ANALYSED, a brief too large to answer
    inline SHORTLIST_NEEDS_JOB (the same for the inline query and `startShortlist`)."""
    try:
        return await run()
    except BriefError as e:
        raise invalid_argument(e.message, e.argument) from None
    except UnknownTopic as e:
        raise not_found(f"No topic '{e.topic}'.", argument="brief.topics", topic=e.topic) from None
    except TopicNotAnalysed as e:
        raise ApiError(
            TOPIC_NOT_ANALYSED,
            f"Topic '{e.topic}' has not been analysed yet: run runAnalysis(topic: \"{e.topic}\").",
            topic=e.topic,
        ) from None
    except NeedsJob as e:
        raise ApiError(
            SHORTLIST_NEEDS_JOB,
            f"This brief's topics have {e.edges} influence edges, more than the {e.limit} a "
            "SPREAD or BALANCED shortlist is computed inline for: queue it with "
            "startShortlist(brief) and read job(id) { shortlist } when it has succeeded.",
            edges=e.edges,
            limit=e.limit,
        ) from None


@strawberry.type
class ShortlistQueries:
    @strawberry.field(
        description="A campaign shortlist for a brief: SCORE (top k by score), SPREAD (largest "
        "expected joint spread, CELF) or BALANCED (a blend). Computed inline (k <= 100); a "
        "SPREAD or BALANCED brief on topics past SHORTLIST_INLINE_MAX_EDGES influence edges is "
        "SHORTLIST_NEEDS_JOB: queue it with `startShortlist`.",
        metadata=costs(100),
    )
    async def campaign_shortlist(self, info: Info, brief: ShortlistBriefInput) -> Shortlist:
        limit = info.context.settings.shortlist_inline_max_edges
        found = await answering_brief(
            lambda: shortlist(info.context.db, brief.to_brief(), inline_max_edges=limit)
        )
        return Shortlist.from_model(found)
