#!/usr/bin/env bash
# Installs the tools that check the deployment artefacts (helm, kubeconform) and the
# Kubernetes JSON schemas kubeconform validates against, into a cache OUTSIDE the work tree:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/influence-graph/bin/{helm,kubeconform}
#   ${XDG_CACHE_HOME:-$HOME/.cache}/influence-graph/k8s-schemas/kubernetes-validate-<ver>/
#   ${XDG_CACHE_HOME:-$HOME/.cache}/influence-graph/compose-schema/, .../pyvenv/
#
# Sources (package registries only, no download sites):
#   - helm and kubeconform: `go install <module>@<pinned version>` through the Go module proxy.
#   - schemas: the PyPI wheel of `kubernetes-validate` (pinned, sha256-checked), which ships
#     the Kubernetes JSON schemas for several Kubernetes minor versions. The wheel is unpacked
#     and the schemas' "$ref": "/api/_definitions.json#..." made relative ("_definitions.json#...")
#     so that kubeconform resolves them as sibling files.
#   - Compose schema: compose/config/compose_spec.json from the PyPI wheel of docker-compose
#     (pinned, sha256-checked; only that file is used), validated with jsonschema from a small
#     venv in the cache.
#
# Idempotent: a second run with the same pins does nothing (each piece has a stamp file).
# Progress goes to stderr; stdout gets exactly these KEY=VALUE lines, for callers to parse:
#   HELM=<path>  KUBECONFORM=<path>  KUBE_SCHEMA_DIR=<dir>  TOOLS_PYTHON=<python with jsonschema
#   and PyYAML>  COMPOSE_SCHEMA=<compose-spec JSON schema>  KUBE_SCHEMA_LOCATION=<kubeconform template>
#
# Needs: go (>= 1.26), a python3 with pip (override with PYTHON=...), network access to the
# Go module proxy and PyPI on the first run only. First run: ~2.5 min on 2 cores (helm compiles).
# Override the cache root with INFLUENCE_GRAPH_TOOLS_CACHE=/some/dir.
set -euo pipefail

HELM_MODULE="helm.sh/helm/v3"
HELM_VERSION="v3.22.0"
# Kubernetes version helm assumes when no cluster is asked (its Makefile derives it from the
# k8s.io/client-go version in helm's go.mod: v0.37.0 -> 1.37).
HELM_K8S_MAJOR="1"
HELM_K8S_MINOR="37"

KUBECONFORM_MODULE="github.com/yannh/kubeconform"
KUBECONFORM_VERSION="v0.8.0"

SCHEMA_PYPI_NAME="kubernetes-validate"
SCHEMA_PYPI_VERSION="1.37.0"
SCHEMA_WHEEL="kubernetes_validate-${SCHEMA_PYPI_VERSION}-py3-none-any.whl"
SCHEMA_WHEEL_SHA256="85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"

# The Compose Specification JSON schema, as shipped in the last Python docker-compose wheel
# (compose/config/compose_spec.json), and a small venv that validates YAML against it.
COMPOSE_PYPI_VERSION="1.29.2"
COMPOSE_WHEEL="docker_compose-${COMPOSE_PYPI_VERSION}-py2.py3-none-any.whl"
COMPOSE_WHEEL_SHA256="8d5589373b35c8d3b1c8c1182c6e4a4ff14bffa3dd0b605fcd08f73c94cef809"
TOOLS_VENV_REQUIREMENTS="jsonschema==4.26.0 pyyaml==6.0.3"

CACHE="${INFLUENCE_GRAPH_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/influence-graph}"
BIN="$CACHE/bin"
SCHEMA_DIR="$CACHE/k8s-schemas/${SCHEMA_PYPI_NAME}-${SCHEMA_PYPI_VERSION}"
COMPOSE_SCHEMA="$CACHE/compose-schema/docker-compose-${COMPOSE_PYPI_VERSION}/compose_spec.json"
TOOLS_VENV="$CACHE/pyvenv"
PYTHON="${PYTHON:-python3}"

log() { printf 'install-deploy-tools: %s\n' "$*" >&2; }

# Temporary folders (inside the cache, so that `mv` into place is atomic) removed on exit.
TMP_DIRS=()
cleanup() { for d in ${TMP_DIRS[@]+"${TMP_DIRS[@]}"}; do rm -rf "$d"; done; }
trap cleanup EXIT

mkdir -p "$BIN" "$CACHE/k8s-schemas"

# One installer at a time (two test sessions may start together).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/.install.lock"
    flock 9
fi

stamp_ok() { # stamp_ok FILE EXPECTED
    [[ -f "$1" ]] && [[ "$(cat "$1")" == "$2" ]]
}

go_install() { # go_install NAME MODULE/cmd/PATH VERSION [ldflags]
    local name="$1" pkg="$2" version="$3" ldflags="${4:-}"
    local stamp="$BIN/.$name.version"
    if [[ -x "$BIN/$name" ]] && stamp_ok "$stamp" "$pkg@$version $ldflags"; then
        log "$name $version already installed"
        return
    fi
    if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
        PATH="/usr/local/go/bin:$PATH"
    fi
    command -v go >/dev/null 2>&1 || { log "go is not on PATH: cannot install $name"; exit 1; }
    log "go install $pkg@$version (first time: this compiles; it can take minutes)"
    local start=$SECONDS
    rm -f "$stamp"
    GOBIN="$BIN" CGO_ENABLED=0 GOFLAGS="-buildvcs=false -trimpath" \
        go install -ldflags "-s -w $ldflags" "$pkg@$version" >&2
    printf '%s' "$pkg@$version $ldflags" >"$stamp"
    log "$name installed in $((SECONDS - start)) s"
}

go_install helm "$HELM_MODULE/cmd/helm" "$HELM_VERSION" \
    "-X $HELM_MODULE/internal/version.version=$HELM_VERSION \
-X $HELM_MODULE/internal/version.gitTreeState=clean \
-X $HELM_MODULE/pkg/lint/rules.k8sVersionMajor=$HELM_K8S_MAJOR \
-X $HELM_MODULE/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR \
-X $HELM_MODULE/pkg/chartutil.k8sVersionMajor=$HELM_K8S_MAJOR \
-X $HELM_MODULE/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR"

go_install kubeconform "$KUBECONFORM_MODULE/cmd/kubeconform" "$KUBECONFORM_VERSION" \
    "-X main.version=$KUBECONFORM_VERSION"

# Bump SCHEMA_LAYOUT when the unpacking below changes: caches made by older layouts are redone.
SCHEMA_LAYOUT="2"
schema_stamp="$SCHEMA_DIR/.complete"
if stamp_ok "$schema_stamp" "$SCHEMA_WHEEL_SHA256 layout $SCHEMA_LAYOUT"; then
    log "Kubernetes schemas ($SCHEMA_PYPI_NAME $SCHEMA_PYPI_VERSION) already unpacked"
else
    start=$SECONDS
    tmp="$(mktemp -d "$CACHE/k8s-schemas/.tmp.XXXXXX")"
    TMP_DIRS+=("$tmp")
    log "downloading $SCHEMA_PYPI_NAME==$SCHEMA_PYPI_VERSION from PyPI (for its Kubernetes schemas)"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
        --dest "$tmp/wheel" "$SCHEMA_PYPI_NAME==$SCHEMA_PYPI_VERSION" >&2
    "$PYTHON" - "$tmp/wheel/$SCHEMA_WHEEL" "$SCHEMA_WHEEL_SHA256" "$tmp/out" <<'PY'
import hashlib
import json
import pathlib
import sys
import zipfile

wheel, expected, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
if digest != expected:
    sys.exit(f"sha256 mismatch for {wheel.name}: {digest} != {expected}")
prefix = "kubernetes_validate/kubernetes-json-schema/"
count = 0
with zipfile.ZipFile(wheel) as zf:
    for name in zf.namelist():
        if not name.startswith(prefix) or not name.endswith(".json"):
            continue
        target = out / name[len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        schema = json.loads(zf.read(name))
        # The package resolves "$ref": "/api/_definitions.json#..." against each schema's
        # "$id" (https://kubernetes.io/api/...). Drop the "$id" so that the file's own path is
        # the base, and make the refs relative: kubeconform then reads the sibling file.
        if isinstance(schema, dict):
            schema.pop("$id", None)
        text = json.dumps(schema, separators=(",", ":"))
        text = text.replace('"/api/_definitions.json#', '"_definitions.json#')
        target.write_text(text, encoding="utf-8")
        count += 1
if count == 0:
    sys.exit("no schemas found in the wheel")
print(f"install-deploy-tools: unpacked {count} schema files", file=sys.stderr)
PY
    rm -rf "$SCHEMA_DIR"
    mv "$tmp/out" "$SCHEMA_DIR"
    printf '%s' "$SCHEMA_WHEEL_SHA256 layout $SCHEMA_LAYOUT" >"$schema_stamp"
    log "schemas ready in $((SECONDS - start)) s"
fi

venv_stamp="$TOOLS_VENV/.requirements"
if [[ -x "$TOOLS_VENV/bin/python" ]] && stamp_ok "$venv_stamp" "$TOOLS_VENV_REQUIREMENTS"; then
    log "tools venv ($TOOLS_VENV_REQUIREMENTS) already installed"
else
    start=$SECONDS
    rm -rf "$TOOLS_VENV"
    "$PYTHON" -m venv "$TOOLS_VENV"
    # shellcheck disable=SC2086  # the requirements are a word list on purpose
    "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --only-binary=:all: $TOOLS_VENV_REQUIREMENTS >&2
    printf '%s' "$TOOLS_VENV_REQUIREMENTS" >"$venv_stamp"
    log "tools venv ready in $((SECONDS - start)) s"
fi

if [[ -f "$COMPOSE_SCHEMA" ]] && stamp_ok "$COMPOSE_SCHEMA.sha256" "$COMPOSE_WHEEL_SHA256"; then
    log "Compose schema (docker-compose $COMPOSE_PYPI_VERSION) already unpacked"
else
    ctmp="$(mktemp -d "$CACHE/.tmp-compose.XXXXXX")"
    TMP_DIRS+=("$ctmp")
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
        --dest "$ctmp" "docker-compose==$COMPOSE_PYPI_VERSION" >&2
    "$PYTHON" - "$ctmp/$COMPOSE_WHEEL" "$COMPOSE_WHEEL_SHA256" "$COMPOSE_SCHEMA" <<'PY'
import hashlib
import pathlib
import sys
import zipfile

wheel, expected, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
if digest != expected:
    sys.exit(f"sha256 mismatch for {wheel.name}: {digest} != {expected}")
with zipfile.ZipFile(wheel) as zf:
    data = zf.read("compose/config/compose_spec.json")
out.parent.mkdir(parents=True, exist_ok=True)
out.write_bytes(data)
PY
    printf '%s' "$COMPOSE_WHEEL_SHA256" >"$COMPOSE_SCHEMA.sha256"
    log "Compose schema unpacked"
fi

echo "HELM=$BIN/helm"
echo "KUBECONFORM=$BIN/kubeconform"
echo "KUBE_SCHEMA_DIR=$SCHEMA_DIR"
echo "TOOLS_PYTHON=$TOOLS_VENV/bin/python"
echo "COMPOSE_SCHEMA=$COMPOSE_SCHEMA"
# kubeconform -schema-location template: e.g. <dir>/v1.37.0-local-strict/deployment-apps-v1.json
echo "KUBE_SCHEMA_LOCATION=$SCHEMA_DIR/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
