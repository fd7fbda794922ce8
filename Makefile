# Two commands set up a fresh machine (see README):
#   make run   - venv, install, SQLite database with demo units, a year of activities and a demo
#                quarter; demo API tokens and demo people printed; serves on 127.0.0.1:8000
#   make test  - installs the test dependencies (and PostgreSQL's server and Chromium if missing), lints,
#                runs the whole suite on SQLite and on a throw-away PostgreSQL server
# Both reuse what is already there.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2  # pytest-xdist processes: each has its own PostgreSQL server and browser

.PHONY: run test lint serve clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/rectify demo --if-empty
	@echo "Demo credentials (one per role; use as Authorization: Bearer <token>):"
	@$(BIN)/rectify credentials demo
	@echo "Workbench (工作台): http://$(HOST):$(PORT)/ - demo people (login, password):"
	@$(BIN)/rectify people demo
	$(BIN)/rectify serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

test: $(VENV)/.installed-test lint
	./scripts/ensure_postgres.sh > /dev/null
	./scripts/ensure_chromium.sh > /dev/null
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.all

clean:
	rm -rf $(VENV) data
