"""The service run as `influence-graph serve` in its own process, on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from service.settings import PROJECT_ROOT, Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(settings: Settings, **extra_env: str) -> Iterator[str]:
    """Yield the base URL once /readyz answers 200; stop the process afterwards."""
    with served_process(settings, None, **extra_env) as (url, _):
        yield url


@contextlib.contextmanager
def served_process(
    settings: Settings, log: Path | None = None, **extra_env: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`served`, yielding the process too (benchmarks read its CPU time); its stderr goes to
    `log` when given."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        NEO4J_URI=settings.bolt_uri,
        NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
        PORT=str(port),
        LOG_LEVEL="WARNING",
        **extra_env,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if log is None else log.open("wb"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("the service did not become ready")
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
