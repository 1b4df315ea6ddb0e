"""The scoring signals' read and the writes of relationships on people take turns.

Neo4j 5.26 (record format) can miss or double a node's relationships in a read that walks them
while another transaction commits relationships on that node (neo4j/neo4j#13741, fixed in
Neo4j 2026.03). The scoring signals walk each person's interactions (analytics/person_signals),
and a job writes its INFLUENCES edges on the same people, as the clean-up of old generations
deletes theirs. Measured on the demo before this: in 2 of 10 runs, one of the jobs read people
without one of their interactions (135 in one run, one in the other), and ranked them lower.

So in one worker, a write that adds or deletes relationships on people (the edges of a job,
one batch of a clean-up) waits while the signals are read, and the read waits for the batch
in flight. Workers do not see each other's: a deployment with several workers can still meet
the anomaly until Neo4j is upgraded (docs/analytics.md).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class PeopleReads:
    def __init__(self) -> None:
        self._turn = asyncio.Condition()
        self._reading = 0
        self._waiting_readers = 0
        self._writing = 0

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        """Read people's relationships: once the writes in flight are done, none starts."""
        async with self._turn:
            self._waiting_readers += 1
            try:
                await self._turn.wait_for(lambda: self._writing == 0)
            finally:
                self._waiting_readers -= 1
            self._reading += 1
        try:
            yield
        finally:
            async with self._turn:
                self._reading -= 1
                self._turn.notify_all()

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Write relationships on people, once no read is running or waiting."""
        async with self._turn:
            await self._turn.wait_for(lambda: self._reading == 0 and self._waiting_readers == 0)
            self._writing += 1
        try:
            yield
        finally:
            async with self._turn:
                self._writing -= 1
                self._turn.notify_all()
