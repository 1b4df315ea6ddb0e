"""The command line as a user meets it: clear one-line errors, demo loading, no double serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from service.ingest.demo.brand import ACCOUNTS
from service.settings import PROJECT_ROOT, Settings


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=PROJECT_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


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
    counts = cli("db", "counts", env=env)
    assert counts.stdout.startswith(f"people {400 + len(ACCOUNTS)}, topics 13,")
    second = cli("demo", "load", "--if-empty", "--people", "400", env=env)
    assert second.returncode == 0
    assert "already holds data" in second.stdout
    assert cli("db", "counts", env=env).stdout == counts.stdout
    assert (tmp_path / "demo" / "demo-7-400.ndjson").is_file()
