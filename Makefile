# ThiĐua: `make run` serves the demo province, `make test` runs every check. Both set everything up first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1
# A development server: debug pages, no HTTPS. Production reads its settings from the environment (.env.example).
RUN_ENV := DEBUG=1 HTTPS=0
PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua_ci

.PHONY: setup system run demo test lint typecheck test-sqlite test-postgres test-browser bench clean

setup: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system:
	scripts/install-system-packages

run: setup
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/thidua demo
	@# The background worker (reports, imports) runs beside the web server and stops with it.
	$(RUN_ENV) $(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

demo: setup
	$(RUN_ENV) $(BIN)/thidua demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	DEBUG=1 $(BIN)/mypy thidua config

test-sqlite: setup
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/pytest -q -m "not browser"

test-postgres: setup
	DEBUG=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not browser"

test-browser: setup system
	DEBUG=1 $(BIN)/pytest -q -m browser tests/browser

test: setup system lint typecheck test-sqlite test-postgres test-browser

bench: setup
	for b in bench/*/run.py; do DEBUG=1 $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
