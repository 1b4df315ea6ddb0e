"""Turning validated records into the parameter rows the ingest Cypher files expect."""

from __future__ import annotations

from typing import Any

from service.ingest.records import FollowRecord, InteractionRecord, PersonRecord, TopicRecord

Row = dict[str, Any]


def topic_row(r: TopicRecord) -> Row:
    return {"id": r.id, "name": r.name, "parent": r.parent}


def person_row(r: PersonRecord) -> Row:
    return {
        "id": r.id,
        "name": r.name,
        "handle": r.handle,
        "kind": r.person_kind,
        "language": r.language,
        "country": r.country,
        "followers": r.followers,
        "attributes": r.attributes,
        "createdAt": r.created_at.isoformat() if r.created_at else None,
    }


def follow_row(r: FollowRecord) -> Row:
    return {
        "follower": r.follower,
        "followee": r.followee,
        "since": r.since.isoformat() if r.since else None,
    }


def interaction_row(r: InteractionRecord) -> Row:
    return {
        "id": r.id,
        "type": r.type,
        "actor": r.actor,
        "target": r.target,
        "topics": list(r.topics),
        "at": r.at.isoformat(),
        "sentiment": r.sentiment,
        "platform": r.platform,
        "url": r.url,
        "count": r.count,
    }
