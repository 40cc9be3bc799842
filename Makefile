# ouvert — the README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The test suite runs on SQLite, then on this PostgreSQL (its user may create databases).
OUVERT_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev demo test lint test-sqlite test-postgres browser pg-client lock bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 est requis"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-main: requirements/main.lock pyproject.toml package-lock.json | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/main.lock
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python scripts/fetch_frontend.py
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed-main
	$(BIN)/pip install -q --require-hashes -r requirements/dev.lock
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python scripts/fetch_frontend.py --dev
	touch $@

install: $(VENV)/.installed-main  ## set up .venv with ouvert and its locked dependencies

install-dev: $(VENV)/.installed-dev

demo: install  ## the demo territory on http://127.0.0.1:8000 (SQLite, local files, DuckDB)
	OUVERT_DATA_DIR=$${OUVERT_DATA_DIR:-$(CURDIR)/var} $(BIN)/ouvert demo --host $(HOST) --port $(PORT)

browser:  ## Debian's chromium for the browser tests (Playwright's own download is not used)
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installation de chromium (paquet Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@/usr/bin/chromium --version

pg-client:  ## pg_dump and pg_restore, for `ouvert backup|restore` on PostgreSQL (Debian package)
	@if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then \
	  echo "Installation du client PostgreSQL (paquet Debian postgresql-client)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-client >/dev/null; \
	fi
	@pg_dump --version

lint: install-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	OUVERT_MODE=test $(BIN)/ouvert makemigrations --check --dry-run

test-sqlite: install-dev browser
	OUVERT_DATABASE_URL= $(BIN)/pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

test-postgres: install-dev browser pg-client
	@$(BIN)/python scripts/check_postgres.py "$(OUVERT_TEST_POSTGRES_URL)"
	OUVERT_DATABASE_URL=$(OUVERT_TEST_POSTGRES_URL) $(BIN)/pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

test: lint test-sqlite test-postgres  ## lint, then the whole suite on SQLite and on PostgreSQL

lock:  ## re-lock the dependencies after editing pyproject.toml (needs uv)
	uv pip compile pyproject.toml --python-version 3.11 --python-platform linux --generate-hashes -q -o requirements/main.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --python-platform linux --generate-hashes -q -o requirements/dev.lock

bench: install-dev  ## benchmarks (outside the test suite); results go to docs/benchmarks.md
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache src/ouvert/web/static/vendor
