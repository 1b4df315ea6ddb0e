"""GraphQL types of a campaign's results (definitions: docs/campaigns.md)."""

from __future__ import annotations

import strawberry

from service.api.context import Context
from service.api.security.cost import costs
from service.api.types import Person, person_by_id
from service.campaigns import results as r

Info = strawberry.Info[Context, None]


@strawberry.type(description="Engagement with the brand's official accounts in one window.")
class CampaignFigures:
    mentions: int = strawberry.field(description="Mentions of the brand's official accounts.")
    shares: int = strawberry.field(description="Shares and quotes of their content.")
    replies: int = strawberry.field(description="Replies and comments to them.")
    interactions: int = strawberry.field(description="Every interaction with them.")
    engaged: int = strawberry.field(description="Distinct people who interacted with them.")
    sentiment: float | None = strawberry.field(description="Mean sentiment, null when none.")
    topic_interactions: int = strawberry.field(description="Interactions about the topics.")
    brand_topic_interactions: int = strawberry.field(
        description="Of those, the ones performed or received by an official account."
    )
    share_of_voice: float | None = strawberry.field(
        description="brandTopicInteractions / topicInteractions; null when no interaction."
    )

    @classmethod
    def of(cls, f: r.Figures) -> CampaignFigures:
        return cls(
            mentions=f.mentions,
            shares=f.shares,
            replies=f.replies,
            interactions=f.interactions,
            engaged=f.engaged,
            sentiment=f.sentiment,
            topic_interactions=f.topic_interactions,
            brand_topic_interactions=f.brand_topic_interactions,
            share_of_voice=f.share_of_voice,
        )


@strawberry.type(description="during / baseline per figure; null when the baseline is 0.")
class CampaignLift:
    mentions: float | None
    shares: float | None
    replies: float | None
    interactions: float | None
    engaged: float | None
    share_of_voice: float | None
    sentiment_change: float | None = strawberry.field(
        description="Mean sentiment during minus baseline (not a ratio)."
    )

    @classmethod
    def of(cls, res: r.Results) -> CampaignLift:
        return cls(
            mentions=res.lift("mentions"),
            shares=res.lift("shares"),
            replies=res.lift("replies"),
            interactions=res.lift("interactions"),
            engaged=res.lift("engaged"),
            share_of_voice=res.lift("share_of_voice"),
            sentiment_change=res.sentiment_change,
        )


@strawberry.type(description="One UTC day of the baseline or the campaign window.")
class CampaignDay:
    day: str = strawberry.field(description="YYYY-MM-DD.")
    baseline: bool = strawberry.field(description="The day starts before the campaign.")
    mentions: int
    shares: int
    replies: int
    interactions: int
    engaged: int
    sentiment: float | None


@strawberry.type(description="What one enlisted person did and drew during the campaign.")
class InfluencerResult:
    person_id: strawberry.ID
    posts: int = strawberry.field(description="Campaign interactions they performed.")
    engagement: int = strawberry.field(description="Campaign interactions targeting them.")
    engagers: int = strawberry.field(description="Distinct people behind that engagement.")
    new_people_reached: int = strawberry.field(
        description="Engagers who had never interacted with them before the campaign."
    )
    went_on_to_brand: int = strawberry.field(
        description="Engagers who then interacted with an official account of the brand."
    )

    @strawberry.field(description="The person.", metadata=costs(1))
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, str(self.person_id))


@strawberry.type(description="The campaign window against an equal baseline window before it.")
class CampaignResults:
    since: str
    until: str
    baseline_since: str = strawberry.field(description="The baseline is [baselineSince, since).")
    during: CampaignFigures
    baseline: CampaignFigures
    lift: CampaignLift
    by_day: list[CampaignDay]
    by_influencer: list[InfluencerResult]

    @classmethod
    def of(cls, res: r.Results) -> CampaignResults:
        return cls(
            since=res.since.isoformat(),
            until=res.until.isoformat(),
            baseline_since=res.baseline_since.isoformat(),
            during=CampaignFigures.of(res.during),
            baseline=CampaignFigures.of(res.baseline),
            lift=CampaignLift.of(res),
            by_day=[CampaignDay(**vars(d)) for d in res.days],
            by_influencer=[
                InfluencerResult(
                    person_id=strawberry.ID(i.person),
                    posts=i.posts,
                    engagement=i.engagement,
                    engagers=i.engagers,
                    new_people_reached=i.reached,
                    went_on_to_brand=i.converted,
                )
                for i in res.influencers
            ],
        )
