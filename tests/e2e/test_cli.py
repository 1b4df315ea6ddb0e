"""The command line as a user meets it: clear one-line errors, demo loading, no double serve."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from service.ingest.demo.brand import ACCOUNTS
from service.settings import PROJECT_ROOT, Settings
from tests.support.queries import queries_with_tests


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {}, PYTHONFAULTHANDLER="1")
    command = [sys.executable, "-m", "service", *args]
    with subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=full_env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:  # fmt: skip
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise _still_running(args, proc, full_env, timeout) from None
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _still_running(
    args: tuple[str, ...], proc: subprocess.Popen[str], env: dict[str, str], timeout: float
) -> AssertionError:
    """The failure of a command that outlived its timeout: what Neo4j was running (a lock
    wait shows in a transaction's status), then the command's threads, dumped by
    faulthandler on SIGABRT."""
    running = _transactions(env)
    proc.send_signal(signal.SIGABRT)
    _, err = proc.communicate()
    return AssertionError(
        f"`influence-graph {' '.join(args)}` still ran after {timeout:g} s.\n"
        f"Neo4j's transactions then:\n{running}\nits output and threads:\n{err[-8000:]}"
    )


def _transactions(env: dict[str, str]) -> str:
    uri, password = env.get("NEO4J_URI"), env.get("NEO4J_PASSWORD")
    if not uri or not password:
        return "(not asked: no NEO4J_URI)"
    text = queries_with_tests(Settings())["test/transactions"].text
    try:
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            rows, _, _ = driver.execute_query(text)
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        return f"(could not ask: {exc})"
    return "\n".join(str(dict(row)) for row in rows)


def env_for(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        **extra,
    }


def test_unreachable_neo4j_is_one_clear_line() -> None:
    done = cli(
        "db", "counts", env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_CONNECT_TIMEOUT": "1"}
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "NEO4J_URI=bolt://127.0.0.1:1" in lines[0]


def test_wrong_password_names_the_setting(neo4j_server: Settings) -> None:
    done = cli("db", "counts", env=env_for(neo4j_server, NEO4J_PASSWORD="not-the-password"))
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "NEO4J_PASSWORD" in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.strip()]) == 1


def test_serve_refuses_a_port_already_serving() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = cli("serve", "--port", str(port), env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert done.returncode == 5
    assert "already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_demo_loads_once_and_is_not_loaded_twice(empty_graph: Settings, tmp_path: Path) -> None:
    env = env_for(empty_graph, STATE_DIR=str(tmp_path / "neo4j"))
    first = cli("demo", "load", "--if-empty", "--people", "400", env=env)
    assert first.returncode == 0, first.stderr
    assert "Loaded" in first.stdout
    assert "Campaign northwind-switch: " in first.stdout  # created through the domain
    report = cli("campaign", "report", "northwind-switch", env=env)
    assert report.returncode == 0, report.stderr
    assert "mentions" in report.stdout
    counts = cli("db", "counts", env=env)
    assert counts.stdout.startswith(f"people {400 + len(ACCOUNTS)}, topics 13,")
    second = cli("demo", "load", "--if-empty", "--people", "400", env=env)
    assert second.returncode == 0
    assert "already holds data" in second.stdout
    assert cli("db", "counts", env=env).stdout == counts.stdout
    assert (tmp_path / "demo" / "demo-7-400.ndjson").is_file()


def test_a_command_that_outlives_its_timeout_reports_neo4js_transactions_and_its_threads(
    empty_graph: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "people.ndjson"
    feed.write_text('{"kind": "person", "id": "p1", "name": "A"}\n')
    assert cli("load", str(feed), env=env_for(empty_graph)).returncode == 0
    feed.write_text('{"kind": "person", "id": "p1", "name": "A, renamed"}\n')
    auth = ("neo4j", empty_graph.neo4j_password.get_secret_value())
    with (
        neo4j.GraphDatabase.driver(empty_graph.bolt_uri, auth=auth) as driver,
        driver.session(database=empty_graph.neo4j_database) as session,
        session.begin_transaction() as holder,
    ):
        lock = queries_with_tests(empty_graph)["test/lock_person"].text
        assert holder.run(lock, id="p1").single() == {"locked": 1}
        with pytest.raises(AssertionError) as stuck:
            cli("load", str(feed), env=env_for(empty_graph), timeout=5)
        holder.rollback()
    report = str(stuck.value)
    assert "`influence-graph load" in report
    assert "still ran after 5 s" in report
    # The load's write waits for the person's lock, and says so; its threads follow.
    waiting = [line for line in report.splitlines() if "UNWIND $rows" in line]
    assert waiting, report
    assert "Blocked by" in waiting[0], report
    assert "most recent call first" in report, report
