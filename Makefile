# The README's commands. The virtual environment lives in .venv/ (git-ignored).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help venv run serve test test-fast lint format clean bench load

help:
	@echo "make run    - set up and run the site with demo content on http://$(HOST):$(PORT)/"
	@echo "make serve  - production-like: migrate, collect static files, gunicorn on $(HOST):$(PORT) (DEBUG off)"
	@echo "make test   - set up and run the test suite"
	@echo "make test-fast - the everyday loop: the suite without the browser tests"
	@echo "make lint   - ruff lint and format check"
	@echo "make bench  - benchmark database on PostgreSQL, page timings, BENCHMARKS.md"
	@echo "make load   - 60 s at 64 connections against gunicorn; errors, latency, memory"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_content
	DEBUG=1 $(PY) manage.py ensure_staff_account
	@echo "Open http://$(HOST):$(PORT)/ (staff: http://$(HOST):$(PORT)/admin/)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: DEBUG is always off here. Needs SECRET_KEY and ALLOWED_HOSTS
# (checked first, before anything is changed); see README "Deploying".
serve: venv
	@DEBUG=0 $(PY) -m clinic.preflight
	DEBUG=0 DATABASE_STATEMENT_TIMEOUT_MS=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	exec env DEBUG=0 $(VENV)/bin/gunicorn --config python:clinic.gunicorn_conf --bind $(HOST):$(PORT) --workers $(WORKERS)

# The suite sets its own environment (tests/environment.py): whatever the shell
# exports, only DATABASE_URL is used.
test: venv
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-test-only-insecure-key} $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Everyday loop: everything but the real-browser tests (tests/browser/).
# `make test` and CI still run them.
test-fast: venv
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks need PostgreSQL and Redis: BENCH_DATABASE_URL (default: the
# DATABASE_URL server, database clinic_bench) and BENCH_CACHE_URL (default
# redis://127.0.0.1:6379/0). wrk is used when installed (apt-get install wrk).
bench: venv
	$(PY) bench/run.py

load: venv
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
