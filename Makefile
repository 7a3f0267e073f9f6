# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# pyenv may hold the interpreter; fall back to python3.12 on PATH.
PYTHON := $(shell pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION))

.PHONY: run test install install-dev chromium lint format check clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: migrate the SQLite database in the project folder, load the demo once, serve on :8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

## Chromium for the browser tests, from Debian's packages, when it is missing and we may install;
## with it HarfBuzz's subsetting library, which WeasyPrint needs to make PDFs quickly.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils gettext libharfbuzz-subset0 >/dev/null; \
		else \
			echo "Chromium ontbreekt: installeer het pakket 'chromium' (browsertests worden overgeslagen)."; \
		fi; \
	fi

## make test: install what the tests need and run the whole suite
test: install-dev chromium
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles praktijkwijs.sqlite3
