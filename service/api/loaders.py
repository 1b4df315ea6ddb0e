"""Per-request DataLoaders: one batched query per batch of ids, never one query per object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from service.analytics.explain import PageExplanation, explain_page
from service.analytics.scoring import LEADERS_KEPT
from service.db.database import Database
from service.db.influence import (
    communities_by_ids,
    leaders_by_ids,
    scores_by_job,
    scores_by_keys,
)
from service.db.people import people_by_ids, stats_by_ids
from service.db.topics import children_by_ids, topics_by_ids
from service.models import Community, InfluenceScore, Person, PersonStats, Topic

LEADERS_PER_COMMUNITY = LEADERS_KEPT

# (topic, job id, person, people, interactions): one row's explanation, as a page asks for it.
ExplainKey = tuple[str, str, str, int, int]
K = TypeVar("K")
T = TypeVar("T")


def _batched(
    fetch: Callable[[Sequence[K]], Awaitable[Mapping[K, T]]], missing: Callable[[], T]
) -> DataLoader[K, T]:
    async def load(keys: list[K]) -> list[T]:
        found = await fetch(keys)
        return [found[k] if k in found else missing() for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The request's loaders, each made on first use: most requests need one or two of them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def person(self) -> DataLoader[str, Person | None]:
        return _batched(lambda ids: people_by_ids(self.db, ids), lambda: None)

    @cached_property
    def topic(self) -> DataLoader[str, Topic | None]:
        return _batched(lambda ids: topics_by_ids(self.db, ids), lambda: None)

    @cached_property
    def person_stats(self) -> DataLoader[str, PersonStats | None]:
        return _batched(lambda ids: stats_by_ids(self.db, ids), lambda: None)

    @cached_property
    def topic_children(self) -> DataLoader[str, list[Topic]]:
        return _batched(lambda ids: children_by_ids(self.db, ids), list)

    @cached_property
    def score(self) -> DataLoader[tuple[str, str], InfluenceScore | None]:
        """(person, topic): their scores in the topic's current results."""
        return _batched(lambda keys: scores_by_keys(self.db, keys), lambda: None)

    @cached_property
    def score_of_job(self) -> DataLoader[tuple[str, str, str], InfluenceScore | None]:
        """(person, topic, job id): their scores in that job's results, while they exist."""
        return _batched(lambda keys: scores_by_job(self.db, keys), lambda: None)

    @cached_property
    def community(self) -> DataLoader[str, Community | None]:
        return _batched(lambda ids: communities_by_ids(self.db, ids), lambda: None)

    @cached_property
    def community_leaders(self) -> DataLoader[str, list[str]]:
        return _batched(lambda ids: leaders_by_ids(self.db, ids, LEADERS_PER_COMMUNITY), list)

    @cached_property
    def explanation(self) -> DataLoader[ExplainKey, PageExplanation]:
        """A page's explanations in one batch: the rows that share topic, job and sizes are
        explained by one `explain_page` (three queries), however many rows there are."""

        async def load(keys: list[ExplainKey]) -> list[PageExplanation]:
            groups: dict[tuple[str, str, int, int], list[str]] = {}
            for topic, job, person, people, interactions in keys:
                groups.setdefault((topic, job, people, interactions), []).append(person)
            found: dict[ExplainKey, PageExplanation] = {}
            for (topic, job, people, interactions), persons in groups.items():
                page = await explain_page(self.db, topic, job, persons, people, interactions)
                for person, explained in page.items():
                    found[(topic, job, person, people, interactions)] = explained
            return [found[k] for k in keys]

        return DataLoader(load_fn=load)
