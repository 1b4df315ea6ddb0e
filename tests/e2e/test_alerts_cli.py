"""Crisis watch run on a schedule, as the Helm CronJob and the worker run it: `influence-graph
alerts detect` raises (and prints) what detection finds, changes nothing when run again, and
refuses an unknown brand with exit 1; the worker's `watch_forever` raises the same alerts
on its first round."""

from __future__ import annotations

import asyncio

import pytest

from service.alerts import lifecycle
from service.alerts.schedule import watch_forever
from service.db.database import Database
from service.ingest.loader import load_records
from service.settings import Settings
from tests.e2e.test_cli import cli, env_for
from tests.e2e.test_mutations import on_graph
from tests.integration.test_crisis_watch import world

pytestmark = pytest.mark.neo4j


def loaded_without_alerts(settings: Settings) -> None:
    async def work(db: Database) -> None:
        await load_records(db, world(crisis=True))  # the load's own detection runs
        await db.write("test/delete_alerts")

    on_graph(settings, work)


def alert_ids(settings: Settings) -> list[str]:
    async def work(db: Database) -> list[str]:
        return sorted(a.id for a in await lifecycle.page(db, "nw", None, None, 10))

    return on_graph(settings, work)


def test_alerts_detect_raises_prints_and_refuses_unknown_brands(empty_graph: Settings) -> None:
    loaded_without_alerts(empty_graph)
    env = env_for(empty_graph)
    done = cli("alerts", "detect", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    raised = sorted(line.split()[1] for line in lines if line.startswith("raised "))
    resolved = sorted(line.split()[1] for line in lines if line.startswith("resolved "))
    assert len(raised) == 2
    assert raised == alert_ids(empty_graph) == resolved  # quiet days follow: both resolved
    assert lines[-1] == "2 raised, 2 resolved"
    again = cli("alerts", "detect", "--brand", "nw", env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["0 raised, 0 resolved"]
    unknown = cli("alerts", "detect", "--brand", "nw", "--brand", "nope", env=env)
    assert unknown.returncode == 1
    assert "nope" in unknown.stderr


def test_the_workers_watch_raises_on_its_first_round(empty_graph: Settings) -> None:
    loaded_without_alerts(empty_graph)
    assert alert_ids(empty_graph) == []
    fast = empty_graph.model_copy(update={"alert_watch_interval": 0.2})

    async def work(db: Database) -> None:
        stop = asyncio.Event()
        watch = asyncio.create_task(watch_forever(db, fast, stop))
        for _ in range(100):
            await asyncio.sleep(0.2)
            if len(await lifecycle.page(db, "nw", None, None, 10)) == 2:
                break
        stop.set()
        await asyncio.wait_for(watch, 10)

    on_graph(empty_graph, work)
    ids = alert_ids(empty_graph)
    assert len(ids) == 2
