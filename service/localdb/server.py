"""Start, stop and inspect the local Neo4j server process.

The server runs `org.neo4j.server.CommunityEntryPoint` straight from the jars (no launcher
script, no Docker), with its config, data, logs and pid file under `settings.state_dir`.
It listens on loopback only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service.localdb.home import ProvisioningError, install, pinned_versions
from service.settings import Settings

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Djdk.tls.ephemeralDHKeySize=2048",
]


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    bolt_port: int
    answering: bool


class LocalNeo4j:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.state = settings.state_dir
        self.pid_file = self.state / "neo4j.pid"
        self.console_log = self.state / "logs" / "console.log"

    # --- public commands ---------------------------------------------------------------

    def start(self, echo: bool = True) -> Status:
        self.state.mkdir(parents=True, exist_ok=True)
        with self._lock():
            pid = self._live_pid()
            if pid is not None:
                self._wait_until_ready(pid)
                if echo:
                    print(f"Neo4j already running (pid {pid}) on {self.settings.bolt_uri}")
                return self.status()
            self._check_ports_free()
            home = install(self.settings.cache_dir, echo=echo)
            self._write_config(home)
            self._set_initial_password(home)
            pid = self._spawn(home)
            if echo:
                print(
                    f"Neo4j starting (pid {pid}), waiting for Bolt on {self.settings.bolt_uri} ..."
                )
            self._wait_until_ready(pid)
            if echo:
                v = pinned_versions()
                print(f"Neo4j {v.neo4j} with GDS {v.gds} ready on {self.settings.bolt_uri}")
            return self.status()

    def stop(self, echo: bool = True, timeout: float = 60.0) -> bool:
        pid = self._live_pid()
        if pid is None:
            if echo:
                print("Neo4j is not running.")
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
        self.pid_file.unlink(missing_ok=True)
        if echo:
            print(f"Neo4j stopped (pid {pid}).")
        return True

    def kill(self) -> None:
        """Kill the server without a clean shutdown (used by fault-injection tests)."""
        pid = self._live_pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)

    def status(self) -> Status:
        pid = self._live_pid()
        return Status(
            running=pid is not None,
            pid=pid,
            bolt_port=self.settings.local_bolt_port,
            answering=pid is not None and _port_open(self.settings.local_bolt_port),
        )

    def log_tail(self, lines: int = 50) -> str:
        chunks = []
        for path in (self.console_log, self.state / "logs" / "debug.log"):
            if path.is_file():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                chunks.append(f"==> {path} <==\n" + "\n".join(text))
        return "\n\n".join(chunks) or "No logs yet."

    # --- steps -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.state / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _live_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if _alive(pid) and MAIN_CLASS in _cmdline(pid):
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def _check_ports_free(self) -> None:
        for name, port in (
            ("LOCAL_BOLT_PORT", self.settings.local_bolt_port),
            ("LOCAL_HTTP_PORT", self.settings.local_http_port),
        ):
            if _port_open(port):
                raise ProvisioningError(
                    f"Port {port} ({name}) is already taken by another process; "
                    f"stop it or set {name} to a free port."
                )

    def _write_config(self, home: Path) -> None:
        s = self.settings
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        lines = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{s.local_bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{s.local_http_port}",
            "server.https.enabled": "false",
            "server.directories.data": str(self.state / "data"),
            "server.directories.logs": str(self.state / "logs"),
            "server.directories.run": str(self.state / "run"),
            "server.directories.import": str(self.state / "import"),
            "server.directories.plugins": str(home / "plugins"),
            "server.memory.pagecache.size": s.local_pagecache,
            "dbms.security.auth_enabled": "true",
            "dbms.security.procedures.unrestricted": "gds.*,apoc.*",
            "dbms.usage_report.enabled": "false",
            "db.transaction.timeout": "0s",
            # A lock wait ends in a transient error that the service retries, never a hang.
            "db.lock.acquisition.timeout": f"{s.local_lock_timeout}s",
            # Keep transaction logs for recovery only, not as history: a local server is not
            # backed up incrementally, and bulk loads would otherwise fill the disk.
            "db.tx_log.rotation.retention_policy": "256M size",
        }
        if s.local_transaction_max_memory:
            lines["db.memory.transaction.max"] = s.local_transaction_max_memory
        body = "# Written by `influence-graph neo4j start`; edits are overwritten.\n"
        body += "".join(f"{k}={v}\n" for k, v in lines.items())
        (self.state / "conf" / "neo4j.conf").write_text(body)

    def _java(self) -> str:
        if self.settings.java_home is not None:
            return str(self.settings.java_home / "bin" / "java")
        return "java"

    def _env(self, home: Path) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(home)
        env["NEO4J_CONF"] = str(self.state / "conf")
        return env

    def _set_initial_password(self, home: Path) -> None:
        if (self.state / "data" / "dbms" / "auth.ini").exists():
            return
        password = self.settings.neo4j_password.get_secret_value()
        done = subprocess.run(
            [self._java(), "-cp", f"{home}/lib/*", ADMIN_CLASS,
             "dbms", "set-initial-password", password],
            env=self._env(home), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise ProvisioningError(
                "Could not set the initial Neo4j password (NEO4J_PASSWORD): "
                + (done.stderr or done.stdout).strip().splitlines()[-1]
            )

    def _spawn(self, home: Path) -> int:
        s = self.settings
        cmd = [
            self._java(),
            f"-Xms{s.local_heap}",
            f"-Xmx{s.local_heap}",
            *JVM_FLAGS,
            "-cp",
            f"{home}/plugins/*:{home}/lib/*",
            MAIN_CLASS,
            f"--home-dir={home}",
            f"--config-dir={self.state / 'conf'}",
            "--console-mode",
        ]
        with open(self.console_log, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=self.state,
                env=self._env(home),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{proc.pid}\n")
        return proc.pid

    def _wait_until_ready(self, pid: int) -> None:
        # Imported here so that `neo4j stop/status` work without the driver loaded.
        from service.db.driver import ping_gds

        deadline = time.monotonic() + self.settings.local_start_timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if not _alive(pid):
                self.pid_file.unlink(missing_ok=True)
                raise ProvisioningError(
                    "Neo4j exited during start-up. Last lines of its log:\n" + self.log_tail(25)
                )
            if _port_open(self.settings.local_bolt_port):
                try:
                    ping_gds(self.settings)
                    return
                except Exception as exc:  # not ready yet: keep polling until the deadline
                    last_error = str(exc)
            time.sleep(0.5)
        raise ProvisioningError(
            f"Neo4j did not answer within {self.settings.local_start_timeout:.0f}s "
            f"(LOCAL_START_TIMEOUT): {last_error}"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
