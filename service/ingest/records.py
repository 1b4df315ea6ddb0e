"""The input records: what a file line, a CSV row or a mutation item may hold.

One NDJSON line is one record, told apart by `kind`. Unknown fields are refused, so a
typo in a partner's feed is an error, not silently dropped data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
InteractionType = Literal["share", "quote", "reply", "comment", "mention", "like"]
INTERACTION_TYPES: tuple[str, ...] = ("share", "quote", "reply", "comment", "mention", "like")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TopicRecord(_Record):
    kind: Literal["topic"] = "topic"
    id: Id
    name: str = Field(min_length=1, max_length=200)
    parent: Id | None = Field(default=None, description="id of the parent topic, if any")


class PersonRecord(_Record):
    kind: Literal["person"] = "person"
    id: Id
    name: str = Field(min_length=1, max_length=300)
    handle: str | None = Field(default=None, max_length=100)
    person_kind: str | None = Field(
        default=None,
        alias="personKind",
        max_length=50,
        description="declared kind: celebrity, expert, employee, customer, media, ...",
    )
    language: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, max_length=60)
    followers: int | None = Field(default=None, ge=0, description="declared audience size")
    attributes: dict[str, str | int | float | bool] | None = Field(
        default=None, description="extra source attributes (party, department, ...)"
    )
    created_at: AwareDatetime | None = Field(default=None, alias="createdAt")

    model_config = ConfigDict(populate_by_name=True)


class InteractionRecord(_Record):
    kind: Literal["interaction"] = "interaction"
    id: Id
    type: InteractionType
    actor: Id = Field(description="the person who acted (shared, replied, ...)")
    target: Id = Field(description="the person acted upon (whose post was shared, ...)")
    topics: list[Id] = Field(min_length=1, max_length=20)
    at: AwareDatetime
    sentiment: float | None = Field(default=None, ge=-1.0, le=1.0)
    platform: str | None = Field(default=None, max_length=50)
    url: str | None = Field(default=None, max_length=2000)
    count: int = Field(default=1, ge=1, description="how many such acts this record stands for")

    @model_validator(mode="after")
    def _not_self(self) -> InteractionRecord:
        if self.actor == self.target:
            raise ValueError("actor and target are the same person (self-interaction)")
        return self


class FollowRecord(_Record):
    kind: Literal["follow"] = "follow"
    follower: Id
    followee: Id
    since: datetime | None = None

    @model_validator(mode="after")
    def _not_self(self) -> FollowRecord:
        if self.follower == self.followee:
            raise ValueError("a person cannot follow themselves")
        return self


AnyRecord = Annotated[
    TopicRecord | PersonRecord | InteractionRecord | FollowRecord, Field(discriminator="kind")
]
