# The two commands a newcomer needs: `make run` and `make test`. Both install everything first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint schema docs stop clean-state

install: $(STAMP)
	$(BIN)/influence-graph neo4j install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Local Neo4j + GDS, graph model, demo data analysed (first time only), API with a worker
## on http://127.0.0.1:8000/graphql and the explorer on http://127.0.0.1:8000/explorer/
run: install
	$(BIN)/influence-graph neo4j start
	$(BIN)/influence-graph db migrate
	$(BIN)/influence-graph demo load --if-empty --analyze
	RUN_WORKER_IN_API=true $(BIN)/influence-graph serve

## Lint, type-check, then the whole suite against a real Neo4j + GDS that the tests start
test: install lint
	tools/install-browser.sh
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/strawberry export-schema service.api.schema:schema --output schema/schema.graphql

## The error-code table in docs/api.md, from the registry (service/api/errors.py)
docs: $(STAMP)
	$(BIN)/python tools/error_table.py

stop:
	-$(BIN)/influence-graph neo4j stop

clean-state: stop
	rm -rf .state

## Publish the current GraphQL schema as the contract the breaking-change test guards
publish-schema: schema
	cp schema/schema.graphql schema/published.graphql
	sed -i '/^[^#]/d' schema/declared-breaking-changes.txt
