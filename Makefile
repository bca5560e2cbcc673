# Two commands matter: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8

# Demo scale: 1.0 is the province's real order of magnitude. 0.05 keeps a fresh demo
# within minutes on two cores; `make demo SCALE=1` runs the real volumes.
SCALE ?= 0.05
SEED ?= 7
PORT ?= 8501
DAGSTER_PORT ?= 3000
HMIS_PORT ?= 8081
PIS_PORT ?= 8082
IDP_PORT ?= 9400

export DAGSTER_HOME := $(CURDIR)/.dagster_home
export BGW_WAREHOUSE_DIR ?= $(CURDIR)/warehouse
SIM_DIR := $(BGW_WAREHOUSE_DIR)/simulated_sources
export BGW_HMIS_BASE_URL ?= http://127.0.0.1:$(HMIS_PORT)
export BGW_PIS_BASE_URL ?= http://127.0.0.1:$(PIS_PORT)
SIM_STAMP := $(SIM_DIR)/_simulator.json
BUILT_STAMP := $(BGW_WAREHOUSE_DIR)/.demo_built

.PHONY: install demo generate apis stop-apis pipeline serve dagster test test-fast lint docs clean
.PHONY: idp secrets

install: $(STAMP)

# Bytecode is compiled once, at install: uv does not by default, and where
# PYTHONDONTWRITEBYTECODE is set nothing ever caches it, so every process (each run, each
# dbt call) would compile Dagster, dbt and their kin again, about 5 s each.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

generate: $(STAMP)
	$(BIN)/python -m simulator generate --out $(SIM_DIR) --scale $(SCALE) --seed $(SEED)

# The simulated DHIS2 (HMIS) and PIS web APIs, started once and left running so that
# `make dagster` runs can reach them too; `make stop-apis` stops them.
apis: generate
	@for api in hmis:$(HMIS_PORT) pis:$(PIS_PORT); do \
		name=$${api%%:*}; port=$${api##*:}; pidfile=$(BGW_WAREHOUSE_DIR)/$${name}_api.pid; \
		if [ -f $$pidfile ] && kill -0 $$(cat $$pidfile) 2>/dev/null; then continue; fi; \
		$(BIN)/python -m simulator.$${name}_api --data $(SIM_DIR) --port $$port \
			> $(BGW_WAREHOUSE_DIR)/$${name}_api.log 2>&1 & echo $$! > $$pidfile; \
	done
	$(BIN)/python -m simulator.http_server wait http://127.0.0.1:$(HMIS_PORT)/api/system/ping \
		http://127.0.0.1:$(PIS_PORT)/api/v1/health --timeout 60

stop-apis:
	-@for name in hmis pis idp; do pidfile=$(BGW_WAREHOUSE_DIR)/$${name}_api.pid; \
		[ -f $$pidfile ] && kill $$(cat $$pidfile) 2>/dev/null; rm -f $$pidfile; done

# The demo asks DHIS2 for one division at a time (level 2) instead of one district: half
# the requests for the same data. Against a real DHIS2 the default (districts) is gentler.
pipeline: export BGW_HMIS_CHUNK_LEVEL ?= 2
pipeline: apis $(DAGSTER_HOME)/dagster.yaml
	@if [ ! -f $(BUILT_STAMP) ] || [ $(SIM_STAMP) -nt $(BUILT_STAMP) ] || [ -n "$(REBUILD)" ]; then \
		$(BIN)/python -m orchestration.cli all && touch $(BUILT_STAMP); \
	else echo "warehouse already built from these sources (make demo REBUILD=1 to rebuild)"; fi

# The demo identity provider: a real OpenID Connect server on loopback standing in for the
# government's, one account per role (`make stop-apis` stops it too).
idp: $(STAMP)
	@pidfile=$(BGW_WAREHOUSE_DIR)/idp_api.pid; \
	if ! { [ -f $$pidfile ] && kill -0 $$(cat $$pidfile) 2>/dev/null; }; then \
		$(BIN)/python -m simulator.identity_provider serve --port $(IDP_PORT) \
			> $(BGW_WAREHOUSE_DIR)/idp_api.log 2>&1 & echo $$! > $$pidfile; \
	fi
	$(BIN)/python -m simulator.http_server wait \
		http://127.0.0.1:$(IDP_PORT)/.well-known/openid-configuration --timeout 30

# Streamlit's secrets file for sign-in through it (gitignored; the cookie secret is random).
secrets: $(STAMP)
	$(BIN)/python -m dashboards.auth.secrets_file --out .streamlit/secrets.toml \
		--redirect-uri http://localhost:$(PORT)/oauth2callback \
		--server-metadata-url http://127.0.0.1:$(IDP_PORT)/.well-known/openid-configuration

demo: pipeline idp secrets
	@echo ""
	@echo "Dashboards:  http://localhost:$(PORT)  (public until you sign in; sign in as:)"
	@$(BIN)/python -m simulator.identity_provider accounts
	@echo "Dagster UI:  run 'make dagster' in another terminal, then open http://localhost:$(DAGSTER_PORT)"
	@echo ""
	$(BIN)/streamlit run dashboards/streamlit_app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

serve: $(STAMP)
	$(BIN)/streamlit run dashboards/streamlit_app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

dagster: $(STAMP) $(DAGSTER_HOME)/dagster.yaml apis
	$(BIN)/dagster dev -m orchestration.definitions -p $(DAGSTER_PORT)

# Whole modules per worker: a module's shared warehouse is built once. (loadgroup would
# also do that, but with pytest 9 xdist cannot tag a test with its group, so it splits them.)
test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint transform/models

docs: $(STAMP)
	cd transform && BGW_BUILD_DB=$(BGW_WAREHOUSE_DIR)/build/warehouse.duckdb \
		../$(BIN)/dbt docs generate --profiles-dir . && echo "dbt docs: transform/target/index.html (serve with: cd transform && ../$(BIN)/dbt docs serve --profiles-dir .)"

# Benchmark (bench/results/README.md): scales 0.1 and 1; `make bench SCALES="0.1 1 10"` adds 10.
# Works in its own folder under /tmp, never in warehouse/; results in bench/results/.
SCALES ?= 0.1 1
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench --scales $(SCALES)

clean:
	rm -rf $(BGW_WAREHOUSE_DIR)/landing $(BGW_WAREHOUSE_DIR)/build $(BGW_WAREHOUSE_DIR)/serving $(BUILT_STAMP)
