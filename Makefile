# Two commands: `make run` (the demo shop on http://127.0.0.1:$(PORT)) and `make test` (the whole suite).
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test bench install migrate demo

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) -m config.devserver --port $(PORT)

test: install
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(PY) bench/run_all.py
