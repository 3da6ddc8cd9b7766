# Russia–Kyrgyzstan relations: one command to build the report, one to test it.
# Every target sets up the venv (.venv) first when it is missing, older than the dependency list
# or built with another Python version than PYTHON.

# PYTHON: the interpreter that builds the venv, Python 3.11, 3.12 or 3.13. A name such as
# python3.12 that does not run (a pyenv shim of an inactive version) falls back to pyenv's
# newest 3.12.x. VENV: where the venv goes (CI checks 3.12 and 3.13 in .venv-3.12, .venv-3.13).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PY     := $(BIN)/python
PYTHONS := 3.11 3.12 3.13

# An interpreter of Python $(1) (say 3.12): python3.12 if it runs, else pyenv's newest 3.12.x.
find_python = $(shell for p in $$(command -v python$(1)) \
    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$(1).[0-9]*/bin/python$(1) 2>/dev/null | sort -rV); \
    do "$$p" -c '' 2>/dev/null && { echo "$$p"; break; }; done)
python_version = $(shell $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)

# The venv is stale when it was built with another Python version than PYTHON's (as well as
# when pyproject.toml or the lock is newer than its stamp). Skipped when STAMP is empty
# (tests/test_bad_input.py runs the recipes with an existing venv and STAMP=).
ifneq ($(STAMP),)
PYTHON_VERSION := $(call python_version,$(PYTHON))
ifeq ($(PYTHON_VERSION),)
ifneq ($(filter python3.%,$(notdir $(PYTHON))),)
override PYTHON := $(or $(call find_python,$(patsubst python%,%,$(notdir $(PYTHON)))),$(PYTHON))
PYTHON_VERSION := $(call python_version,$(PYTHON))
endif
endif
VENV_VERSION := $(shell sed -n 's/^version *= *\([0-9]*\.[0-9]*\).*/\1/p' $(VENV)/pyvenv.cfg 2>/dev/null)
ifneq ($(PYTHON_VERSION),$(VENV_VERSION))
$(STAMP): venv-python-changed
endif
endif

.DEFAULT_GOAL := help
PARAMS ?=
FORCE  ?=
DEBUG  ?=
RUKG   = $(PY) -m rukg --root $(CURDIR) $(if $(DEBUG),--debug)

.PHONY: help setup validate audit report test format lab lock clean bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: venv-python-changed
$(STAMP): pyproject.toml requirements.lock
	$(if $(filter $(PYTHONS),$(PYTHON_VERSION)),,$(error Python 3.11, 3.12 or 3.13 is needed, but PYTHON=$(PYTHON) $(if $(PYTHON_VERSION),is Python $(PYTHON_VERSION),does not run); name another, e.g. make PYTHON=python3.12 or PYTHON=/path/to/python3.12))
	$(PYTHON) -m venv $(if $(filter-out $(PYTHON_VERSION),$(VENV_VERSION)),--clear )$(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

setup: $(STAMP) ## create or refresh .venv (or VENV=dir) with PYTHON (3.11, 3.12 or 3.13) from pyproject.toml and requirements.lock

validate: $(STAMP) ## check every table against its schema and the source texts
	$(RUKG) validate

audit: $(STAMP) ## list numbers in the sources that no catalogue row covers
	$(RUKG) audit

report: $(STAMP) ## validate, run the notebooks, write report/ (PARAMS=file.yaml, FORCE=1 to rebuild anyway, DEBUG=1)
	$(RUKG) build $(if $(PARAMS),--params $(PARAMS)) $(if $(FORCE),--force)

test: $(STAMP) ## lint, format check, import contracts (.importlinter), then the test suite
	$(BIN)/ruff check src tests notebooks bench
	$(BIN)/ruff format --check src tests notebooks bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest


format: $(STAMP) ## format code and notebooks with ruff
	$(BIN)/ruff format src tests notebooks
	$(BIN)/ruff check --fix src tests notebooks

lab: $(STAMP) ## open the notebooks in JupyterLab with the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## time build, no-op, one-notebook rebuild, validate and audit on a temporary copy (bench/results.json)
	$(PY) bench/run.py $(BENCH_ARGS)

# One lock for every supported Python: resolved on the oldest, 3.11, then installed with those
# pins on each newer one. A pin that some versions do not install gets a python_version marker.
define lock-on
	$(or $(call find_python,$(1)),$(error make lock: no Python $(1) found (python$(1) or pyenv))) -m venv .lock-venv/$(1)
	.lock-venv/$(1)/bin/pip install --quiet -c .lock-venv/3.11.txt -e '.[dev]'
	.lock-venv/$(1)/bin/pip freeze --exclude-editable | grep -v '^-e' > .lock-venv/$(1).txt
endef

lock: ## re-resolve requirements.lock on Python 3.11 and check it on 3.12 and 3.13 (needs network and all three)
	$(if $(filter 3.11,$(PYTHON_VERSION)),,$(error make lock resolves on Python 3.11, the oldest supported, but PYTHON=$(PYTHON) $(if $(PYTHON_VERSION),is Python $(PYTHON_VERSION),does not run)))
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv/3.11
	.lock-venv/3.11/bin/pip install --quiet -e '.[dev]'
	.lock-venv/3.11/bin/pip freeze --exclude-editable | grep -v '^-e' > .lock-venv/3.11.txt
	$(call lock-on,3.12)
	$(call lock-on,3.13)
	{ echo '# Written by `make lock`: pins for Python $(PYTHONS), used as pip constraints (-c).'; \
	  awk -v n=$(words $(PYTHONS)) 'FNR == 1 { v = FILENAME; sub(/.*\//, "", v); sub(/\.txt$$/, "", v) } \
	    !($$0 in on) { order[++k] = $$0 } \
	    { on[$$0] = on[$$0] (on[$$0] == "" ? "" : " or ") "python_version == \"" v "\""; count[$$0]++ } \
	    END { for (i = 1; i <= k; i++) print (count[order[i]] == n ? order[i] : order[i] " ; " on[order[i]]) }' \
	    $(foreach v,$(PYTHONS),.lock-venv/$(v).txt); } > requirements.lock
	rm -rf .lock-venv

clean: ## remove build scratch (not the committed report)
	rm -rf build .pytest_cache .ruff_cache
