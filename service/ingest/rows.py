"""Turning validated records into the parameter rows the ingest Cypher files expect.

Timestamps travel as ISO-8601 strings in UTC and become Neo4j datetimes in Cypher
(`datetime(row.at)`): the driver packs strings far faster than datetime objects, and one
representation for every instant makes a replayed value compare equal to the stored one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.db.erasures import id_hash
from service.ingest.records import (
    BrandRecord,
    FollowRecord,
    InteractionRecord,
    PersonRecord,
    Record,
    RepresentsRecord,
    TopicRecord,
)

Row = dict[str, Any]


def utc_text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def topic_row(r: TopicRecord) -> Row:
    return {"id": r.id, "name": r.name}


def topic_parent_row(r: TopicRecord) -> Row:
    return {"id": r.id, "parent": r.parent}


def person_row(r: PersonRecord) -> Row:
    props: dict[str, Any] = {
        "name": r.name,
        "handle": r.handle,
        "kind": r.person_kind,
        "language": r.language,
        "country": r.country,
        "followers": r.followers,
    }
    props.update(r.attributes or {})
    return {
        "id": r.id,
        "idHash": id_hash(r.id),  # the write skips a person erased since validation
        "props": props,
        "createdAt": utc_text(r.created_at),
    }


def follow_row(r: FollowRecord) -> Row:
    return {"follower": r.follower, "followee": r.followee, "since": utc_text(r.since)}


def interaction_row(r: InteractionRecord) -> Row:
    return {
        "id": r.id,
        "type": r.type,
        "actor": r.actor,
        "target": r.target,
        "topics": list(r.topics),
        "at": utc_text(r.at),
        "sentiment": r.sentiment,
        "platform": r.platform,
        "url": r.url,
        "count": r.count,
        "campaigns": list(r.campaigns) if r.campaigns else None,
        "tags": sorted(set(r.tags)) if r.tags else None,
    }


def brand_row(r: BrandRecord) -> Row:
    return {"id": r.id, "name": r.name}


def represents_row(r: RepresentsRecord) -> Row:
    return {"person": r.person, "brand": r.brand, "role": r.role}


def record_row(record: Record) -> Row:
    match record:
        case TopicRecord():
            return topic_row(record)
        case PersonRecord():
            return person_row(record)
        case FollowRecord():
            return follow_row(record)
        case InteractionRecord():
            return interaction_row(record)
        case BrandRecord():
            return brand_row(record)
        case RepresentsRecord():
            return represents_row(record)
