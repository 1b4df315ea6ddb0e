# syntax=docker/dockerfile:1
#
# Influence graph service image: one image for every mode of the package.
#   API (default):      influence-graph serve
#   analysis worker:    influence-graph worker
#   scheduled analysis: influence-graph analyze --all-topics
#   migrations:         influence-graph db migrate
#
# Build:  docker build -t influence-graph:0.1.0 .
# The image provisions no Neo4j: set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) at run time.

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------------------------
# builder: a virtualenv at /opt/venv with the dependencies and the package (no build tools
# leak into the runtime image).
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, from pyproject.toml alone, so that a code change reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
 && pip wheel --wheel-dir /wheels -r /tmp/requirements.txt \
 && pip install --no-index --find-links /wheels -r /tmp/requirements.txt

# Then the package itself, as a wheel installed into the venv (not editable).
COPY README.md ./
COPY service/ ./service/
RUN pip wheel --no-deps --wheel-dir /wheels . \
 && pip install --no-deps --no-index --find-links /wheels influence-graph \
 && influence-graph --help >/dev/null

# ---------------------------------------------------------------------------------------------
# runtime: slim Python, the venv, the Cypher files, a non-root user.
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="influence-graph" \
      org.opencontainers.image.description="Who influences whom on a subject: Neo4j + Graph Data Science served over GraphQL"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    CYPHER_DIR=/app/cypher \
    XDG_CACHE_HOME=/tmp/.cache

# uid/gid 10001: matches the Helm chart's securityContext (runAsUser 10001).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
# Owned by root and not writable by the app user: the container also runs with a read-only
# root filesystem on Kubernetes (only /tmp is writable there).
COPY pyproject.toml README.md ./
COPY service/ ./service/
COPY cypher/ ./cypher/
COPY schema/ ./schema/

USER 10001:10001

EXPOSE 8000

# Liveness only (/healthz does not touch Neo4j). No curl in the slim image: use Python.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["influence-graph", "serve"]
