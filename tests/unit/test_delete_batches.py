"""Deleting a stale generation in batches (service/db/scores.delete_generation), against a
stand-in database: a batch over the server's transaction memory is tried again in quarters,
down to the smallest batch, and the loop stops when nothing is left or the check refuses."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from service.db.database import Database, QueryMemoryLimitExceeded
from service.db.scores import MIN_DELETE_BATCH, delete_generation


class Store:
    """`left` elements of one generation; a delete over `fits` elements is over memory."""

    def __init__(self, left: int, fits: int, held: bool = True) -> None:
        self.left, self.fits, self.held = left, fits, held
        self.limits: list[int] = []

    async def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        assert name == "analytics/delete_generation"
        limit = int(params["limit"])
        self.limits.append(limit)
        if limit > self.fits:
            raise QueryMemoryLimitExceeded("db.memory.transaction.max")
        n = min(limit, self.left) if self.held else 0
        self.left -= n
        zero = {"scores": 0, "memberships": 0, "communities": 0}
        return [{"held": self.held, "influences": n, **zero}]


def delete(store: Store, batch: int) -> int:
    return asyncio.run(delete_generation(cast(Database, store), "t", "job", None, batch))


def test_a_batch_over_memory_is_tried_again_in_quarters() -> None:
    store = Store(left=10_000, fits=4_000)
    assert delete(store, 50_000) == 10_000
    assert store.limits == [50_000, 12_500, 3_125, 3_125, 3_125, 3_125, 3_125]
    assert store.left == 0


def test_over_memory_at_the_smallest_batch_is_raised() -> None:
    store = Store(left=1_000, fits=MIN_DELETE_BATCH - 1)
    with pytest.raises(QueryMemoryLimitExceeded):
        delete(store, 1_000)
    assert store.limits[-1] == MIN_DELETE_BATCH


def test_a_refused_generation_is_left_alone() -> None:
    store = Store(left=1_000, fits=10_000, held=False)
    assert delete(store, 5_000) == 0
    assert store.limits == [5_000]
