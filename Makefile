# hkclose: `make report` builds the sample day's closing report; `make test` runs the test suite.
# Both start from a fresh clone: they create the virtual environment and install what they need.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANIFEST := dbt_project/target/manifest.json
SAMPLE_DAY := 2025-11-21
SAMPLE_WEEK_START := 2025-11-17

# Dagster keeps its runs and logs in a project-local instance: the embedded SQLite one
# (warehouse/dagster/dagster.yaml), or, while `make serve`'s services run, their PostgreSQL one
# (warehouse/service, configured by deploy/dagster.yaml), so every run lands where the daemon and
# the UI see it. `hkclose` refuses a DAGSTER_HOME that names another instance while they run.
SERVICE_HOME := $(CURDIR)/warehouse/service
export DAGSTER_HOME ?= $(if $(wildcard $(SERVICE_HOME)/services.json),$(SERVICE_HOME),$(CURDIR)/warehouse/dagster)
export PATH := $(BIN):$(PATH)

.PHONY: report test test-fast lint format docs lock ui serve stop status postgresql bench manifest sample calendar screenshot browser duckdb-lts clean help
DAY ?= $(SAMPLE_DAY)
# Tests run in this many processes (pytest-xdist); every test has its own warehouse, instance and ports.
TEST_WORKERS ?= 2

help:
	@echo "make report   build the sample week $(SAMPLE_WEEK_START) to $(SAMPLE_DAY) and the seed day's closing report"
	@echo "make test     run the linters, then the whole test suite"
	@echo "make test-fast  the tests that need no Dagster run, services or browser (under a minute)"
	@echo "make lint     ruff (lint and format), sqlfluff on the dbt project, the import layers"
	@echo "make format   let ruff and sqlfluff fix what they can"
	@echo "make docs     build dbt's documentation site: warehouse/docs/static_index.html (open it from disk)"
	@echo "make lock     re-resolve requirements.lock from pyproject.toml's pins"
	@echo "make ui       start Dagster's UI and daemon on http://127.0.0.1:3000 (SQLite, in the foreground)"
	@echo "make serve    start PostgreSQL, the webserver and the daemon under supervisord, and return"
	@echo "make stop     stop them and supervisord, leaving no process behind"
	@echo "make status   say what runs, as supervisord sees it"
	@echo "make bench    benchmark a ten-year simulated backfill (about 25 minutes; docs/performance.md)"
	@echo "make sample   rebuild the bundled sample week (warehouse/sample)"
	@echo "make calendar rewrite the trading-calendar seed from exchange_calendars and the overrides"
	@echo "make screenshot DAY=2025-11-21   PNGs of that day's HTML reports as a phone and a laptop draw them"
	@echo "make clean    remove the warehouse's built files (DuckDB, lake, reports, runs)"

# The whole dependency tree comes from the lock (every version and hash), so a fresh clone installs
# what passed CI; pyproject.toml keeps the direct pins the lock is resolved from (`make lock`).
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

lock:
	@test -x $(CURDIR)/.uv/bin/uv || { $(PYTHON) -m venv $(CURDIR)/.uv && $(CURDIR)/.uv/bin/pip install --quiet uv==0.13.9; }
	$(CURDIR)/.uv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --no-header -o requirements.lock
	echo "duckdb==$(DUCKDB_LTS)" | $(CURDIR)/.uv/bin/uv pip compile - --generate-hashes --python-version 3.11 \
	  --no-header -o requirements-duckdb-lts.lock

# DuckDB's long-term-support release in an environment of its own, for the test that opens the
# warehouse as an analyst on DuckDB 1.4 does (tests/test_analyst_clients.py); pinned and hashed.
DUCKDB_LTS := 1.4.4
LTS_VENV := $(CURDIR)/.venv-duckdb-lts
$(LTS_VENV)/.installed: requirements-duckdb-lts.lock
	$(PYTHON) -m venv $(LTS_VENV)
	$(LTS_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-duckdb-lts.lock
	touch $@

duckdb-lts: $(LTS_VENV)/.installed

# dagster-dbt's project preparation (`dbt parse`), so the code location loads without `dagster dev`.
$(MANIFEST): $(INSTALLED) $(shell find dbt_project -type f -not -path 'dbt_project/target/*' -not -path 'dbt_project/logs/*')
	cd $(CURDIR) && dagster-dbt project prepare-and-package --file pipelines/defs/resources.py
	touch $@

manifest: $(MANIFEST)

# The whole sample week in one run, so that the seed day's report compares with the days before it.
report: $(MANIFEST)
	@mkdir -p $(DAGSTER_HOME)
	hkclose backfill $(SAMPLE_WEEK_START) $(SAMPLE_DAY) --source sample

# Under CI a browser that cannot be installed fails the run; elsewhere its tests are skipped.
test: lint duckdb-lts
	@$(MAKE) --no-print-directory browser || [ "$$CI" != true ]
	@$(MAKE) --no-print-directory postgresql || [ "$$CI" != true ]
	pytest -n $(TEST_WORKERS) --dist worksteal

# The fast loop, in under a minute: every test but the end-to-end, services and browser ones
# (their markers in pyproject.toml), without the linters.
test-fast: $(MANIFEST)
	pytest -n $(TEST_WORKERS) --dist worksteal -m "not e2e and not services and not browser"

lint: $(MANIFEST)
	ruff check .
	ruff format --check .
	lint-imports --no-cache
	sqlfluff lint dbt_project

format: $(MANIFEST)
	ruff check --fix .
	ruff format .
	sqlfluff fix dbt_project

# Debian's Chromium and its driver for the browser tests (and fonts for the Chinese report); exits
# non-zero, saying why, where this machine does not let us install them.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; } || \
	  { echo "Chromium could not be installed here (it needs root and apt-get): the browser tests will be skipped." >&2; exit 1; }

screenshot: browser $(INSTALLED)
	$(BIN)/python scripts/screenshot.py warehouse/reports/$(DAY)

# dbt's documentation of the marts as one static page (warehouse/docs/static_index.html). Column
# types come from the warehouse's catalog, read from a copy (so a running build is never blocked);
# with no warehouse yet, the page is built without them (profiles.yml: target offline).
DOCS_DIR := $(CURDIR)/warehouse/docs
docs: $(MANIFEST)
	@mkdir -p $(DOCS_DIR)
	@if [ -f warehouse/hkclose.duckdb ]; then \
	  cp warehouse/hkclose.duckdb $(DOCS_DIR)/hkclose.duckdb && \
	  dbt docs generate --static --project-dir dbt_project --profiles-dir dbt_project --quiet \
	    --vars '{"database_path": "$(DOCS_DIR)/hkclose.duckdb"}' --target-path $(DOCS_DIR) --log-path $(DOCS_DIR)/logs; \
	else \
	  echo "no warehouse/hkclose.duckdb yet (make report builds it): the page will show no column types"; \
	  dbt docs generate --static --empty-catalog --project-dir dbt_project --profiles-dir dbt_project --quiet \
	    --target offline --target-path $(DOCS_DIR) --log-path $(DOCS_DIR)/logs; \
	fi
	@rm -f $(DOCS_DIR)/hkclose.duckdb
	@echo "warehouse/docs/static_index.html"

# Debian's PostgreSQL server for `make serve` and the service tests; exits non-zero, saying why,
# where this machine does not let us install it.
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || \
	  { echo "PostgreSQL could not be installed here (it needs root and apt-get; Debian package postgresql)." >&2; exit 1; }

serve: $(MANIFEST) postgresql
	hkclose serve

stop: $(INSTALLED)
	hkclose stop

status: $(INSTALLED)
	@hkclose status || true

ui: $(MANIFEST)
	@[ "$(DAGSTER_HOME)" != "$(SERVICE_HOME)" ] || \
	  { echo "the services run (make serve): their UI is up already; make stop first for a local one" >&2; exit 1; }
	@mkdir -p $(DAGSTER_HOME)
	dagster dev -h 127.0.0.1 -p 3000

bench: $(MANIFEST)
	python bench/backfill.py

sample: $(INSTALLED)
	python -m pipelines.sample.build

calendar: $(INSTALLED)
	python -m pipelines.market.calendar

clean:
	rm -rf warehouse/hkclose.duckdb* warehouse/.work warehouse/lake warehouse/reports warehouse/docs
	find warehouse/dagster -mindepth 1 -not -name dagster.yaml -delete
