"""Per-request DataLoaders: one batched query per batch of ids, never one query per object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from service.analytics.scoring import LEADERS_KEPT
from service.api.context import Loaders
from service.db.database import Database
from service.db.influence import communities_by_ids, leaders_by_ids, scores_by_keys
from service.db.people import people_by_ids, stats_by_ids
from service.db.topics import children_by_ids, topics_by_ids
from service.models import InfluenceScore, Topic

LEADERS_PER_COMMUNITY = LEADERS_KEPT

T = TypeVar("T")


def _by_id(
    db: Database, fetch: Callable[[Database, Sequence[str]], Awaitable[Mapping[str, T]]]
) -> DataLoader[str, T | None]:
    async def load(ids: list[str]) -> list[T | None]:
        found = await fetch(db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def create_loaders(db: Database) -> Loaders:
    async def load_children(ids: list[str]) -> list[list[Topic]]:
        found = await children_by_ids(db, ids)
        return [found.get(i, []) for i in ids]

    async def load_scores(keys: list[tuple[str, str]]) -> list[InfluenceScore | None]:
        found = await scores_by_keys(db, keys)
        return [found.get(k) for k in keys]

    async def load_leaders(ids: list[str]) -> list[list[str]]:
        found = await leaders_by_ids(db, ids, LEADERS_PER_COMMUNITY)
        return [found.get(i, []) for i in ids]

    return Loaders(
        person=_by_id(db, people_by_ids),
        topic=_by_id(db, topics_by_ids),
        person_stats=_by_id(db, stats_by_ids),
        topic_children=DataLoader(load_fn=load_children),
        score=DataLoader(load_fn=load_scores),
        community=_by_id(db, communities_by_ids),
        community_leaders=DataLoader(load_fn=load_leaders),
    )
