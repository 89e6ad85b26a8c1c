# Two commands: `make run` (the demo shop on http://127.0.0.1:$(PORT)) and `make test` (the whole suite).
# `make bench` measures throughput; the other targets are steps of these three.
PORT ?= 8000
PYTHON ?= python3
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test bench lint install migrate demo

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# load_demo is idempotent: a second `make run` changes nothing and duplicates nothing.
demo: migrate
	$(PY) manage.py load_demo

# Starts localstripe (when no STRIPE_SECRET_KEY is set), the task worker and the web server;
# Ctrl-C stops all of them.
run: demo
	$(PY) -m config.devserver --port $(PORT)

# Two passes: the rolled-back tests in parallel, then the ones that commit for real (browser
# journeys, races, localstripe; marked `transactional` by tests/conftest.py) one at a time, since
# they empty the database when they end. Tests needing a part this machine lacks (Chromium,
# PostgreSQL, Redis) are skipped with the reason shown; with CI=true those skips fail the run.
# PYTEST_ARGS passes anything else to both passes, e.g. PYTEST_ARGS="-x".
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not transactional" -p no:cacheprovider -rfEs $(PYTEST_ARGS)
	$(BIN)/pytest -m transactional -p no:cacheprovider -rfEs $(PYTEST_ARGS)

# ruff (lint and format) and, once they are declared, the import contracts between the apps.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if grep -q 'tool.importlinter' pyproject.toml; then $(BIN)/lint-imports; fi

bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)
