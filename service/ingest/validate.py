"""Validation of a whole load (a set of files, an import, a mutation call) before any write.

Two levels:
- one record on its own: the pydantic models of `records.py`; their errors become `Issue`s
  with a stable `code`, the field and a readable message;
- across records (`Validator`): a repeated id (or follower/followee pair) is a duplicate,
  and every reference (an interaction's actor, target and topics, a follow's two people,
  a topic's parent) must name a record accepted in the same load or a node already in
  the graph. References are never turned into stubs: a load that names someone nobody
  described is refused at that record. A topic's parent must not make the topic tree loop,
  counting the parent links already in the graph (fetched in one batched query): the load's
  parent of a topic replaces the graph's, as writing it does.

A record rejected for any reason is not "in the load": records that refer to it are
rejected too, unless the graph already holds what they name.

People erased with `erasePerson` stay out: a person record, a follow or an interaction that
names one (looked up by the SHA-256 of the ids, in one batched query) is refused with the code
`erased_person`, until the erasure is lifted (`influence-graph erasure lift ID`).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from service.db import ingest as ingest_db
from service.db.database import Database
from service.ingest.records import (
    RECORD_KINDS,
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    Record,
    RecordKind,
    RepresentsRecord,
    TopicRecord,
)


class IssueCode(StrEnum):
    INVALID_JSON = "invalid_json"
    MISSING_KIND = "missing_kind"
    UNKNOWN_KIND = "unknown_kind"
    MISSING_FIELD = "missing_field"
    UNKNOWN_FIELD = "unknown_field"
    WRONG_TYPE = "wrong_type"
    INVALID_VALUE = "invalid_value"
    BAD_TIMESTAMP = "bad_timestamp"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_INTERACTION_TYPE = "unknown_interaction_type"
    SELF_INTERACTION = "self_interaction"
    SELF_FOLLOW = "self_follow"
    SELF_REFERENCE = "self_reference"
    DUPLICATE_TOPIC = "duplicate_topic"
    RESERVED_ATTRIBUTE = "reserved_attribute"
    BAD_ATTRIBUTE_NAME = "bad_attribute_name"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_PERSON = "unknown_person"
    UNKNOWN_TOPIC = "unknown_topic"
    ERASED_PERSON = "erased_person"
    BATCH_TOO_LARGE = "batch_too_large"
    CONTROL_CHARACTER = "control_character"
    UNKNOWN_BRAND = "unknown_brand"
    UNKNOWN_ROLE = "unknown_role"
    BAD_HASHTAG = "bad_hashtag"


@dataclass(frozen=True)
class Issue:
    field: str | None
    code: IssueCode
    message: str


@dataclass(frozen=True)
class Rejected:
    """A record refused, where it came from, and why."""

    source: str
    position: int  # line number in a file (from 1), or index in a mutation call (from 0)
    issues: tuple[Issue, ...]
    raw: str | None = None  # the original text, when there is one


_PASS_THROUGH = {code.value: code for code in IssueCode}
_TYPE_ERRORS = {"int_from_float", "dict_type", "list_type", "model_type", "model_attributes_type"}


def issues_from(error: ValidationError, kind_known: bool = False) -> tuple[Issue, ...]:
    """The pydantic errors of one record, as issues. With `kind_known` false the record was
    validated through the `kind` discriminator, whose tag leads every error location."""
    return tuple(_issue(detail, kind_known) for detail in error.errors(include_url=False))


def _issue(detail: ErrorDetails, kind_known: bool) -> Issue:
    loc = list(detail["loc"])
    if not kind_known and loc and loc[0] in RECORD_KINDS:
        loc = loc[1:]
    where = ".".join(str(part) for part in loc) or None
    error_type = detail["type"]
    message = detail["msg"]
    if error_type == "union_tag_invalid":
        found = detail.get("input")
        tag = found.get("kind") if isinstance(found, dict) else None
        return Issue(
            "kind",
            IssueCode.UNKNOWN_KIND,
            f"unknown kind {tag!r}: expected one of {', '.join(RECORD_KINDS)}",
        )
    if error_type == "union_tag_not_found":
        return Issue("kind", IssueCode.MISSING_KIND, f"no kind: one of {', '.join(RECORD_KINDS)}")
    blank = isinstance(detail.get("input"), str) and not str(detail.get("input")).strip()
    if error_type == "string_too_short" and blank:
        return Issue(where, IssueCode.MISSING_FIELD, "must not be empty")
    return Issue(where, _code(error_type, loc), message)


def _code(error_type: str, loc: list[str | int]) -> IssueCode:
    if error_type in _PASS_THROUGH:
        return _PASS_THROUGH[error_type]
    if error_type == "missing":
        return IssueCode.MISSING_FIELD
    if error_type == "extra_forbidden":
        return IssueCode.UNKNOWN_FIELD
    if error_type == "json_invalid":
        return IssueCode.INVALID_JSON
    if error_type.startswith(("datetime_", "date_", "time_", "timezone_")):
        return IssueCode.BAD_TIMESTAMP
    if error_type == "literal_error":
        if loc[-1:] == ["role"]:
            return IssueCode.UNKNOWN_ROLE
        return (
            IssueCode.UNKNOWN_INTERACTION_TYPE if loc[-1:] == ["type"] else IssueCode.UNKNOWN_KIND
        )
    if error_type in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return IssueCode.OUT_OF_RANGE
    if error_type.endswith(("_type", "_parsing")) or error_type in _TYPE_ERRORS:
        return IssueCode.WRONG_TYPE
    return IssueCode.INVALID_VALUE


@dataclass
class _Topic:
    record: TopicRecord
    where: tuple[str, int]

    @property
    def parent(self) -> str | None:
        return self.record.parent


@dataclass
class Validator:
    """Checks across the records of one load. Feed every record that passed its own checks
    to `accept`, then `await resolve(db)` once, then ask `reference_issues` of each
    record of the kinds in `recheck` (none: nothing more to check)."""

    topics: dict[str, _Topic] = field(default_factory=dict)
    person_ids: set[str] = field(default_factory=set)
    interaction_ids: set[str] = field(default_factory=set)
    follow_pairs: set[tuple[str, str]] = field(default_factory=set)
    brand_ids: set[str] = field(default_factory=set)
    represents_pairs: set[tuple[str, str]] = field(default_factory=set)
    brand_refs: set[str] = field(default_factory=set)
    missing_brands: set[str] = field(default_factory=set)
    person_refs: set[str] = field(default_factory=set)
    topic_refs: set[str] = field(default_factory=set)
    missing_people: set[str] = field(default_factory=set)
    missing_topics: set[str] = field(default_factory=set)
    erased: dict[str, str] = field(default_factory=dict)  # person id -> erased at (ISO-8601)
    accepted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_KINDS, 0))

    def accept(self, record: Record, source: str, position: int) -> Issue | None:
        """Register a record; returns the issue when it repeats an earlier one."""
        match record:
            case TopicRecord():
                if record.id in self.topics:
                    return _duplicate("id", record.id, self.topics[record.id].where)
                self.topics[record.id] = _Topic(record, (source, position))
            case PersonRecord():
                if record.id in self.person_ids:
                    return _duplicate("id", record.id)
                self.person_ids.add(record.id)
            case InteractionRecord():
                if record.id in self.interaction_ids:
                    return _duplicate("id", record.id)
                self.interaction_ids.add(record.id)
                self.person_refs.update((record.actor, record.target))
                self.topic_refs.update(record.topics)
            case FollowRecord():
                if record.key in self.follow_pairs:
                    return _duplicate("followee", f"{record.follower} -> {record.followee}")
                self.follow_pairs.add(record.key)
                self.person_refs.update(record.key)
            case BrandRecord():
                if record.id in self.brand_ids:
                    return _duplicate("id", record.id)
                self.brand_ids.add(record.id)
            case RepresentsRecord():
                if record.key in self.represents_pairs:
                    return _duplicate("brand", f"{record.person} -> {record.brand}")
                self.represents_pairs.add(record.key)
                self.person_refs.add(record.person)
                self.brand_refs.add(record.brand)
        self.accepted[record.kind] += 1
        return None

    async def resolve(self, db: Database) -> list[Rejected]:
        """Look up, in the graph, what the load refers to without describing it. Returns the
        topics rejected because their parent is nowhere (and topics below those)."""
        named = self.person_ids | self.person_refs
        self.erased = await ingest_db.erased_people(db, named)
        outside_people = self.person_refs - self.person_ids
        existing_people = await ingest_db.existing_person_ids(db, outside_people)
        # An erased person is reported as erased, not as unknown.
        self.missing_people = outside_people - existing_people - self.erased.keys()
        outside_brands = self.brand_refs - self.brand_ids
        self.missing_brands = outside_brands - await ingest_db.existing_brand_ids(
            db, outside_brands
        )

        parents = {t.parent for t in self.topics.values() if t.parent is not None}
        # Looked up even when described here: a described topic may still be rejected below.
        outside_topics = self.topic_refs | parents
        existing_topics = await ingest_db.existing_topic_ids(db, outside_topics)
        # The tree above the parents that are in the graph: with the load's own parents, it
        # tells whether a new parent link would close a loop.
        linked = parents & existing_topics
        graph_parents = await ingest_db.topic_parents_above(db, linked) if linked else {}
        rejected: list[Rejected] = []
        while True:
            refused = [
                (topic_id, _unknown("parent", IssueCode.UNKNOWN_TOPIC, "topic", topic.parent))
                for topic_id, topic in self.topics.items()
                if topic.parent is not None
                and topic.parent not in self.topics
                and topic.parent not in existing_topics
            ]
            refused += [
                (topic_id, self._loop(cycle, graph_parents))
                for topic_id, cycle in self._loops(graph_parents)
            ]
            if not refused:
                break
            for topic_id, issue in refused:
                topic = self.topics.pop(topic_id)
                self.accepted["topic"] -= 1
                source, position = topic.where
                rejected.append(Rejected(source, position, (issue,), dump(topic.record)))
        self.missing_topics = (self.topic_refs - self.topics.keys()) - existing_topics
        return rejected

    def _parent(self, topic_id: str, graph_parents: dict[str, str]) -> str | None:
        """A topic's parent once the load is written: the load's for a topic it describes
        (link_topic_parents replaces the old link), else the graph's."""
        topic = self.topics.get(topic_id)
        return topic.parent if topic is not None else graph_parents.get(topic_id)

    def _loops(self, graph_parents: dict[str, str]) -> list[tuple[str, list[str]]]:
        """Topics of this load whose chain of parents (the load's, else the graph's) comes
        back to them, with that chain."""
        found = []
        for topic_id in self.topics:
            chain = [topic_id]
            parent = self._parent(topic_id, graph_parents)
            while parent is not None and parent not in chain:
                chain.append(parent)
                parent = self._parent(parent, graph_parents)
            if parent == topic_id:
                found.append((topic_id, [*chain, topic_id]))
        return found

    def _loop(self, cycle: list[str], graph_parents: dict[str, str]) -> Issue:
        path = " -> ".join(cycle)
        from_graph = [
            f"{child} -> {parent}"
            for child, parent in pairwise(cycle)
            if child not in self.topics and graph_parents.get(child) == parent
        ]
        where = f" (in the graph already: {', '.join(from_graph)})" if from_graph else ""
        message = f"the topic tree would loop: {path}{where}"
        return Issue("parent", IssueCode.SELF_REFERENCE, message)

    @property
    def recheck(self) -> frozenset[RecordKind]:
        """The kinds of record that `reference_issues` may refuse after `resolve`: those to
        read again (follows and interactions naming someone missing or erased; people erased)."""
        kinds: set[RecordKind] = set()
        if (
            self.missing_people
            or self.missing_topics
            or not self.erased.keys().isdisjoint(self.person_refs)
        ):
            kinds.update(("follow", "interaction", "represents"))
        if self.missing_brands:
            kinds.add("represents")
        if not self.erased.keys().isdisjoint(self.person_ids):
            kinds.add("person")
        return frozenset(kinds)

    def reference_issues(self, record: Record) -> tuple[Issue, ...]:
        """What a record names that must not be loaded: a person erased (a person record
        describing them, or a follow or interaction naming them), or a person or topic that
        is neither in the load nor in the graph; a rejected record is also taken out of the
        accepted counts."""
        issues: list[Issue] = []
        match record:
            case PersonRecord():
                if record.id in self.erased:
                    issues.append(self._erased("id", record.id))
            case InteractionRecord():
                for role in ("actor", "target"):
                    person = getattr(record, role)
                    if person in self.erased:
                        issues.append(self._erased(role, person))
                    elif person in self.missing_people:
                        issues.append(_unknown(role, IssueCode.UNKNOWN_PERSON, "person", person))
                for n, topic in enumerate(record.topics):
                    if topic in self.missing_topics:
                        issues.append(
                            _unknown(f"topics.{n}", IssueCode.UNKNOWN_TOPIC, "topic", topic)
                        )
            case FollowRecord() | RepresentsRecord():
                roles = (
                    ("person",)
                    if isinstance(record, RepresentsRecord)
                    else ("follower", "followee")
                )
                for role in roles:
                    person = getattr(record, role)
                    if person in self.erased:
                        issues.append(self._erased(role, person))
                    elif person in self.missing_people:
                        issues.append(_unknown(role, IssueCode.UNKNOWN_PERSON, "person", person))
                if isinstance(record, RepresentsRecord) and record.brand in self.missing_brands:
                    issues.append(_unknown("brand", IssueCode.UNKNOWN_BRAND, "brand", record.brand))
            case _:
                pass
        if issues:
            self.accepted[record.kind] -= 1
        return tuple(issues)

    def _erased(self, field_name: str, person: str) -> Issue:
        day = self.erased[person][:10]
        lift = f"influence-graph erasure lift {shlex.quote(person)}"
        if field_name == "id":
            outcome = "it is not recreated"
        else:
            outcome = f"a record naming them as {field_name} is not loaded"
        message = f"person {person!r} was erased on {day}; {outcome} (lift with `{lift}`)"
        return Issue(field_name, IssueCode.ERASED_PERSON, message)


def dump(record: Record) -> str:
    """A record as the NDJSON line that describes it."""
    return record.model_dump_json(by_alias=True, exclude_none=True)


def _duplicate(field_name: str, key: str, first: tuple[str, int] | None = None) -> Issue:
    where = f" (first at {first[0]}:{first[1]})" if first else ""
    return Issue(field_name, IssueCode.DUPLICATE_ID, f"{key!r} appears earlier in this load{where}")


def _unknown(field_name: str, code: IssueCode, what: str, name: str | None) -> Issue:
    return Issue(
        field_name,
        code,
        f"{what} {name!r} is neither in this load (as a valid record) nor in the graph",
    )
