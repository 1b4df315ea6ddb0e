"""Deployment artefacts, checked without a cluster or a Docker engine.

- The Helm chart (helm/influence-graph): `helm lint`, `helm template` with the default and the
  production values, the rendered objects (separate API and worker, probes, securityContext,
  credentials from an existing Secret, CronJob), strict validation of every rendered manifest
  with kubeconform against the Kubernetes JSON schemas, and values.schema.json rejecting bad
  values.
- docker-compose.yml: structure, and validation against the Compose Specification schema.
- Dockerfile and .dockerignore: multi-stage, non-root, healthcheck.

helm, kubeconform and the schemas come from tools/install-deploy-tools.sh (a cache outside the
work tree). These tests FAIL, never skip, when the tools cannot be installed: CI has to prove
the chart valid.

The chart's optional dependency on the official neo4j chart cannot be fetched without its
chart repository, so (unless charts/ already holds it) lint and render run on a copy of the
chart without the `dependencies:` entry; the dependency stays disabled (neo4j.enabled false),
and the pristine chart is linted on its own.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# PyYAML without relying on its type stubs being installed.
yaml: Any = importlib.import_module("yaml")

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "influence-graph"
PROD_VALUES = ROOT / "helm" / "values-production.yaml"
INSTALL_SCRIPT = ROOT / "tools" / "install-deploy-tools.sh"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

RELEASE = "ig"
NAMESPACE = "influence-graph"
FULLNAME = f"{RELEASE}-influence-graph"
APP_UID = 10001
# Oldest and newest Kubernetes versions the rendered manifests are validated against.
KUBE_VERSIONS = ("1.29.0", "1.37.0")
PASSWORD_PLACEHOLDER = "change-me-please"

Manifest = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# tools
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    helm: Path
    kubeconform: Path
    schema_location: str
    tools_python: Path
    compose_schema: Path


def run_install_script() -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHON": sys.executable}
    started = time.monotonic()
    proc = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)],
        capture_output=True, text=True, env=env, timeout=3600, check=False,
    )  # fmt: skip
    return proc, time.monotonic() - started


def parse_install_output(stdout: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@pytest.fixture(scope="session")
def tools() -> Tools:
    proc, _ = run_install_script()
    if proc.returncode != 0:
        pytest.fail(
            f"tools/install-deploy-tools.sh failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    out = parse_install_output(proc.stdout)
    found = Tools(
        helm=Path(out["HELM"]),
        kubeconform=Path(out["KUBECONFORM"]),
        schema_location=out["KUBE_SCHEMA_LOCATION"],
        tools_python=Path(out["TOOLS_PYTHON"]),
        compose_schema=Path(out["COMPOSE_SCHEMA"]),
    )
    for exe in (found.helm, found.kubeconform, found.tools_python):
        assert os.access(exe, os.X_OK), f"{exe} is not executable"
    assert found.compose_schema.is_file()
    return found


def test_install_script_is_idempotent_once_cached(tools: Tools) -> None:
    proc, _ = run_install_script()
    assert proc.returncode == 0, proc.stderr
    assert parse_install_output(proc.stdout)["HELM"] == str(tools.helm)
    assert "already installed" in proc.stderr  # nothing fetched or built again


def test_tools_are_the_pinned_versions(tools: Tools) -> None:
    script = INSTALL_SCRIPT.read_text()
    helm_pin = re.search(r'^HELM_VERSION="(v[\d.]+)"', script, re.M)
    kc_pin = re.search(r'^KUBECONFORM_VERSION="(v[\d.]+)"', script, re.M)
    assert helm_pin
    assert kc_pin
    helm_version = run([tools.helm, "version", "--template", "{{ .Version }}"]).stdout.strip()
    assert helm_version == helm_pin.group(1)
    assert run([tools.kubeconform, "-v"]).stdout.strip() == kc_pin.group(1)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def run(
    args: list[str | Path], *, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def chart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chart to lint and render: a copy without the unfetchable neo4j dependency."""
    if any((CHART / "charts").glob("neo4j-*.tgz")):
        return CHART
    copy = tmp_path_factory.mktemp("chart") / "influence-graph"
    shutil.copytree(CHART, copy)
    meta = yaml.safe_load((copy / "Chart.yaml").read_text())
    meta.pop("dependencies", None)
    (copy / "Chart.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    return copy


def helm_template(
    tools: Tools, chart: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return run(
        [tools.helm, "template", RELEASE, chart, "--namespace", NAMESPACE, *args], check=check
    )


def render(tools: Tools, chart: Path, *args: str) -> list[Manifest]:
    docs = yaml.safe_load_all(helm_template(tools, chart, *args).stdout)
    return [doc for doc in docs if doc]


def objects(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def by_name(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    matches = [m for m in objects(manifests, kind) if m["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def pod_spec(obj: Manifest) -> Manifest:
    if obj["kind"] == "CronJob":
        spec: Manifest = obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    else:
        spec = obj["spec"]["template"]["spec"]
    return spec


def env_of(container: Manifest) -> dict[str, Manifest]:
    return {e["name"]: e for e in container.get("env", [])}


WORKLOAD_KINDS = ("Deployment", "CronJob", "Job")
VALUE_SETS = {"default": (), "production": ("-f", str(PROD_VALUES))}


@pytest.fixture(scope="session", params=sorted(VALUE_SETS))
def rendered(request: pytest.FixtureRequest, tools: Tools, chart_dir: Path) -> list[Manifest]:
    return render(tools, chart_dir, *VALUE_SETS[request.param])


@pytest.fixture(scope="session")
def default_render(tools: Tools, chart_dir: Path) -> list[Manifest]:
    return render(tools, chart_dir)


@pytest.fixture(scope="session")
def production_render(tools: Tools, chart_dir: Path) -> list[Manifest]:
    return render(tools, chart_dir, "-f", str(PROD_VALUES))


# ---------------------------------------------------------------------------------------------
# chart metadata and lint
# ---------------------------------------------------------------------------------------------


def test_chart_declares_the_official_neo4j_chart_as_optional_dependency() -> None:
    meta = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert meta["apiVersion"] == "v2"
    deps = {d["name"]: d for d in meta["dependencies"]}
    assert deps["neo4j"]["condition"] == "neo4j.enabled"
    assert deps["neo4j"]["repository"] == "https://helm.neo4j.com/neo4j"
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["neo4j"]["enabled"] is False
    assert values["neo4j"]["config"]["db.lock.acquisition.timeout"] == "60s"
    # Fetched by `helm dependency build`, never committed.
    assert "charts/" in (CHART / ".gitignore").read_text().split()


def test_helm_lint_pristine_chart_only_misses_the_unfetched_dependency(tools: Tools) -> None:
    proc = run([tools.helm, "lint", CHART])
    problems = [
        line for line in proc.stdout.splitlines() if line.startswith(("[WARNING]", "[ERROR]"))
    ]
    assert all("missing these dependencies: neo4j" in p for p in problems), problems


@pytest.mark.parametrize("values", sorted(VALUE_SETS))
def test_helm_lint_strict(tools: Tools, chart_dir: Path, values: str) -> None:
    proc = run([tools.helm, "lint", "--strict", chart_dir, *VALUE_SETS[values]])
    assert "0 chart(s) failed" in proc.stdout


def test_every_value_is_commented() -> None:
    """Each value in values.yaml is documented by a comment above it or above a parent key."""
    lines = (CHART / "values.yaml").read_text().splitlines()
    key_re = re.compile(r"^(?P<indent>\s*)(?:- )?(?P<key>[\w.\-]+):(?P<rest>.*)$")
    ancestors: list[tuple[int, bool]] = []  # (indent, documented) of the open parent keys
    undocumented = []
    for i, line in enumerate(lines):
        match = key_re.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while ancestors and ancestors[-1][0] >= indent:
            ancestors.pop()
        above = lines[i - 1].strip() if i else ""
        documented = above.startswith("#") or any(doc for _, doc in ancestors)
        rest = match["rest"].split("#")[0].strip()
        if rest and not documented:
            undocumented.append(line.strip())
        ancestors.append((indent, documented))
    assert not undocumented, f"values without a comment: {undocumented}"


@pytest.fixture(scope="session")
def notes_chart(chart_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chart copy that renders NOTES.txt into a ConfigMap (`helm template` skips NOTES)."""
    copy = tmp_path_factory.mktemp("notes") / "influence-graph"
    shutil.copytree(chart_dir, copy)
    shutil.copy(copy / "templates" / "NOTES.txt", copy / "notes.txt")
    (copy / "templates" / "zz-notes.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n"
        '  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n'
    )
    return copy


@pytest.mark.parametrize("values", sorted(VALUE_SETS))
def test_notes_render(tools: Tools, notes_chart: Path, values: str) -> None:
    out = helm_template(
        tools, notes_chart, "--show-only", "templates/zz-notes.yaml", *VALUE_SETS[values]
    ).stdout
    notes: str = yaml.safe_load(out)["data"]["notes"]
    assert "<no value>" not in notes
    assert f"deployment/{FULLNAME}-api" in notes
    assert "get secret influence-graph-neo4j" in notes
    assert f"cronjob/{FULLNAME}-reanalysis" in notes


# ---------------------------------------------------------------------------------------------
# rendered objects
# ---------------------------------------------------------------------------------------------


def test_default_render_has_the_expected_objects(default_render: list[Manifest]) -> None:
    kinds = sorted(m["kind"] for m in default_render)
    assert kinds == sorted(
        [
            "ConfigMap", "CronJob", "CronJob", "Deployment", "Deployment", "Job",
            "PodDisruptionBudget", "Service", "ServiceAccount",
        ]
    )  # fmt: skip
    assert not objects(default_render, "Secret"), "the chart must never create the Secret"
    assert {m["metadata"]["namespace"] for m in default_render} == {NAMESPACE}


def test_production_render_has_hpa_ingress_tls_and_pdbs(
    production_render: list[Manifest],
) -> None:
    kinds = {m["kind"] for m in production_render}
    assert kinds >= {
        "ConfigMap", "CronJob", "Deployment", "HorizontalPodAutoscaler", "Ingress",
        "Job", "PodDisruptionBudget", "Service", "ServiceAccount",
    }  # fmt: skip
    assert not objects(production_render, "Secret")

    api_hpa = by_name(production_render, "HorizontalPodAutoscaler", f"{FULLNAME}-api")
    assert api_hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1", "kind": "Deployment", "name": f"{FULLNAME}-api"
    }  # fmt: skip
    assert api_hpa["spec"]["minReplicas"] == 3
    worker_hpa = by_name(production_render, "HorizontalPodAutoscaler", f"{FULLNAME}-worker")
    assert (worker_hpa["spec"]["minReplicas"], worker_hpa["spec"]["maxReplicas"]) == (1, 2)
    # The HPA owns the replica count: the Deployment must not fight it.
    assert "replicas" not in by_name(production_render, "Deployment", f"{FULLNAME}-api")["spec"]

    ingress = by_name(production_render, "Ingress", f"{FULLNAME}-api")
    assert ingress["spec"]["tls"][0]["secretName"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == f"{FULLNAME}-api"

    api_pdb = by_name(production_render, "PodDisruptionBudget", f"{FULLNAME}-api")
    assert api_pdb["spec"]["minAvailable"] == 2


def test_api_and_worker_are_separate_deployments(rendered: list[Manifest]) -> None:
    api = by_name(rendered, "Deployment", f"{FULLNAME}-api")
    worker = by_name(rendered, "Deployment", f"{FULLNAME}-worker")
    api_sel = api["spec"]["selector"]["matchLabels"]
    worker_sel = worker["spec"]["selector"]["matchLabels"]
    assert api_sel["app.kubernetes.io/component"] == "api"
    assert worker_sel["app.kubernetes.io/component"] == "worker"
    assert api_sel != worker_sel
    (api_c,) = pod_spec(api)["containers"]
    (worker_c,) = pod_spec(worker)["containers"]
    assert api_c["command"] == ["influence-graph", "serve"]
    assert worker_c["command"] == ["influence-graph", "worker"]
    # The Service and the API PDB select API pods only.
    service = by_name(rendered, "Service", f"{FULLNAME}-api")
    assert service["spec"]["selector"] == api_sel
    assert by_name(rendered, "PodDisruptionBudget", f"{FULLNAME}-api")["spec"]["selector"] == {
        "matchLabels": api_sel
    }


def test_replicas_and_resources_are_set_per_component(tools: Tools, chart_dir: Path) -> None:
    manifests = render(
        tools, chart_dir,
        "--set", "api.replicaCount=4", "--set", "worker.replicaCount=2",
        "--set", "api.resources.limits.memory=700Mi",
        "--set", "worker.resources.limits.memory=3Gi",
    )  # fmt: skip
    api = by_name(manifests, "Deployment", f"{FULLNAME}-api")
    worker = by_name(manifests, "Deployment", f"{FULLNAME}-worker")
    assert (api["spec"]["replicas"], worker["spec"]["replicas"]) == (4, 2)
    assert pod_spec(api)["containers"][0]["resources"]["limits"]["memory"] == "700Mi"
    assert pod_spec(worker)["containers"][0]["resources"]["limits"]["memory"] == "3Gi"


def test_api_probes_use_healthz_and_readyz(rendered: list[Manifest]) -> None:
    (api,) = pod_spec(by_name(rendered, "Deployment", f"{FULLNAME}-api"))["containers"]
    assert api["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert api["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    (worker,) = pod_spec(by_name(rendered, "Deployment", f"{FULLNAME}-worker"))["containers"]
    assert "ports" not in worker
    assert "readinessProbe" not in worker


def test_every_pod_runs_non_root_with_a_read_only_root_filesystem(
    rendered: list[Manifest],
) -> None:
    workloads = [m for m in rendered if m["kind"] in WORKLOAD_KINDS]
    assert len(workloads) >= 4
    for workload in workloads:
        spec = pod_spec(workload)
        name = workload["metadata"]["name"]
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True, name
        assert pod_sc["runAsUser"] == APP_UID, name
        assert pod_sc["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        tmp_volumes = [v for v in spec["volumes"] if v["name"] == "tmp"]
        assert tmp_volumes, name
        assert "emptyDir" in tmp_volumes[0], name
        for container in spec["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, name
            assert sc["runAsNonRoot"] is True, name
            assert sc["runAsUser"] == APP_UID, name
            assert sc["allowPrivilegeEscalation"] is False, name
            assert sc["capabilities"]["drop"] == ["ALL"], name
            assert "add" not in sc["capabilities"], name
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], name


def test_credentials_come_from_the_existing_secret_only(rendered: list[Manifest]) -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    secret = values["neo4jConnection"]["existingSecret"]
    for workload in (m for m in rendered if m["kind"] in WORKLOAD_KINDS):
        for container in pod_spec(workload)["containers"]:
            env = env_of(container)
            assert "value" not in env["NEO4J_PASSWORD"]
            assert env["NEO4J_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
                "name": secret["name"], "key": secret["passwordKey"]
            }  # fmt: skip
            assert env["NEO4J_USER"]["valueFrom"]["secretKeyRef"]["key"] == secret["usernameKey"]
    (config,) = objects(rendered, "ConfigMap")
    assert not {"NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_AUTH"} & set(config["data"])


def test_secret_name_and_keys_are_configurable(tools: Tools, chart_dir: Path) -> None:
    manifests = render(
        tools, chart_dir,
        "--set", "neo4jConnection.existingSecret.name=platform-neo4j",
        "--set", "neo4jConnection.existingSecret.passwordKey=NEO4J_PASSWORD",
        "--set", "neo4jConnection.existingSecret.usernameKey=",
        "--set", "neo4jConnection.username=svc-influence",
    )  # fmt: skip
    (api,) = pod_spec(by_name(manifests, "Deployment", f"{FULLNAME}-api"))["containers"]
    env = env_of(api)
    assert env["NEO4J_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "platform-neo4j", "key": "NEO4J_PASSWORD"
    }  # fmt: skip
    assert env["NEO4J_USER"] == {"name": "NEO4J_USER", "value": "svc-influence"}


def test_configmap_holds_the_non_secret_settings(default_render: list[Manifest]) -> None:
    (config,) = objects(default_render, "ConfigMap")
    data = config["data"]
    assert data["HOST"] == "0.0.0.0"  # noqa: S104 (the container listens on all interfaces)
    assert data["PORT"] == "8000"
    assert data["LOG_LEVEL"] == "INFO"
    assert data["GRAPHIQL"] in {"true", "false"}
    assert data["MIGRATE_ON_START"] in {"true", "false"}
    assert data["CYPHER_DIR"] == "/app/cypher"
    assert data["NEO4J_DATABASE"] == "neo4j"
    for workload in (m for m in default_render if m["kind"] in ("Deployment", "CronJob")):
        (container,) = pod_spec(workload)["containers"]
        assert {"configMapRef": {"name": config["metadata"]["name"]}} in container["envFrom"]


def test_cronjob_runs_the_scheduled_reanalysis(rendered: list[Manifest]) -> None:
    cron = by_name(rendered, "CronJob", f"{FULLNAME}-reanalysis")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert len(cron["spec"]["schedule"].split()) == 5
    (container,) = pod_spec(cron)["containers"]
    assert container["command"] == ["influence-graph", "analyze", "--all-topics"]
    assert pod_spec(cron)["restartPolicy"] == "Never"


def test_cronjob_runs_the_scheduled_crisis_watch(rendered: list[Manifest]) -> None:
    cron = by_name(rendered, "CronJob", f"{FULLNAME}-alert-watch")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert len(cron["spec"]["schedule"].split()) == 5
    (container,) = pod_spec(cron)["containers"]
    assert container["command"] == ["influence-graph", "alerts", "detect"]
    assert pod_spec(cron)["restartPolicy"] == "Never"


def test_migrations_run_as_a_hook_job(default_render: list[Manifest]) -> None:
    job = by_name(default_render, "Job", f"{FULLNAME}-migrations")
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "post-install,pre-upgrade"
    (container,) = pod_spec(job)["containers"]
    assert container["command"] == ["influence-graph", "db", "migrate"]


def test_production_worker_and_cronjob_use_the_analytics_member(
    production_render: list[Manifest],
) -> None:
    prod = yaml.safe_load(PROD_VALUES.read_text())
    api = by_name(production_render, "Deployment", f"{FULLNAME}-api")
    worker = by_name(production_render, "Deployment", f"{FULLNAME}-worker")
    cron = by_name(production_render, "CronJob", f"{FULLNAME}-reanalysis")
    api_uri = env_of(pod_spec(api)["containers"][0])["NEO4J_URI"]["value"]
    worker_uri = env_of(pod_spec(worker)["containers"][0])["NEO4J_URI"]["value"]
    cron_uri = env_of(pod_spec(cron)["containers"][0])["NEO4J_URI"]["value"]
    assert api_uri == prod["neo4jConnection"]["uri"]
    assert api_uri.startswith("neo4j://"), "the API must use cluster routing"
    assert worker_uri == cron_uri == prod["worker"]["neo4jUri"]
    assert worker_uri != api_uri


def test_default_uris(default_render: list[Manifest], tools: Tools, chart_dir: Path) -> None:
    worker = by_name(default_render, "Deployment", f"{FULLNAME}-worker")
    worker_uri = env_of(pod_spec(worker)["containers"][0])["NEO4J_URI"]["value"]
    assert worker_uri == "neo4j://neo4j:7687"
    # With the bundled Neo4j (dependency) on, the API points at its Service (= release name).
    manifests = render(tools, chart_dir, "--set", "neo4j.enabled=true")
    api = by_name(manifests, "Deployment", f"{FULLNAME}-api")
    api_uri = env_of(pod_spec(api)["containers"][0])["NEO4J_URI"]["value"]
    assert api_uri == f"neo4j://{RELEASE}:7687"


def test_optional_parts_can_be_switched_off(tools: Tools, chart_dir: Path) -> None:
    manifests = render(
        tools, chart_dir,
        "--set", "worker.enabled=false", "--set", "cronjob.enabled=false",
        "--set", "alertWatch.enabled=false",
        "--set", "migrations.enabled=false", "--set", "api.pdb.enabled=false",
        "--set", "serviceAccount.create=false",
    )  # fmt: skip
    assert sorted(m["kind"] for m in manifests) == ["ConfigMap", "Deployment", "Service"]


# ---------------------------------------------------------------------------------------------
# kubeconform: every rendered manifest against the Kubernetes schemas, strict
# ---------------------------------------------------------------------------------------------

KUBECONFORM_CASES = {
    "default": (),
    "production": ("-f", str(PROD_VALUES)),
    "everything-on": (
        "--set", "ingress.enabled=true", "--set", "api.autoscaling.enabled=true",
        "--set", "api.autoscaling.targetMemoryUtilizationPercentage=80",
        "--set", "worker.autoscaling.enabled=true", "--set", "worker.pdb.enabled=true",
        "--set", "cronjob.timeZone=Europe/Paris", "--set", "cronjob.ttlSecondsAfterFinished=3600",
        "--set", "image.digest=sha256:" + "a" * 64,
        "--set", "imagePullSecrets[0].name=regcred",
        "--set", "commonLabels.team=graph", "--set", "config.extraEnv.FEATURE_X=on",
        "--set-json", 'api.extraEnv=[{"name": "EXTRA", "value": "1"}]',
        "--set-json", 'worker.tolerations=[{"key": "analytics", "operator": "Exists"}]',
        "--set-json", 'worker.nodeSelector={"pool": "analytics"}',
    ),
}  # fmt: skip


def kubeconform(tools: Tools, files: list[Path], kube_version: str) -> Manifest:
    proc = run(
        [
            tools.kubeconform, "-strict", "-summary", "-output", "json",
            "-kubernetes-version", kube_version, "-schema-location", tools.schema_location,
            *files,
        ],
        check=False,
    )  # fmt: skip
    report: Manifest = json.loads(proc.stdout)
    report["returncode"] = proc.returncode
    return report


@pytest.fixture(scope="session")
def rendered_files(
    tools: Tools, chart_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rendered")
    files = {}
    for case, args in KUBECONFORM_CASES.items():
        path = folder / f"{case}.yaml"
        path.write_text(helm_template(tools, chart_dir, *args).stdout)
        files[case] = path
    return files


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
def test_kubeconform_strict_accepts_every_rendered_manifest(
    tools: Tools, rendered_files: dict[str, Path], kube_version: str
) -> None:
    report = kubeconform(tools, list(rendered_files.values()), kube_version)
    expected = sum(
        1 for path in rendered_files.values() for doc in yaml.safe_load_all(path.read_text()) if doc
    )
    assert report["resources"] == [], json.dumps(report["resources"], indent=2)
    summary = report["summary"]
    assert summary == {"valid": expected, "invalid": 0, "errors": 0, "skipped": 0}, summary
    assert report["returncode"] == 0


def test_kubeconform_catches_a_broken_manifest(
    tools: Tools, rendered_files: dict[str, Path], tmp_path: Path
) -> None:
    """Guards against a validator that silently passes (e.g. schemas not found)."""
    text = rendered_files["default"].read_text()
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        text.replace("revisionHistoryLimit:", "revisionHistoryLimmit:", 1).replace(
            "readOnlyRootFilesystem: true", 'readOnlyRootFilesystem: "yes"', 1
        )
    )
    report = kubeconform(tools, [broken], KUBE_VERSIONS[-1])
    assert report["returncode"] != 0
    messages = " ".join(r["msg"] for r in report["resources"])
    assert "revisionHistoryLimmit" in messages
    assert "readOnlyRootFilesystem" in messages


# ---------------------------------------------------------------------------------------------
# values.schema.json
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (("--set", "api.replicaCount=-1"), "/api/replicaCount"),
        (("--set", "replicaCount=2"), "additional properties 'replicaCount'"),
        (("--set", "api.replicas=2"), "additional properties 'replicas'"),
        (("--set", "config.logLevel=TRACE"), "/config/logLevel"),
        (("--set", "neo4jConnection.password=hunter2"), "additional properties 'password'"),
        (("--set", "neo4jConnection.uri=http://neo4j:7474"), "/neo4jConnection/uri"),
        (("--set", "worker.neo4jUri=postgres://db"), "/worker/neo4jUri"),
        (("--set", "neo4jConnection.existingSecret.name="), "/neo4jConnection/existingSecret"),
        (("--set", "config.extraEnv.NEO4J_PASSWORD=x"), "/config/extraEnv"),
        (("--set", "cronjob.schedule=daily"), "/cronjob/schedule"),
        (("--set", "image.pullPolicy=Sometimes"), "/image/pullPolicy"),
    ],
    ids=lambda v: v[1] if isinstance(v, tuple) else None,
)
def test_values_schema_rejects_bad_values(
    tools: Tools, chart_dir: Path, args: tuple[str, ...], where: str
) -> None:
    proc = helm_template(tools, chart_dir, *args, check=False)
    assert proc.returncode != 0, f"accepted {args}"
    assert "values don't meet the specifications of the schema" in proc.stderr
    assert where in proc.stderr, proc.stderr


def test_values_schema_is_strict_at_the_top_level() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text())
    assert schema["additionalProperties"] is False
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert set(values) <= set(schema["properties"])
    assert set(yaml.safe_load(PROD_VALUES.read_text())) <= set(schema["properties"])


# ---------------------------------------------------------------------------------------------
# docker-compose.yml
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> Manifest:
    doc: Manifest = yaml.safe_load(COMPOSE_FILE.read_text())
    return doc


def test_compose_services_and_dependencies(compose: Manifest) -> None:
    services = compose["services"]
    assert set(services) == {"neo4j", "api", "worker"}

    neo4j = services["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    env = neo4j["environment"]
    assert json.loads(env["NEO4J_PLUGINS"]) == ["graph-data-science"]
    assert env["NEO4J_dbms_security_procedures_unrestricted"] == "gds.*"
    assert env["NEO4J_db_lock_acquisition_timeout"] == "60s"
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "neo4j-data" in compose["volumes"]
    test = " ".join(neo4j["healthcheck"]["test"])
    assert "cypher-shell" in test
    assert "RETURN gds.version()" in test

    api, worker = services["api"], services["worker"]
    assert api["build"] == "."
    assert api["image"] == worker["image"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert worker["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert worker["command"] == ["influence-graph", "worker"]
    assert worker["healthcheck"] == {"disable": True}
    assert "ports" not in worker
    assert [p.rsplit(":", 1)[-1] for p in api["ports"]] == ["8000"]
    assert all(p.startswith("127.0.0.1:") for s in services.values() for p in s.get("ports", []))
    for app in (api, worker):
        assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
        assert app["read_only"] is True
        assert app["cap_drop"] == ["ALL"]
    assert "/readyz" in " ".join(api["healthcheck"]["test"])


def test_compose_has_no_password_but_the_documented_placeholder(compose: Manifest) -> None:
    text = COMPOSE_FILE.read_text()
    expected = "${NEO4J_PASSWORD:-" + PASSWORD_PLACEHOLDER + "}"
    defaults = re.findall(r"\$\{NEO4J_PASSWORD(:?-[^}]*)?\}", text)
    assert defaults
    assert set(defaults) == {":-" + PASSWORD_PLACEHOLDER}
    assert PASSWORD_PLACEHOLDER in text.split("services:")[0], "placeholder not documented"
    for service in compose["services"].values():
        env = service.get("environment", {})
        if "NEO4J_PASSWORD" in env:
            assert env["NEO4J_PASSWORD"] == expected
        if "NEO4J_AUTH" in env:
            assert env["NEO4J_AUTH"] == "neo4j/" + expected
    # The healthcheck reads the password from the container's environment, not a literal.
    neo4j_test = " ".join(compose["services"]["neo4j"]["healthcheck"]["test"])
    assert '-p "$${NEO4J_AUTH#neo4j/}"' in neo4j_test
    stripped = text.replace(expected, "")
    assert PASSWORD_PLACEHOLDER not in stripped.split("services:", 1)[1]


COMPOSE_SCHEMA_CHECK = """
import json, sys, yaml
from jsonschema import Draft201909Validator
schema = json.load(open(sys.argv[1]))
doc = yaml.safe_load(open(sys.argv[2]))
errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
          for e in Draft201909Validator(schema).iter_errors(doc)]
print("\\n".join(errors))
sys.exit(1 if errors else 0)
"""


def test_compose_file_matches_the_compose_spec_schema(tools: Tools, tmp_path: Path) -> None:
    check: list[str | Path] = [tools.tools_python, "-c", COMPOSE_SCHEMA_CHECK, tools.compose_schema]
    proc = run([*check, COMPOSE_FILE], check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # ...and the check does reject a typo.
    bad = tmp_path / "bad-compose.yml"
    bad.write_text(COMPOSE_FILE.read_text().replace("depends_on:", "depend_on:", 1))
    assert run([*check, bad], check=False).returncode == 1


# ---------------------------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    pairs = []
    for item in logical:
        instruction, _, args = item.partition(" ")
        pairs.append((instruction.upper(), args.strip()))
    return pairs


def stages() -> Iterator[list[tuple[str, str]]]:
    current: list[tuple[str, str]] = []
    for instruction, args in dockerfile_instructions():
        if instruction == "FROM" and current and any(i == "FROM" for i, _ in current):
            yield current
            current = []
        current.append((instruction, args))
    yield current


def test_dockerfile_is_multi_stage_slim_and_non_root() -> None:
    all_stages = list(stages())
    froms = [args for stage in all_stages for i, args in stage if i == "FROM"]
    assert len(froms) >= 2
    assert any(f.endswith(" AS builder") for f in froms)
    default_base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.M)
    assert default_base
    assert default_base.group(1) == "python:3.11-slim"

    runtime = all_stages[-1]
    instructions = [i for i, _ in runtime]

    def args_of(name: str) -> list[str]:
        return [a for i, a in runtime if i == name]

    users = args_of("USER")
    assert users, "the runtime stage must switch to a non-root user"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert user == str(APP_UID)
    assert instructions.index("USER") < instructions.index("CMD")

    assert any(a.startswith("--from=builder") for a in args_of("COPY"))
    copied = " ".join(args_of("COPY"))
    for path in ("service/", "cypher/", "schema/", "pyproject.toml", "README.md"):
        assert path in copied, path
    assert args_of("WORKDIR")[-1] == "/app"
    assert args_of("EXPOSE") == ["8000"]
    assert "HOST=0.0.0.0" in " ".join(args_of("ENV"))
    assert "CYPHER_DIR=/app/cypher" in " ".join(args_of("ENV"))

    (healthcheck,) = args_of("HEALTHCHECK")
    assert "/healthz" in healthcheck
    assert "python" in healthcheck
    assert "curl" not in healthcheck
    assert json.loads(args_of("CMD")[-1]) == ["influence-graph", "serve"]

    builder_text = " ".join(a for stage in all_stages[:-1] for _, a in stage)
    assert "pip wheel" in builder_text
    assert "venv" in builder_text


def test_dockerignore_keeps_the_context_small() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "allowlist: exclude everything, then re-include"
    included = {p[1:] for p in patterns if p.startswith("!")}
    assert included == {"pyproject.toml", "README.md", "service", "cypher", "schema"}


def test_image_user_matches_the_chart() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["podSecurityContext"]["runAsUser"] == APP_UID
    assert values["securityContext"]["runAsUser"] == APP_UID
    assert f"--uid {APP_UID}" in DOCKERFILE.read_text()
    assert values["config"]["cypherDir"] == "/app/cypher"
