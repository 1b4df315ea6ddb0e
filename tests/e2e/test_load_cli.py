"""`influence-graph load` and `import` as a feed meets them: exit codes, the report of bad
lines, --skip-invalid with its rejects file, and loads cut short by Ctrl-C or a dead Neo4j."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import SecretStr

from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import content_checksum, counts, wipe
from service.db.migrate import migrate
from service.ingest.demo import generate, write_ndjson
from service.ingest.erase import erase_person
from service.localdb.server import LocalNeo4j
from service.models import GraphCounts
from service.settings import PROJECT_ROOT, Settings
from tests.conftest import spare_settings
from tests.e2e.test_cli import cli, env_for
from tests.support.queries import queries_with_tests

T = TypeVar("T")
AT = "2026-03-01T10:00:00Z"
GOOD = [
    {"kind": "topic", "id": "t1", "name": "One"},
    {"kind": "person", "id": "p1", "name": "A"},
    {"kind": "person", "id": "p2", "name": "B"},
    {"kind": "person", "id": "p3", "name": "C"},
    {"kind": "follow", "follower": "p1", "followee": "p2"},
    {"kind": "interaction", "id": "i1", "type": "share", "actor": "p1", "target": "p2",
     "topics": ["t1"], "at": AT},
    {"kind": "interaction", "id": "i2", "type": "like", "actor": "p3", "target": "p2",
     "topics": ["t1"], "at": AT, "sentiment": -0.2},
]  # fmt: skip
BAD = [
    {"kind": "interaction", "id": "b1", "type": "share", "actor": "p1", "target": "p2",
     "topics": ["t1"], "at": AT, "sentiment": -3},
    {"kind": "person", "id": "p1", "name": "A again"},
    {"kind": "interaction", "id": "b2", "type": "boost", "actor": "p1", "target": "p3",
     "topics": ["t1"], "at": AT},
    {"kind": "follow", "follower": "p1", "followee": "nobody"},
]  # fmt: skip
BAD_FIELDS = ["sentiment", "id", "type", "followee"]


def on_graph(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        driver = create_async_driver(settings)
        db = Database(driver, queries_with_tests(settings), settings.neo4j_database, 120.0)
        try:
            return await work(db)
        finally:
            await driver.close()

    return asyncio.run(run())


def graph_state(settings: Settings) -> tuple[GraphCounts, str]:
    async def both(db: Database) -> tuple[GraphCounts, str]:
        return await counts(db), await content_checksum(db)

    return on_graph(settings, both)


def graph_counts(settings: Settings) -> GraphCounts:
    return on_graph(settings, counts)


def wipe_graph(settings: Settings) -> None:
    on_graph(settings, wipe)


def interleave(path: Path) -> tuple[Path, list[int]]:
    """GOOD with a BAD record after every other good one; returns the bad line numbers."""
    lines: list[str] = []
    bad_lines: list[int] = []
    bad = iter(BAD)
    for n, record in enumerate(GOOD):
        lines.append(json.dumps(record))
        if n % 2 == 0:
            lines.append(json.dumps(next(bad)))
            bad_lines.append(len(lines))
    path.write_text("\n".join(lines) + "\n")
    return path, bad_lines


def test_bad_lines_are_reported_and_nothing_is_written(
    empty_graph: Settings, tmp_path: Path
) -> None:
    path, bad_lines = interleave(tmp_path / "feed.ndjson")

    done = cli("load", str(path), env=env_for(empty_graph))

    assert done.returncode == 1, done.stderr
    reported = [line for line in done.stderr.splitlines() if line.startswith(str(path))]
    assert len(reported) == len(BAD)
    for line, number, field in zip(reported, bad_lines, BAD_FIELDS, strict=True):
        assert line.startswith(f"{path}:{number}: {field}: ")
    assert f"{len(BAD)} invalid records: nothing written" in done.stderr
    assert graph_state(empty_graph)[0].empty


def test_skip_invalid_writes_the_good_and_rejects_the_bad(
    empty_graph: Settings, tmp_path: Path
) -> None:
    clean = tmp_path / "clean.ndjson"
    clean.write_text("".join(json.dumps(r) + "\n" for r in GOOD))
    assert cli("load", str(clean), env=env_for(empty_graph)).returncode == 0
    expected = graph_state(empty_graph)
    wipe_graph(empty_graph)
    path, bad_lines = interleave(tmp_path / "feed.ndjson")
    rejects = tmp_path / "rejects.ndjson"

    done = cli("load", str(path), "--skip-invalid", "--rejects", str(rejects),
               env=env_for(empty_graph))  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert graph_state(empty_graph) == expected
    rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [r["line"] for r in rejected] == bad_lines
    assert [json.loads(r["raw"]) for r in rejected] == BAD
    assert [r["errors"][0]["field"] for r in rejected] == BAD_FIELDS
    assert all(r["errors"][0]["message"] for r in rejected)


def test_unreadable_input_and_unknown_format_are_invalid_input(
    empty_graph: Settings, tmp_path: Path
) -> None:
    weird = tmp_path / "data.xml"
    weird.write_text("<x/>")
    done = cli("load", str(weird), env=env_for(empty_graph))
    assert done.returncode == 1
    assert "unknown format" in done.stderr
    unnamed = tmp_path / "stuff.csv"
    unnamed.write_text("id,name\n")
    nameless = cli("load", str(unnamed), env=env_for(empty_graph))
    assert nameless.returncode == 1
    assert nameless.stderr.splitlines() == [
        f"error: {unnamed}: cannot tell which records this CSV holds: its name must start with "
        "topic, person, people, follow, interaction, brand or represent (e.g. people.csv, "
        "interactions-2026.csv)"
    ]
    feed = tmp_path / "feed.ndjson"
    feed.write_text(json.dumps(GOOD[0]) + "\n")
    same = cli(
        "load", str(feed), "--skip-invalid", "--rejects", str(feed), env=env_for(empty_graph)
    )
    assert same.returncode == 1
    assert same.stderr.splitlines() == [f"error: the rejects file {feed} is one of the inputs"]
    assert feed.read_text() == json.dumps(GOOD[0]) + "\n"


def test_database_unavailable_has_its_own_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    path.write_text(json.dumps(GOOD[0]) + "\n")
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_CONNECT_TIMEOUT": "1"}
    done = cli("load", str(path), env=env)
    assert done.returncode == 3
    assert "NEO4J_URI" in done.stderr


@pytest.mark.parametrize(("dataset", "people", "interactions"),
                         [("timme", 583, 61420), ("email-eu", 1005, 24929)])  # fmt: skip
def test_import_twice_gives_one_graph(
    empty_graph: Settings, dataset: str, people: int, interactions: int
) -> None:
    first = cli("import", dataset, env=env_for(empty_graph))
    assert first.returncode == 0, first.stderr
    state = graph_state(empty_graph)
    assert (state[0].people, state[0].interactions) == (people, interactions)
    second = cli("import", dataset, env=env_for(empty_graph))
    assert second.returncode == 0, second.stderr
    assert "(0 new or changed)" in second.stdout
    assert graph_state(empty_graph) == state


# --- interrupted loads ----------------------------------------------------------------


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "demo.ndjson"
    write_ndjson(generate(seed=11, people=3000), path)
    return path


@pytest.fixture(scope="module")
def clean_state(neo4j_server: Settings, big_file: Path) -> tuple[GraphCounts, str]:
    wipe_graph(neo4j_server)
    done = cli("load", str(big_file), env=env_for(neo4j_server))
    assert done.returncode == 0, done.stderr
    return graph_state(neo4j_server)


def start_load(settings: Settings, path: Path, **env: str) -> subprocess.Popen[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env_for(settings, NEO4J_RETRY_TIME="3", **env))
    return subprocess.Popen(
        [sys.executable, "-m", "service", "load", str(path), "--batch-size", "500"],
        cwd=PROJECT_ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def wait_until_interactions(settings: Settings, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = graph_counts(settings).interactions
        if seen >= at_least:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the load never reached {at_least} interactions")


def test_a_load_cut_by_ctrl_c_finishes_when_rerun(
    neo4j_server: Settings, big_file: Path, clean_state: tuple[GraphCounts, str]
) -> None:
    wipe_graph(neo4j_server)
    load = start_load(neo4j_server, big_file)
    seen = wait_until_interactions(neo4j_server, 1)
    load.send_signal(signal.SIGINT)
    _, stderr = load.communicate(timeout=60)

    assert load.returncode == 130, stderr
    assert "run the same command again" in stderr
    partial = graph_counts(neo4j_server)
    assert seen <= partial.interactions < clean_state[0].interactions
    rerun = cli("load", str(big_file), env=env_for(neo4j_server))
    assert rerun.returncode == 0, rerun.stderr
    assert graph_state(neo4j_server) == clean_state


@pytest.fixture(scope="module")
def spare(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalNeo4j, Settings]]:
    """A local server of this module's own (test ports + 300) to kill: the suite's server,
    which may be external, is neither needed nor touched."""
    settings = spare_settings(
        neo4j_server,
        300,
        Path(tmp_path_factory.mktemp("spare-load")) / "neo4j",
        local_heap="1g",
        local_pagecache="256m",
        neo4j_password=SecretStr("spare-load-pass-1"),
    )
    server = LocalNeo4j(settings)
    server.start(echo=False)
    try:
        on_graph(settings, migrate)
        yield server, settings
    finally:
        server.stop(echo=False)


def test_neo4j_killed_mid_load_then_rerun_gives_the_clean_graph(
    spare: tuple[LocalNeo4j, Settings], big_file: Path
) -> None:
    server, settings = spare
    # The graph a whole load gives, on this server: what the cut load must converge to.
    whole = cli("load", str(big_file), env=env_for(settings))
    assert whole.returncode == 0, whole.stderr
    clean_state = graph_state(settings)
    wipe_graph(settings)
    assert graph_state(settings)[0].empty

    load = start_load(settings, big_file)
    wait_until_interactions(settings, 2000)
    server.kill()
    _, stderr = load.communicate(timeout=120)

    assert load.returncode == 3, stderr
    assert "run the same command again" in stderr
    server.start(echo=False)
    partial = graph_counts(settings)
    assert 2000 <= partial.interactions < clean_state[0].interactions
    rerun = cli("load", str(big_file), env=env_for(settings))
    assert rerun.returncode == 0, rerun.stderr
    assert graph_state(settings) == clean_state


# --- erased people --------------------------------------------------------------------

# The lines of GOOD (from 1) that describe or name p1: the person, the follow, interaction i1.
ERASED_LINES = {2: "id", 5: "follower", 6: "actor"}


def erase(settings: Settings, person_id: str) -> None:
    assert on_graph(settings, lambda db: erase_person(db, person_id)) is not None


def mentions(settings: Settings, value: str) -> list[dict[str, Any]]:
    return on_graph(settings, lambda db: db.read("test/mentions", value=value))


def test_a_replay_after_erasure_is_refused_until_the_erasure_is_lifted(
    empty_graph: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    feed.write_text("".join(json.dumps(r) + "\n" for r in GOOD))
    assert cli("load", str(feed), env=env_for(empty_graph)).returncode == 0
    erase(empty_graph, "p1")
    erased = graph_state(empty_graph)

    refused = cli("load", str(feed), env=env_for(empty_graph))

    assert refused.returncode == 1, refused.stderr
    reported = [line for line in refused.stderr.splitlines() if line.startswith(str(feed))]
    assert len(reported) == len(ERASED_LINES)
    for line, (number, field) in zip(reported, ERASED_LINES.items(), strict=True):
        assert line.startswith(f"{feed}:{number}: {field}: "), line
        assert "'p1' was erased on " in line, line
        assert line.endswith("[erased_person]"), line
        assert "(lift with `influence-graph erasure lift p1`)" in line
    assert f"{len(ERASED_LINES)} invalid records: nothing written" in refused.stderr
    assert graph_state(empty_graph) == erased

    # A graph that lost its data but kept its erasures, reloaded from the old file: the rest
    # loads, the records of the erased person go to the rejects file.
    on_graph(empty_graph, lambda db: db.write("test/wipe_except_tombstones"))
    rejects = tmp_path / "rejects.ndjson"
    skipped = cli("load", str(feed), "--skip-invalid", "--rejects", str(rejects),
                  env=env_for(empty_graph))  # fmt: skip

    assert skipped.returncode == 0, skipped.stderr
    rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [r["line"] for r in rejected] == list(ERASED_LINES)
    # A record rejected for what it names is written back as its model (defaults filled in).
    raws = [json.loads(r["raw"]) for r in rejected]
    originals = [json.loads(feed.read_text().splitlines()[n - 1]) for n in ERASED_LINES]
    assert [{k: raw.get(k) for k in o} for raw, o in zip(raws, originals, strict=True)] == originals
    assert [[(e["field"], e["code"]) for e in r["errors"]] for r in rejected] == [
        [(field, "erased_person")] for field in ERASED_LINES.values()
    ]
    graph = graph_counts(empty_graph)
    assert (graph.people, graph.topics, graph.follows, graph.interactions) == (2, 1, 0, 1)
    assert mentions(empty_graph, "p1") == [{"nodes": 0, "relationships": 0}]

    lifted = cli("erasure", "lift", "p1", env=env_for(empty_graph))
    assert lifted.returncode == 0, lifted.stderr
    assert "Lifted the erasure of person 'p1'" in lifted.stdout
    again = cli("load", str(feed), env=env_for(empty_graph))
    assert again.returncode == 0, again.stderr
    graph = graph_counts(empty_graph)
    assert (graph.people, graph.topics, graph.follows, graph.interactions) == (3, 1, 1, 2)
    twice = cli("erasure", "lift", "p1", env=env_for(empty_graph))
    assert twice.returncode == 1
    assert "no erasure is recorded for person 'p1'" in twice.stderr


def test_values_neo4j_cannot_store_are_refused_before_anything_is_written(
    empty_graph: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    records = [
        GOOD[0],
        {"kind": "person", "id": "p1", "name": "A", "followers": 10**20},
        {"kind": "person", "id": "p2", "name": "B",
         "attributes": {"accountId": 12345678901234567890}},
        {"kind": "person", "id": "p3", "name": "C", "createdAt": "0001-01-01T00:00:00+01:00"},
        {"kind": "person", "id": "p4", "name": "D"},
        {"kind": "follow", "follower": "p4", "followee": "p5",
         "since": "9999-12-31T23:00:00-05:00"},
        {"kind": "person", "id": "p5", "name": "E"},
        {"kind": "interaction", "id": "i1", "type": "like", "actor": "p4", "target": "p5",
         "topics": ["t1"], "at": AT, "count": 2**63},
    ]  # fmt: skip
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))

    done = cli("load", str(feed), env=env_for(empty_graph))

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    reported = [line for line in done.stderr.splitlines() if line.startswith(str(feed))]
    assert [line.split(": ")[0:2] for line in reported] == [
        [f"{feed}:2", "followers"],
        [f"{feed}:3", "attributes.accountId"],
        [f"{feed}:4", "createdAt"],
        [f"{feed}:6", "since"],
        [f"{feed}:8", "count"],
    ]
    codes = [line.rsplit(" ", 1)[1] for line in reported]
    assert codes == ["[out_of_range]", "[out_of_range]", "[bad_timestamp]", "[bad_timestamp]",
                     "[out_of_range]"]  # fmt: skip
    assert "5 invalid records: nothing written" in done.stderr
    assert graph_state(empty_graph)[0].empty


def test_skip_invalid_with_a_rejects_file_that_cannot_be_created_writes_nothing(
    empty_graph: Settings, tmp_path: Path
) -> None:
    path, _ = interleave(tmp_path / "feed.ndjson")
    rejects = tmp_path / "no-such-folder" / "rejects.ndjson"

    done = cli("load", str(path), "--skip-invalid", "--rejects", str(rejects),
               env=env_for(empty_graph))  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"error: cannot create the rejects file {rejects} (--rejects): No such file or "
        "directory; nothing written"
    ]
    assert graph_state(empty_graph)[0].empty


def test_nul_bytes_and_year_0001_fail_the_load_naming_the_record(
    empty_graph: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "hostile.ndjson"
    records = [
        GOOD[0],
        {"kind": "person", "id": "p1\u0000", "name": "A"},
        {"kind": "person", "id": "p2", "name": "B\u0000B"},
        {"kind": "interaction", "id": "i1", "type": "like", "actor": "p1", "target": "p2",
         "topics": ["t1"], "at": "0001-01-01T00:00:00Z"},
    ]  # fmt: skip
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))

    done = cli("load", str(feed), env=env_for(empty_graph))

    assert done.returncode == 1, done.stderr
    reported = [line for line in done.stderr.splitlines() if line.startswith(str(feed))]
    assert [(line.split(": ")[0:2], line.rsplit(" ", 1)[1]) for line in reported] == [
        ([f"{feed}:2", "id"], "[control_character]"),
        ([f"{feed}:3", "name"], "[control_character]"),
        ([f"{feed}:4", "at"], "[bad_timestamp]"),
    ]
    assert graph_state(empty_graph)[0].empty
    allowed = cli("load", str(feed), env=env_for(empty_graph, ALLOW_ANY_TIMESTAMP="true"))
    assert allowed.returncode == 1
    assert "[bad_timestamp]" not in allowed.stderr
