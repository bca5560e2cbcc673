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

export DAGSTER_HOME := $(CURDIR)/.dagster_home
export BGW_WAREHOUSE_DIR ?= $(CURDIR)/warehouse
SIM_DIR := $(BGW_WAREHOUSE_DIR)/simulated_sources
SIM_STAMP := $(SIM_DIR)/_simulator.json
BUILT_STAMP := $(BGW_WAREHOUSE_DIR)/.demo_built

.PHONY: install demo generate pipeline serve dagster test test-fast lint docs clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

generate: $(STAMP)
	$(BIN)/python -m simulator generate --out $(SIM_DIR) --scale $(SCALE) --seed $(SEED)

pipeline: generate $(DAGSTER_HOME)/dagster.yaml
	@if [ ! -f $(BUILT_STAMP) ] || [ $(SIM_STAMP) -nt $(BUILT_STAMP) ] || [ -n "$(REBUILD)" ]; then \
		$(BIN)/python -m orchestration.cli all && touch $(BUILT_STAMP); \
	else echo "warehouse already built from these sources (make demo REBUILD=1 to rebuild)"; fi

demo: pipeline
	@echo ""
	@echo "Dashboards:  http://localhost:$(PORT)"
	@echo "Dagster UI:  run 'make dagster' in another terminal, then open http://localhost:$(DAGSTER_PORT)"
	@echo ""
	$(BIN)/streamlit run dashboards/streamlit_app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

serve: $(STAMP)
	$(BIN)/streamlit run dashboards/streamlit_app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

dagster: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m orchestration.definitions -p $(DAGSTER_PORT)

test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint transform/models

docs: $(STAMP)
	cd transform && BGW_BUILD_DB=$(BGW_WAREHOUSE_DIR)/build/warehouse.duckdb \
		../$(BIN)/dbt docs generate --profiles-dir . && echo "dbt docs: transform/target/index.html (serve with: cd transform && ../$(BIN)/dbt docs serve --profiles-dir .)"

clean:
	rm -rf $(BGW_WAREHOUSE_DIR)/landing $(BGW_WAREHOUSE_DIR)/build $(BGW_WAREHOUSE_DIR)/serving $(BUILT_STAMP)
