# cambill: two commands do all the set-up on a fresh machine.
#   make demo   virtualenv, install, migrate SQLite, load the demo, serve on :8000
#   make test   virtualenv, install, run the whole suite (DATABASE_URL=postgres://... for PostgreSQL)
# and for changes:
#   make lint   ruff check, ruff format --check, mypy
#   make static lint, plus makemigrations --check, deptry (dependencies) and lint-imports (layers)
#   make test-openmeter  the OpenMeter SDK tests, in their own virtualenv (docs/decisions/0010)

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
# The OpenMeter SDK requires cloudevents<2; the main virtualenv has cloudevents 2.x.
OM_VENV ?= .venv-openmeter
OM_BIN := $(OM_VENV)/bin
OM_STAMP := $(OM_VENV)/.installed-$(shell cat pyproject.toml requirements-openmeter.txt | sha1sum | cut -c1-12)
# The bench extra (Locust, for bench/bench_load.py) on top of the main install.
BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
WATCHER_PORT ?= 8081
PYTEST_ARGS ?=
# The sandbox PAC keeps its stamps here, so demo-serve can cancel what demo-data stamped.
EINVOICE_SANDBOX_DIR ?= $(CURDIR)/var/einvoice-sandbox
DEMO_ARGS ?= --clouds 8 --accounts 300 --cameras 2000 --months 3 --seed 1


.PHONY: install install-openmeter demo test crawl test-openmeter bench lint static format serve migrate clean system-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,cloudevents]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

$(OM_STAMP): pyproject.toml requirements-openmeter.txt
	@test -x $(OM_BIN)/python || $(PYTHON) -m venv $(OM_VENV)
	$(OM_BIN)/pip install --quiet --upgrade pip
	$(OM_BIN)/pip install --quiet -c requirements-openmeter.txt -e '.[dev,openmeter]'
	$(OM_BIN)/pip check
	@rm -f $(OM_VENV)/.installed-*
	@touch $(OM_STAMP)

install: $(STAMP)

# The OpenMeter SDK's own virtualenv (make test-openmeter installs it when needed).
install-openmeter: $(OM_STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,cloudevents,bench]'
	$(BIN)/pip check
	@rm -f $(VENV)/.bench-*
	@touch $(BENCH_STAMP)

system-deps:
	@scripts/system-deps.sh

migrate: install
	$(BIN)/cambill migrate --noinput -v0

# One process serves the web, every demo cloud's fake Watcher (:$(WATCHER_PORT)/<cloud>) and
# the schedule (poll every minute): Ctrl-C stops all three, nothing is left behind.
demo: install system-deps
	@mkdir -p var
	$(BIN)/cambill migrate --noinput -v0
	@rm -rf var/einvoice-sandbox
	CAMBILL_EINVOICE_SANDBOX_DIR=$(EINVOICE_SANDBOX_DIR) CAMBILL_DEMO_WATCHER_URL=http://127.0.0.1:$(WATCHER_PORT) $(BIN)/cambill demo-data --reset $(DEMO_ARGS)
	@echo ""
	@echo "cambill demo: http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/v1/docs/)"
	@echo "Watcher sync: http://$(HOST):$(PORT)/clouds/telenet/watcher/ (fake Watcher on :$(WATCHER_PORT), polled every minute)"
	CAMBILL_EINVOICE_SANDBOX_DIR=$(EINVOICE_SANDBOX_DIR) $(BIN)/cambill demo-serve $(HOST):$(PORT)

serve: install
	$(BIN)/cambill runserver $(HOST):$(PORT)

# The typed Python client (clients/python/cambill_client), generated from the OpenAPI
# schema and committed. Run it after changing the API: tests/api/test_client.py fails
# while the committed client differs from a fresh generation (`make test` never
# rewrites tracked files).
client: install
	@mkdir -p var
	$(BIN)/cambill spectacular --format openapi-json --file var/openapi.json
	$(BIN)/openapi-python-client generate --path var/openapi.json \
	  --config clients/openapi-python-client.yaml --meta setup \
	  --output-path clients/python --overwrite >/dev/null

test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser crawl of every role's pages at 1280 and 390 px in three languages, with
# axe-core (tests/browser/test_crawl.py); screenshots under test-artifacts/.
crawl: install system-deps
	$(BIN)/python -m pytest tests/browser/test_crawl.py $(PYTEST_ARGS)

# The tests marked `openmeter` (skipped in the main virtualenv, where the SDK is absent).
test-openmeter: $(OM_STAMP) system-deps
	$(OM_BIN)/python -m pytest -m openmeter tests/usage/test_clients.py $(PYTEST_ARGS)

# The benchmarks measure on PostgreSQL (each bench uses its own database next to the one
# DATABASE_URL names); set DATABASE_URL=sqlite:///... to measure the embedded default.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cambill
bench: $(BENCH_STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: install
	$(BIN)/ruff check cambill cambill_sandbox tests bench
	$(BIN)/ruff format --check cambill cambill_sandbox tests bench
	$(BIN)/mypy cambill cambill_sandbox

# Everything CI checks without running tests (once, before the suites).
static: lint
	$(BIN)/cambill makemigrations --check --dry-run
	$(BIN)/deptry .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix cambill cambill_sandbox tests bench
	$(BIN)/ruff format cambill cambill_sandbox tests bench

clean:
	rm -rf $(VENV) $(OM_VENV) var/*.sqlite3*
