# Two commands: `make run` (the demo shop on http://127.0.0.1:$(PORT)) and `make test` (the whole suite).
# `make bench` measures throughput; the other targets are steps of these three.
PORT ?= 8000
PYTHON ?= python3
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The interface's translations: each language's .po is checked in, its .mo is built from it here.
CATALOGUES := $(wildcard config/locale/*/LC_MESSAGES/django.po)
COMPILED_CATALOGUES := $(CATALOGUES:.po=.mo)

.PHONY: run test bench lint install migrate demo messages translations

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Each .mo is compiled from its .po with Babel whenever the .po is newer (run, test and demo need them);
# a catalogue with errors (a placeholder missing from a translation) stops the build and leaves no .mo.
$(COMPILED_CATALOGUES): %.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@.tmp && mv $@.tmp $@

translations: $(COMPILED_CATALOGUES)

# Gathers every translatable string of the code and templates into the French catalogue, keeping the
# translations already made; run it after adding or changing interface text, then translate the new entries.
messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete --add-location file -i ".venv/*" -i "tests/*" -i "bench/*" -i "static_collected/*" -i "node_modules/*" -i "var/*" -i "media/*"

migrate: install
	$(PY) manage.py migrate --noinput

# load_demo is idempotent: a second `make run` changes nothing and duplicates nothing.
demo: migrate translations
	$(PY) manage.py load_demo

# Starts localstripe (when no STRIPE_SECRET_KEY is set), the task worker and the web server;
# Ctrl-C stops all of them.
run: demo translations
	$(PY) -m config.devserver --port $(PORT)

# Two passes: the rolled-back tests in parallel, then the ones that commit for real (browser
# journeys, races, localstripe; marked `transactional` by tests/conftest.py) one at a time, since
# they empty the database when they end. Tests needing a part this machine lacks (Chromium,
# PostgreSQL, Redis) are skipped with the reason shown; with CI=true those skips fail the run.
# PYTEST_ARGS passes anything else to both passes, e.g. PYTEST_ARGS="-x".
test: install translations
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not transactional" -p no:cacheprovider -rfEs $(PYTEST_ARGS)
	$(BIN)/pytest -m transactional -p no:cacheprovider -rfEs $(PYTEST_ARGS)

# ruff (lint and format) and, once they are declared, the import contracts between the apps.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if grep -q 'tool.importlinter' pyproject.toml; then $(BIN)/lint-imports; fi

bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)
