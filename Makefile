# cambill: two commands do all the set-up on a fresh machine.
#   make demo   virtualenv, install, migrate SQLite, load the demo, serve on :8000
#   make test   virtualenv, install, run the whole suite (DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements-openmeter.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
WATCHER_PORT ?= 8081
PYTEST_ARGS ?=
DEMO_ARGS ?= --clouds 3 --accounts 300 --cameras 2000 --months 3 --seed 1

.PHONY: install demo test bench lint format serve migrate clean system-deps

$(STAMP): pyproject.toml requirements-openmeter.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps -r requirements-openmeter.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

system-deps:
	@scripts/system-deps.sh

migrate: install
	$(BIN)/cambill migrate --noinput -v0

# One process serves the web, every demo cloud's fake Watcher (:$(WATCHER_PORT)/<cloud>) and
# the schedule (poll every minute): Ctrl-C stops all three, nothing is left behind.
demo: install system-deps
	@mkdir -p var
	$(BIN)/cambill migrate --noinput -v0
	CAMBILL_DEMO_WATCHER_URL=http://127.0.0.1:$(WATCHER_PORT) $(BIN)/cambill demo-data --reset $(DEMO_ARGS)
	@echo ""
	@echo "cambill demo: http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/v1/docs/)"
	@echo "Watcher sync: http://$(HOST):$(PORT)/clouds/telenet/watcher/ (fake Watcher on :$(WATCHER_PORT), polled every minute)"
	$(BIN)/cambill demo-serve $(HOST):$(PORT)

serve: install
	$(BIN)/cambill runserver $(HOST):$(PORT)

test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: install
	$(BIN)/ruff check cambill tests bench
	$(BIN)/ruff format --check cambill tests bench
	$(BIN)/mypy cambill

format: install
	$(BIN)/ruff check --fix cambill tests bench
	$(BIN)/ruff format cambill tests bench

clean:
	rm -rf $(VENV) var/*.sqlite3*
