# sagskvalitet: two commands for a new user.
#   make build   venv + dependencies, synthetic data when none is there, landing,
#                dbt build (seeds, models, tests), docs, publish for BI
#   make test    every test: ruff, sqlfluff, pytest (unit, generator, landing, truth,
#                end-to-end against the generator's truth), dbt-bouncer conventions
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export RAW_DIR ?= data/raw
export TRUTH_DIR ?= data/truth
# Absolute, so the staging views in the warehouse file work from any directory.
export LANDING_DIR ?= $(CURDIR)/data/landing
export PUBLISH_DIR ?= data/publish
# The reporting ledger (issue 13): outside the warehouse, untouched by make clean.
export LEDGER_DIR ?= $(CURDIR)/data/ledger
export SAGSKVALITET_DUCKDB ?= warehouse/sagskvalitet.duckdb
export DBT_PROFILES_DIR ?= $(CURDIR)
# Synthetic data only: the demo key is public. Real exports need a secret key in the
# environment (SAGSKVALITET_CPR_KEY), never in the repository.
DEMO_CPR_KEY := sagskvalitet-demo-key-synthetic-data-only
export SAGSKVALITET_CPR_KEY ?= $(DEMO_CPR_KEY)

SCALE ?= 1
SEED ?= 20100301
DELIVERIES ?= auto
BAD_ROWS ?= 0

DBT := $(BIN)/dbt
PY := $(BIN)/python

.PHONY: help build test venv data land dbt docs publish verify lint ruff sqlfluff docs-generate \
        pytest bouncer benchmark clean report

help:
	@echo "make build   set up everything and build the warehouse (see README.md)"
	@echo "make test    run every test"
	@echo "make verify  compare the built marts with the generator's truth"
	@echo "make report PERIOD=2010Q2   the committee report (HTML + PDF) in reports/2010Q2/"
	@echo "make docs    serve the dbt docs (lineage) on http://127.0.0.1:$(DOCS_PORT)"

build: venv data land dbt publish
	@echo ""
	@echo "Built. Warehouse: $(SAGSKVALITET_DUCKDB) (schema marts for BI)"
	@echo "  dbt docs (lineage): make docs (serves http://127.0.0.1:$(DOCS_PORT))"
	@echo "  landing validation results: $(LANDING_DIR)/data_docs/index.html"
	@echo "  published for BI: $(PUBLISH_DIR)/   truth of the synthetic data: $(TRUTH_DIR)/"

venv: $(STAMP)

# The package runs from the repository root (python -m sagskvalitet); no install needed.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Synthetic exports only when raw_dir holds no delivery: real or earlier data is kept.
data: venv
	@if ls -d $(RAW_DIR)/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] >/dev/null 2>&1; then \
	    echo "data: deliveries found in $(RAW_DIR), not generating"; \
	else \
	    echo "data: no delivery in $(RAW_DIR): generating synthetic exports (scale $(SCALE))"; \
	    $(PY) -m sagskvalitet generate --seed $(SEED) --scale $(SCALE) --deliveries $(DELIVERIES) \
	        --bad-rows $(BAD_ROWS) --out $(RAW_DIR) --truth-out $(TRUTH_DIR); \
	fi

land: venv
	@if [ "$$SAGSKVALITET_CPR_KEY" = "$(DEMO_CPR_KEY)" ]; then \
	    echo "land: using the public DEMO key for CPR pseudonymisation (synthetic data only;"; \
	    echo "      set SAGSKVALITET_CPR_KEY to a secret for real exports)"; \
	fi
	$(PY) -m sagskvalitet land --raw-dir $(RAW_DIR) --landing-dir $(LANDING_DIR)

# dbt build + docs into a new warehouse file, swapped in only when complete
# (sagskvalitet/build.py; writes build_record.json beside the warehouse).
dbt: venv
	@mkdir -p $(dir $(SAGSKVALITET_DUCKDB))
	$(PY) -m sagskvalitet build

# dbt docs generate by hand (the build wrapper generates them for every build)
docs-generate: venv
	$(DBT) docs generate

# The dbt docs site (lineage for auditors) on a loopback port: http://127.0.0.1:$(DOCS_PORT)
DOCS_PORT ?= 8080
docs: docs-generate
	$(DBT) docs serve --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

publish: venv
	$(PY) -m sagskvalitet publish --duckdb $(SAGSKVALITET_DUCKDB) --out $(PUBLISH_DIR) \
	    --manifest $${DBT_TARGET_PATH:-target}/manifest.json

# The committee report of a quarter (PERIOD=2010Q2) or half-year (PERIOD=2010H1):
# reports/<period>/rapport_<period>.html and .pdf (headless Chromium, Debian package chromium).
# It freezes the period first (issue 13: what was reported stays reported): a quarter
# freezes itself, a half-year its last quarter (H1 -> Q2, H2 -> Q4, which stores the
# half-year too). A period not over yet is not frozen (freeze exits 3); the report then
# gives its own error. Any other freeze error stops the report.
report: venv
	@if [ -z "$(PERIOD)" ]; then echo "make report needs PERIOD, e.g. make report PERIOD=2010Q2"; exit 2; fi
	@rc=0; $(PY) -m sagskvalitet freeze --period $(subst H1,Q2,$(subst H2,Q4,$(PERIOD))) \
		--duckdb $(SAGSKVALITET_DUCKDB) --ledger-dir $(LEDGER_DIR) || rc=$$?; \
		if [ $$rc -eq 3 ]; then echo "report: $(PERIOD) not frozen (not over on the as-of date)"; \
		elif [ $$rc -ne 0 ]; then exit $$rc; fi
	$(PY) -m sagskvalitet report --period $(PERIOD)

verify: venv
	$(PY) -m sagskvalitet verify --truth $(TRUTH_DIR) --duckdb $(SAGSKVALITET_DUCKDB)

test: venv lint pytest bouncer

lint: ruff sqlfluff

ruff: venv
	$(BIN)/ruff check sagskvalitet pytests
	$(BIN)/ruff format --check sagskvalitet pytests

sqlfluff: venv
	@mkdir -p $(dir $(SAGSKVALITET_DUCKDB))
	$(BIN)/sqlfluff lint models tests analyses snapshots --processes 2 --disable-progress-bar

pytest: venv
	$(BIN)/pytest -q

bouncer: venv
	$(DBT) parse --quiet
	$(BIN)/dbt-bouncer run --config-file dbt-bouncer.yml

# make benchmark SCALE=10: time generate, land and dbt build at that scale (JSON report).
benchmark: venv
	$(PY) -m sagskvalitet benchmark --scale $(SCALE)

clean:
	rm -rf target logs warehouse $(LANDING_DIR) $(PUBLISH_DIR) $(PUBLISH_DIR).releases reports artifacts

# --- Issue 13: what was reported stays reported -------------------------------------
HISTORY_DIR ?= data/history
HISTORY_SCALE ?= 0.05
PERIOD ?=

.PHONY: history freeze eventlog

# A monthly history 2009-10..2011-06 in its own folders, replayed delivery by delivery
# (snapshots dated by delivery), quarters frozen on the way, event log exported.
history: venv
	$(PY) -m sagskvalitet history --dir $(HISTORY_DIR) --scale $(HISTORY_SCALE)

# Store a reported period's figures and members in the ledger (append-only).
freeze: venv
	@if [ -z "$(PERIOD)" ]; then echo "usage: make freeze PERIOD=2010Q2 (a quarter or a year)"; exit 2; fi
	$(PY) -m sagskvalitet freeze --period $(PERIOD) --duckdb $(SAGSKVALITET_DUCKDB) --ledger-dir $(LEDGER_DIR)

# The case event log (pm4py shape) of the built warehouse.
eventlog: venv
	$(PY) -m sagskvalitet eventlog --duckdb $(SAGSKVALITET_DUCKDB) --out data/eventlog

# --- Issue 14: make bench (not part of make test) ------------------------------------
# Time, CPU and peak RSS of generate, land, dbt build (with and without tests) at scales
# 0.1 1 3 10 (BENCH_MAX=30 adds 30; BENCH_SCALES=0.1,1 picks): docs/benchmarks.md, .json, .png.
# Scale 30 runs with FSST on and half the memory for DuckDB unless set (bench/large_scale.py).
BENCH_SCALES ?=
BENCH_MAX ?=
.PHONY: bench
bench: venv
	nice -n 10 $(PY) -m sagskvalitet benchmark $(if $(BENCH_SCALES),--scales $(BENCH_SCALES)) \
	    $(if $(BENCH_MAX),--max-scale $(BENCH_MAX))

# --- Issue 15: the same models on PostgreSQL and on Apache Spark ------------------------
# Each target builds the default generator's data at ENGINE_SCALE (0.1: CI stays under an
# hour) in its own folders (ENGINE_DIR), never the warehouse of make build.
#   make test-postgres  throw-away PostgreSQL cluster (installed from Debian when missing),
#                       load-postgres, dbt build with every test, the bi_reader roles test
#   make test-spark     dbt-spark method session on local pyspark (Java 17 installed from
#                       Debian when missing): dbt build minus the snapshots and what is built
#                       on them (selector without_snapshots: no Delta Lake, no MERGE)
#   make test-engines   DuckDB, PostgreSQL and Spark on the same data, then the test that
#                       fct_target_results and fct_target_members are equal on all three
#                       (and the PostgreSQL roles and load tests)
ENGINE_SCALE ?= 0.1
ENGINE_DIR ?= $(CURDIR)/data/engines
ENGINE_ENV = LANDING_DIR=$(ENGINE_DIR)/landing LEDGER_DIR=$(ENGINE_DIR)/ledger \
    SAGSKVALITET_DUCKDB=$(ENGINE_DIR)/duckdb/sagskvalitet.duckdb \
    SPARK_WAREHOUSE_DIR=$(ENGINE_DIR)/spark
PG_RUN := sagskvalitet/engines/with_postgres.sh
# Every engine step is timed (wall, user and sys CPU of its whole process tree, the JVM
# included): one JSON line per step in ENGINE_TIMES, printed at the end (engine-times).
ENGINE_TIMES = $(ENGINE_DIR)/times.jsonl
TIMED = $(PY) -m sagskvalitet.engines.timed --out $(ENGINE_TIMES) --label
# The second step builds the case event log again: on a built table it takes its
# incremental path (issue 14), which pytests/engines then compares with DuckDB's full build.
PG_STEPS = $(TIMED) postgres_load -- $(PY) -m sagskvalitet load-postgres && \
    $(TIMED) postgres_build -- env DBT_TARGET_PATH=target/engines/postgres $(DBT) build --target postgres && \
    $(TIMED) postgres_event_log_again -- env DBT_TARGET_PATH=target/engines/postgres \
        $(DBT) build --target postgres --select fct_case_event_log
SPARK_STEPS = $(TIMED) spark_build -- env DBT_TARGET_PATH=target/engines/spark \
    $(DBT) build --target spark --selector without_snapshots
# What the selector leaves out on Spark, printed by name (no silent skips).
SPARK_EXCLUDED = echo "spark: not built or tested - the snapshots and their descendants (models, exposures, and the" && \
    echo "       data and unit tests on them): no Delta Lake jars, so no MERGE (README Engines):" && \
    DBT_TARGET_PATH=target/engines/spark-ls $(DBT) --quiet ls --target spark \
        --select path:snapshots+ --resource-type snapshot --resource-type model \
        --resource-type exposure --output name | sed 's/^/    /'

.PHONY: engine-data engine-duckdb engine-times java test-postgres test-spark test-engines

engine-data: venv
	@if ls -d $(ENGINE_DIR)/landing/manifest >/dev/null 2>&1; then \
	    echo "engine-data: landed data found in $(ENGINE_DIR)/landing"; \
	else \
	    $(TIMED) generate -- $(PY) -m sagskvalitet generate --seed $(SEED) --scale $(ENGINE_SCALE) \
	        --out $(ENGINE_DIR)/raw --truth-out $(ENGINE_DIR)/truth && \
	    $(TIMED) land -- $(PY) -m sagskvalitet land --raw-dir $(ENGINE_DIR)/raw \
	        --landing-dir $(ENGINE_DIR)/landing; \
	fi

engine-duckdb: engine-data
	@mkdir -p $(ENGINE_DIR)/duckdb
	rm -f $(ENGINE_DIR)/duckdb/sagskvalitet.duckdb
	$(ENGINE_ENV) $(TIMED) duckdb_build -- env DBT_TARGET_PATH=target/engines/duckdb \
	    $(DBT) build --target duckdb

# The timed steps so far (ENGINE_TIMES), one line each.
engine-times:
	@echo "engine step times ($(ENGINE_TIMES)):"
	@cat $(ENGINE_TIMES) 2>/dev/null || echo "    none yet"

java:
	@command -v java >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" != 0 ]; then \
	        echo "Java 17 is missing: sudo apt-get install -y openjdk-17-jre-headless"; exit 2; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        --no-install-recommends openjdk-17-jre-headless >/dev/null; }

test-postgres: engine-data
	$(ENGINE_ENV) $(PG_RUN) bash -c '$(PG_STEPS) && \
	    SAGSKVALITET_ENGINES=postgres $(BIN)/pytest -q pytests/engines/test_postgres_roles.py \
	        pytests/engines/test_pg_load.py pytests/engines/test_postgres_incremental.py'

test-spark: engine-data java
	@$(SPARK_EXCLUDED)
	rm -rf $(ENGINE_DIR)/spark
	$(ENGINE_ENV) $(SPARK_STEPS)
	@$(MAKE) --no-print-directory engine-times

# ENGINES=duckdb,postgres leaves Spark out (.ci/run runs all three).
ENGINES ?= duckdb,postgres,spark
test-engines: engine-duckdb $(if $(findstring spark,$(ENGINES)),java)
	$(if $(findstring spark,$(ENGINES)),@$(SPARK_EXCLUDED))
	rm -rf $(ENGINE_DIR)/spark
	$(ENGINE_ENV) $(PG_RUN) bash -c '$(PG_STEPS) && \
	    $(if $(findstring spark,$(ENGINES)),$(SPARK_STEPS) &&) \
	    SAGSKVALITET_ENGINES=$(ENGINES) $(BIN)/pytest -q pytests/engines'
	@$(MAKE) --no-print-directory engine-times
