# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test lint install bench

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

# Test tools from the npm registry (package.json): axe-core and the Nu Html Checker (vnu.jar).
# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the system's.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed node_modules/.installed

## Serve the site for local use on http://127.0.0.1:$(PORT)/ with the seed record loaded.
run: $(BIN)/.installed
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=true $(BIN)/python manage.py load_seed_records
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Serve the site in production: gunicorn with gunicorn.conf.py (PORT, WEB_CONCURRENCY, …),
## after collecting the static files and migrating the database. Needs SECRET_KEY,
## ALLOWED_HOSTS and DATABASE_URL; see "Running in production" in README.md.
serve: $(BIN)/.installed
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/gunicorn --config gunicorn.conf.py

## Run the whole test suite (on $$DATABASE_URL when set, otherwise SQLite), browser tests
## included: they need Debian's chromium and a Java runtime (`.ci/run` installs both).
test: install
	$(BIN)/pytest

## The checks CI runs besides the tests.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

## Measure every page at 1,000 and 100,000 resolutions on $$DATABASE_URL's server, in two
## databases of its own (<name>_small, <name>_large), then load-test with gunicorn and wrk;
## writes bench/RESULTS.md. Options: make bench BENCH_ARGS="--help".
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
