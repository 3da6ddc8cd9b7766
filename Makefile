# Russia–Kyrgyzstan relations: one command to build the report, one to test it.
# Every target sets up .venv first when it is missing or older than the dependency list.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PY     := $(BIN)/python

.DEFAULT_GOAL := help
PARAMS ?=
FORCE  ?=
DEBUG  ?=
RUKG   = $(PY) -m rukg --root $(CURDIR) $(if $(DEBUG),--debug)

.PHONY: help setup validate audit report test format lab lock clean bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

setup: $(STAMP) ## create or refresh .venv from pyproject.toml and requirements.lock

validate: $(STAMP) ## check every table against its schema and the source texts
	$(RUKG) validate

audit: $(STAMP) ## list numbers in the sources that no catalogue row covers
	$(RUKG) audit

report: $(STAMP) ## validate, run the notebooks, write report/ (PARAMS=file.yaml, FORCE=1 to rebuild anyway, DEBUG=1)
	$(RUKG) build $(if $(PARAMS),--params $(PARAMS)) $(if $(FORCE),--force)

test: $(STAMP) ## lint, format check, then the test suite
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests notebooks
	$(BIN)/pytest


format: $(STAMP) ## format code and notebooks with ruff
	$(BIN)/ruff format src tests notebooks
	$(BIN)/ruff check --fix src tests notebooks

lab: $(STAMP) ## open the notebooks in JupyterLab with the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## time build, no-op, one-notebook rebuild, validate and audit on a temporary copy (bench/results.json)
	$(PY) bench/run.py $(BENCH_ARGS)

lock: ## re-resolve dependencies into requirements.lock (needs network)
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lock-venv

clean: ## remove build scratch (not the committed report)
	rm -rf build .pytest_cache .ruff_cache
