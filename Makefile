# Kring: `make run` sets everything up and serves the demo; `make test` sets up and tests.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
FLASK   = $(BIN)/flask --app wsgi
PYTEST_ARGS ?=
# The demo's agency, on its public vacancy pages (set your own in the environment).
KRING_AGENCY_NAME ?= Brugwerk Recruitment
VENDOR  = static/vendor/htmx.min.js static/vendor/socket.io.min.js static/vendor/chart.umd.min.js
CATALOG = intranet/translations/nl/LC_MESSAGES/messages

.PHONY: run run-scaled setup setup-dev assets translations test fuzz bench lint messages clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@echo "Kring is at http://$(HOST):$(PORT)  (stop with Ctrl-C)"
	HOST=$(HOST) PORT=$(PORT) KRING_AGENCY_NAME="$(KRING_AGENCY_NAME)" $(BIN)/python wsgi.py

# Two web nodes, a job consumer and nginx on HOST:PORT, as on separate machines, against
# DATABASE_URL and REDIS_URL (default: the local PostgreSQL database `kring` and Redis).
run-scaled: setup
	HOST=$(HOST) PORT=$(PORT) KRING_AGENCY_NAME="$(KRING_AGENCY_NAME)" $(BIN)/python deploy/scaled.py

setup: $(VENV)/.runtime assets translations

setup-dev: setup $(VENV)/.dev

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: $(VENDOR)

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

static/vendor/socket.io.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js $@

static/vendor/chart.umd.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/chart.js/dist/chart.umd.min.js $@

translations: $(CATALOG).mo

$(CATALOG).mo: $(CATALOG).po $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -d intranet/translations -D messages

# Re-extract the strings to translate and merge them into the Dutch catalogue.
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o intranet/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i intranet/translations/messages.pot -d intranet/translations -l nl --no-fuzzy-matching --ignore-obsolete

test: setup-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Schemathesis against the demo agency's API for FUZZ_SECONDS (fails on a 5xx or an answer
# the OpenAPI document doesn't describe).
FUZZ_SECONDS ?= 120
fuzz: setup-dev
	$(BIN)/python tests/schemathesis_run.py $(FUZZ_SECONDS)

bench: setup-dev
	$(BIN)/python -m bench

lint: setup-dev
	$(BIN)/ruff check intranet tests bench wsgi.py deploy gunicorn.conf.py
	$(BIN)/ruff format --check intranet tests bench wsgi.py deploy gunicorn.conf.py

clean:
	rm -rf $(VENV) node_modules static/vendor intranet/translations/*/LC_MESSAGES/*.mo
