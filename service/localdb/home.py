"""The Neo4j home: server and plugin jars resolved once from Maven Central into the cache.

The pom in `maven/` is the single source of the versions. A home is assembled into a
temporary folder and renamed into place, so an interrupted download never leaves a
half-built home behind; a file lock keeps two installs from racing.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

POM = Path(__file__).resolve().parent / "maven" / "pom.xml"
_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
PLUGIN_GROUPS = "org.neo4j.gds,org.neo4j.procedure"


class ProvisioningError(RuntimeError):
    """The local Neo4j could not be installed or started; the message says why."""


@dataclass(frozen=True)
class Versions:
    neo4j: str
    gds: str


def pinned_versions(pom: Path = POM) -> Versions:
    props = ET.parse(pom).getroot().find("m:properties", _NS)  # noqa: S314 (our own pom)
    if props is None:
        raise ProvisioningError(f"{pom} has no <properties>")
    neo4j = props.findtext("m:neo4j.version", namespaces=_NS)
    gds = props.findtext("m:gds.version", namespaces=_NS)
    if not neo4j or not gds:
        raise ProvisioningError(f"{pom} must pin neo4j.version and gds.version")
    return Versions(neo4j=neo4j, gds=gds)


def home_dir(cache_dir: Path, versions: Versions) -> Path:
    return cache_dir / "homes" / f"neo4j-{versions.neo4j}-gds-{versions.gds}"


def is_installed(home: Path) -> bool:
    return (home / ".complete").is_file()


def install(cache_dir: Path, echo: bool = True) -> Path:
    """Return the Neo4j home for the pinned versions, downloading it first if needed."""
    versions = pinned_versions()
    home = home_dir(cache_dir, versions)
    if is_installed(home):
        return home
    if shutil.which("mvn") is None:
        raise ProvisioningError("Maven (`mvn`) is not on PATH; it fetches Neo4j and GDS.")
    home.parent.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_installed(home):
            return home
        if echo:
            print(f"Fetching Neo4j {versions.neo4j} + GDS {versions.gds} from Maven Central ...")
        with tempfile.TemporaryDirectory(dir=home.parent) as tmp:
            staging = Path(tmp) / "home"
            _copy_dependencies(cache_dir, staging / "lib", exclude=PLUGIN_GROUPS)
            _copy_dependencies(cache_dir, staging / "plugins", include=PLUGIN_GROUPS)
            (staging / ".complete").write_text(f"{versions.neo4j} {versions.gds}\n")
            if home.exists():
                shutil.rmtree(home)
            staging.rename(home)
    return home


def _copy_dependencies(
    cache_dir: Path, dest: Path, include: str | None = None, exclude: str | None = None
) -> None:
    cmd = [
        "mvn", "-B", "-q", "-f", str(POM),
        f"-Dmaven.repo.local={cache_dir / 'm2'}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={dest}",
    ]  # fmt: skip
    if include:
        cmd.append(f"-DincludeGroupIds={include}")
    if exclude:
        cmd.append(f"-DexcludeGroupIds={exclude}")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise ProvisioningError(f"Maven could not fetch the Neo4j jars:\n{tail}")
