"""`influence-graph analyze` and `influence-graph cypher` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from service.settings import Settings
from tests.e2e.test_cli import cli, env_for


def test_analyze_then_query_the_results(empty_graph: Settings, tmp_path: Path) -> None:
    env = env_for(empty_graph, STATE_DIR=str(tmp_path / "neo4j"), COLUMNS="200")
    loaded = cli("demo", "load", "--people", "300", env=env)
    assert loaded.returncode == 0, loaded.stderr

    done = cli("analyze", "--topic", "health", "--top", "5", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("health: ")
    assert "influence edges, job " in lines[0]
    assert [line.split()[0] for line in lines[1:6]] == ["1.", "2.", "3.", "4.", "5."]
    assert "Analysing health" in done.stderr  # the progress bar

    table = cli(
        "cypher", "cypher/analyses/top_influencers.cypher",
        "--param", "topic=health", "--param", "limit=3", env=env,
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert table.stdout.rstrip().endswith("3 rows")
    first = lines[1].split()[1]
    assert first in table.stdout


def test_analyze_explains_its_failures(empty_graph: Settings) -> None:
    env = env_for(empty_graph)
    nothing = cli("analyze", env=env)
    assert nothing.returncode == 1
    assert "--topic" in nothing.stderr
    unknown = cli("analyze", "--topic", "nope", env=env)
    assert unknown.returncode == 1
    assert "unknown topic 'nope'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad = cli("cypher", "README.md", env=env)
    assert bad.returncode == 1
    assert "not a query file" in bad.stderr


def test_analyze_all_topics(empty_graph: Settings, tmp_path: Path) -> None:
    env = env_for(empty_graph, STATE_DIR=str(tmp_path / "neo4j"))
    assert cli("demo", "load", "--people", "200", env=env).returncode == 0
    done = cli("analyze", "--all-topics", "--top", "1", "--community", "wcc", env=env)
    assert done.returncode == 0, done.stderr
    analysed = [
        line.split(":")[0] for line in done.stdout.splitlines() if "influence edges" in line
    ]
    assert len(analysed) == 13
    assert {"climate", "climate-energy", "health", "technology-ai"} <= set(analysed)
