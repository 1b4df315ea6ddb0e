"""What the command line prints for people and for programs: `cypher --format` (a table
that cuts no cell; CSV, JSON and NDJSON that parse back to the rows the query returns),
`analyze` naming the people it ranks, and `--version`."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tomllib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from service.db.database import Database, Record
from service.db.driver import create_async_driver
from service.ingest.demo import generate
from service.settings import PROJECT_ROOT, Settings
from tests.e2e.test_cli import cli, env_for

PEOPLE = 300
TOPIC = "health"
TOP_INFLUENCERS = "cypher/analyses/top_influencers.cypher"
DETRACTOR_WATCH = "cypher/analyses/detractor_watch.cypher"


@dataclass(frozen=True)
class Analysed:
    settings: Settings
    env: dict[str, str]
    ranking: str  # what `analyze --top 5` printed


@pytest.fixture(scope="module")
def analysed(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    """The demo loaded and the topic analysed, as a user does it, in a terminal 80 wide."""
    state = tmp_path_factory.mktemp("cli-output") / "neo4j"
    env = env_for(neo4j_server, STATE_DIR=str(state), COLUMNS="80")
    assert cli("db", "wipe", "--yes", env=env).returncode == 0
    loaded = cli("demo", "load", "--people", str(PEOPLE), env=env)
    assert loaded.returncode == 0, loaded.stderr
    ranked = cli("analyze", "--topic", TOPIC, "--top", "5", env=env)
    assert ranked.returncode == 0, ranked.stderr
    return Analysed(neo4j_server, env, ranked.stdout)


def rows_of(settings: Settings, name: str, **params: Any) -> list[Record]:
    """The rows as the driver returns them, read without the command line."""

    async def read() -> list[Record]:
        driver = create_async_driver(settings)
        try:
            return await Database.for_settings(driver, settings).read(name, **params)
        finally:
            await driver.close()

    return asyncio.run(read())


def cypher(analysed: Analysed, file: str, output: str, **params: object) -> str:
    args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
    done = cli("cypher", file, *args, "--format", output, env=analysed.env)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout  # no terminal styling in what programs read
    return done.stdout


def test_csv_parses_back_to_the_rows(analysed: Analysed) -> None:
    rows = rows_of(analysed.settings, "analyses/top_influencers", topic=TOPIC, limit=5)
    out = cypher(analysed, TOP_INFLUENCERS, "csv", topic=TOPIC, limit=5)

    parsed = list(csv.DictReader(io.StringIO(out)))

    assert len(rows) == 5
    assert len(parsed) == len(rows)
    assert list(parsed[0]) == list(rows[0])  # the query's columns, in its order
    for line, row in zip(parsed, rows, strict=True):
        for column, value in row.items():
            cell = line[column]
            if value is None:
                assert cell == ""
            elif isinstance(value, str):
                assert cell == value
            else:  # numbers and lists, as JSON
                assert json.loads(cell) == value, column
    assert any(isinstance(v, list) and v for v in rows[0].values())  # a list cell was checked


def test_json_is_the_list_of_rows(analysed: Analysed) -> None:
    rows = rows_of(analysed.settings, "analyses/top_influencers", topic=TOPIC, limit=5)
    out = cypher(analysed, TOP_INFLUENCERS, "json", topic=TOPIC, limit=5)

    parsed = json.loads(out)

    assert parsed == rows
    assert [list(p) for p in parsed] == [list(r) for r in rows]


def test_ndjson_is_one_row_per_line(analysed: Analysed) -> None:
    rows = rows_of(analysed.settings, "analyses/top_influencers", topic=TOPIC, limit=5)
    out = cypher(analysed, TOP_INFLUENCERS, "ndjson", topic=TOPIC, limit=5)

    lines = out.splitlines()

    assert len(lines) == len(rows)
    assert [json.loads(line) for line in lines] == rows


def test_datetimes_are_iso_8601_text(analysed: Analysed) -> None:
    params = {"topic": TOPIC, "minNegativeShare": 0, "days": 100_000, "limit": 50}
    rows = rows_of(analysed.settings, "analyses/detractor_watch", **params)
    dated = [r for r in rows if r["lastNegativeAt"] is not None]
    assert dated, "the demo has negative engagement on the topic"

    parsed = json.loads(cypher(analysed, DETRACTOR_WATCH, "json", **params))

    assert [p["person"] for p in parsed] == [r["person"] for r in rows]
    for line, row in zip(parsed, rows, strict=True):
        if row["lastNegativeAt"] is None:
            assert line["lastNegativeAt"] is None
        else:
            at = datetime.fromisoformat(line["lastNegativeAt"])
            assert at == row["lastNegativeAt"].to_native()


def test_a_wide_table_cuts_no_cell(analysed: Analysed) -> None:
    rows = rows_of(analysed.settings, "analyses/top_influencers", topic=TOPIC, limit=5)
    out = cypher(analysed, TOP_INFLUENCERS, "table", topic=TOPIC, limit=5)

    assert len(rows[0]) == 13
    assert "…" not in out
    for column in rows[0]:
        assert column in out
    for row in rows:
        assert row["person"] in out
        assert row["name"] in out
        assert row["jobId"] in out
    assert out.rstrip().endswith("5 rows")


def test_analyze_names_the_people_it_ranks(analysed: Analysed) -> None:
    people = {p.id: p for p in generate(people=PEOPLE).persons}
    lines = analysed.ranking.splitlines()[1:6]

    assert [line.split()[0] for line in lines] == ["1.", "2.", "3.", "4.", "5."]
    for line in lines:
        person = people[line.split()[1]]
        handle = f"@{person.handle}"
        assert person.id in line
        assert line.index(person.id) < line.index(person.name) < line.index(handle), line


def test_version_is_the_package_version() -> None:
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]

    done = cli("--version")

    assert done.returncode == 0, done.stderr
    assert done.stdout == f"influence-graph {version}\n"
