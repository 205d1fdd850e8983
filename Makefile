# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test lint pytest bench-triage bench faults messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## run: migrate, create the demo clinic and login, serve on http://127.0.0.1:8000 (SQLite)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --cases 40
	$(PY) manage.py runserver 127.0.0.1:8000

## test: lint, type-check, migrations check, then the whole pytest suite (browser tests included)
test: $(VENV)/.installed lint pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

pytest: $(VENV)/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## bench-triage: cases per second of the rules engine against building the cases
bench-triage: $(VENV)/.installed
	$(PY) bench/triage_bench.py

## faults: fault injection against gunicorn + PostgreSQL (restarts the local cluster)
faults: $(VENV)/.installed
	$(PY) ops/faults.py

## bench: 100,000 cases on PostgreSQL, gunicorn + wrk against a /healthz baseline, Lighthouse
bench: $(VENV)/.installed
	$(PY) bench/run_bench.py

## messages: refresh and compile the Spanish translation
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale es --no-obsolete --add-location file
	$(PY) manage.py compilemessages --locale es --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
