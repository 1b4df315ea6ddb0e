"""The input records: what a file line, a CSV row or a mutation item may hold.

One NDJSON line is one record, told apart by `kind`. Unknown fields are refused, so a
typo in a partner's feed is an error, not silently dropped data. These models check one
record on its own; checks across records (duplicates, references) are in `validate.py`.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Neo4j stores integers as 64-bit: a larger one could not be written.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def _in_utc(moment: datetime) -> datetime:
    """Refuse an instant that has no UTC equivalent (e.g. 0001-01-01T00:00:00+01:00), since
    timestamps are stored in UTC."""
    if 1 < moment.year < 9999:  # the common case, without a conversion
        return moment
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise PydanticCustomError(
            "bad_timestamp",
            "{value} is outside the range of date-times that can be stored in UTC "
            "(0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z)",
            {"value": moment.isoformat()},
        ) from None
    return moment


def _int64(value: object) -> object:
    """Refuse an integer attribute that Neo4j (64-bit integers) could not store."""
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise PydanticCustomError(
            "out_of_range",
            "integer {value} does not fit in 64 bits ({low} to {high}); send it as a string",
            {"value": value, "low": INT64_MIN, "high": INT64_MAX},
        )
    return value


# --- Issue 17 (h-17b): control characters and implausible years --------------------------
# Ids, handles, names and the other one-line fields refuse every control character (Unicode
# category Cc: NUL, the C0 and C1 ranges, DEL), tab and newline included. Free text (string
# attribute values) may hold tab, newline and carriage return, and no other.
FREE_TEXT_CONTROLS = frozenset("\t\n\r")
# Times before 1900 or from 2100 on are refused unless ALLOW_ANY_TIMESTAMP (a year 0001 or 9999
# is a placeholder or a parse error, and it would sit at the end of every time window).
YEARS = (1900, 2100)
any_timestamp: ContextVar[bool] = ContextVar("any_timestamp", default=False)


def _control_character(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    for char in text:
        if char not in allowed and unicodedata.category(char) == "Cc":
            return f"U+{ord(char):04X}"
    return None


def _one_line(text: str) -> str:
    found = _control_character(text)
    if found is not None:
        raise PydanticCustomError(
            "control_character", "contains the control character {char}", {"char": found}
        )
    return text


def _free_text(value: object) -> object:
    if isinstance(value, str):
        found = _control_character(value, FREE_TEXT_CONTROLS)
        if found is not None:
            raise PydanticCustomError(
                "control_character",
                "contains the control character {char} (free text may hold tab and newline only)",
                {"char": found},
            )
    return value


def _plausible(moment: datetime) -> datetime:
    low, high = YEARS
    if not any_timestamp.get() and not low <= moment.year < high:
        raise PydanticCustomError(
            "bad_timestamp",
            "{value} is outside {low}-01-01 to {high}-01-01 (ALLOW_ANY_TIMESTAMP accepts it)",
            {"value": moment.isoformat(), "low": low, "high": high},
        )
    return moment


Timestamp = Annotated[AwareDatetime, AfterValidator(_in_utc), AfterValidator(_plausible)]
Line = Annotated[str, AfterValidator(_one_line)]

Id = Annotated[
    str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$"), AfterValidator(_one_line)
]
InteractionType = Literal["share", "quote", "reply", "comment", "mention", "like"]
INTERACTION_TYPES: tuple[str, ...] = ("share", "quote", "reply", "comment", "mention", "like")
RecordKind = Literal["topic", "person", "follow", "interaction", "brand", "represents"]
RECORD_KINDS: tuple[RecordKind, ...] = (
    "topic",
    "person",
    "follow",
    "interaction",
    "brand",
    "represents",
)
Role = Literal["official", "employee", "executive", "customer_advocate"]
ROLES: tuple[str, ...] = ("official", "employee", "executive", "customer_advocate")
# A hashtag: `#` then letters, digits or _ (any script); stored in lower case.
HASHTAG = re.compile(r"#\w{1,100}")
URL_PREFIX = re.compile(r"https?://\S{1,1990}")

AttributeValue = Annotated[
    str | int | float | bool | None, AfterValidator(_int64), AfterValidator(_free_text)
]
# Properties a person's `attributes` may not overwrite.
PERSON_PROPERTIES = frozenset(
    {"id", "name", "handle", "kind", "language", "country", "followers", "createdAt", "updatedAt"}
)
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


class _Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )


class TopicRecord(_Record):
    kind: Literal["topic"] = "topic"
    id: Id
    name: Line = Field(min_length=1, max_length=200)
    parent: Id | None = Field(default=None, description="id of the parent topic, if any")

    @model_validator(mode="after")
    def _not_own_parent(self) -> TopicRecord:
        if self.parent == self.id:
            raise PydanticCustomError("self_reference", "a topic cannot be its own parent")
        return self

    @property
    def key(self) -> str:
        return self.id


class PersonRecord(_Record):
    kind: Literal["person"] = "person"
    id: Id
    name: Line = Field(min_length=1, max_length=300)
    handle: Line | None = Field(default=None, max_length=100)
    person_kind: Line | None = Field(
        default=None,
        alias="personKind",
        max_length=50,
        description="declared kind: celebrity, expert, employee, customer, media, ...",
    )
    language: Line | None = Field(default=None, max_length=20)
    country: Line | None = Field(default=None, max_length=60)
    followers: int | None = Field(
        default=None, ge=0, le=INT64_MAX, description="declared audience size"
    )
    attributes: dict[str, AttributeValue] | None = Field(
        default=None,
        max_length=50,
        description=(
            "extra source attributes (party, department, ...), stored as properties of the "
            "person; merged into what is there, a null value removes the attribute"
        ),
    )
    created_at: Timestamp | None = Field(
        default=None, alias="createdAt", description="when the account was created"
    )

    @field_validator("attributes", mode="before")
    @classmethod
    def _scalar_values(cls, value: object) -> object:
        if isinstance(value, dict):
            for name, item in value.items():
                if item is not None and not isinstance(item, str | int | float | bool):
                    raise PydanticCustomError(
                        "wrong_type",
                        "attribute '{name}' must be a string, a number, a boolean or null",
                        {"name": name},
                    )
        return value

    @field_validator("attributes")
    @classmethod
    def _attribute_names(
        cls, value: dict[str, AttributeValue] | None
    ) -> dict[str, AttributeValue] | None:
        for name in value or {}:
            if name in PERSON_PROPERTIES:
                raise PydanticCustomError(
                    "reserved_attribute",
                    "attribute '{name}' would overwrite the person's own property",
                    {"name": name},
                )
            if _ATTRIBUTE_NAME.fullmatch(name) is None:
                raise PydanticCustomError(
                    "bad_attribute_name",
                    "attribute name '{name}' must be a letter then letters, digits or _",
                    {"name": name},
                )
        return value

    @property
    def key(self) -> str:
        return self.id


def _hashtag(text: str) -> str:
    if HASHTAG.fullmatch(text) is None:
        raise PydanticCustomError(
            "bad_hashtag", "'{value}' is not a hashtag (# then letters, digits or _)",
            {"value": text},
        )  # fmt: skip
    return text.lower()


Hashtag = Annotated[str, AfterValidator(_hashtag)]


class InteractionRecord(_Record):
    kind: Literal["interaction"] = "interaction"
    id: Id
    type: InteractionType
    actor: Id = Field(description="the person who acted (shared, replied, ...)")
    target: Id = Field(description="the person acted upon (whose post was shared, ...)")
    topics: list[Id] = Field(min_length=1, max_length=20)
    at: Timestamp
    sentiment: float | None = Field(default=None, ge=-1.0, le=1.0)
    platform: Line | None = Field(default=None, max_length=50)
    url: Line | None = Field(default=None, max_length=2000)
    count: int = Field(
        default=1, ge=1, le=INT64_MAX, description="how many such acts this record stands for"
    )
    campaigns: list[Id] | None = Field(
        default=None, max_length=20, description="ids of the campaigns the interaction is part of"
    )
    tags: list[Hashtag] | None = Field(
        default=None, max_length=50, description="the hashtags it carries (stored lower-case)"
    )

    @field_validator("topics")
    @classmethod
    def _distinct_topics(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_topic", "a topic is listed twice")
        return value

    @model_validator(mode="after")
    def _not_self(self) -> InteractionRecord:
        if self.actor == self.target:
            raise PydanticCustomError(
                "self_interaction", "actor and target are the same person (self-interaction)"
            )
        return self

    @property
    def key(self) -> str:
        return self.id


class FollowRecord(_Record):
    kind: Literal["follow"] = "follow"
    follower: Id
    followee: Id
    since: Timestamp | None = None

    @model_validator(mode="after")
    def _not_self(self) -> FollowRecord:
        if self.follower == self.followee:
            raise PydanticCustomError("self_follow", "a person cannot follow themselves")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.follower, self.followee)


class BrandRecord(_Record):
    kind: Literal["brand"] = "brand"
    id: Id
    name: Line = Field(min_length=1, max_length=300)

    @property
    def key(self) -> str:
        return self.id


class RepresentsRecord(_Record):
    """A person speaking for a brand, in one role (official account, employee, ...)."""

    kind: Literal["represents"] = "represents"
    person: Id
    brand: Id
    role: Role

    @property
    def key(self) -> tuple[str, str]:
        return (self.person, self.brand)


Record = (
    TopicRecord | PersonRecord | FollowRecord | InteractionRecord | BrandRecord | RepresentsRecord
)
AnyRecord = Annotated[Record, Field(discriminator="kind")]

RECORD_MODELS: dict[RecordKind, type[Record]] = {
    "topic": TopicRecord,
    "person": PersonRecord,
    "follow": FollowRecord,
    "interaction": InteractionRecord,
    "brand": BrandRecord,
    "represents": RepresentsRecord,
}
