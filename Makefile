# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test lint install bench bench-packages system-packages needed-system-packages

# What production runs (requirements.txt), then the test and benchmark tools on top of it
# (requirements-dev.txt); each has its marker, so `make run` never installs the test tools.
$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# Test tools from the npm registry (package.json): axe-core and the Nu Html Checker (vnu.jar).
# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the system's.
node_modules/.installed: package.json package-lock.json | needed-system-packages
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed-dev node_modules/.installed

# The Debian packages the tests need: Chromium for the browser tests (never a browser
# download), a Java runtime for the Nu Html Checker, npm for package.json's test tools,
# Pango, HarfBuzz, Liberation Serif and the Noto serifs of the ASEAN scripts and Japanese
# for the record as PDF (WeasyPrint; production needs these too), Redis for the shared
# cache's tests (tests/test_shared_cache.py), gettext (msgfmt) for the catalogues' tests
# (tests/test_languages.py), and poppler's pdftotext, a second reader of the PDFs' text
# (tests/test_pdf_scripts.py; tests only). A command already on the PATH counts as its package, whoever
# installed it.
CHROMIUM ?= /usr/bin/chromium
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
  fonts-noto-core fonts-noto-cjk
MISSING_SYSTEM_PACKAGES := $(strip \
  $(if $(wildcard $(CHROMIUM)),,chromium) \
  $(if $(shell command -v java 2>/dev/null),,default-jre-headless) \
  $(if $(shell command -v npm 2>/dev/null),,npm) \
  $(if $(shell command -v redis-server 2>/dev/null),,redis-server) \
  $(if $(shell command -v msgfmt 2>/dev/null),,gettext) \
  $(if $(shell command -v pdftotext 2>/dev/null),,poppler-utils) \
  $(foreach package,$(PDF_PACKAGES),$(if $(shell dpkg-query -W -f='$${Status}' $(package) 2>/dev/null | grep 'ok installed'),,$(package))))

## Install the Debian packages the tests need that are missing (as root: sudo make system-packages).
system-packages:
ifeq ($(MISSING_SYSTEM_PACKAGES),)
	@echo "The system packages the tests need are installed."
else
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(MISSING_SYSTEM_PACKAGES)
endif

# Before the tests: install what is missing when we may (root, or sudo without a password);
# otherwise stop before any test and say the one command to run.
needed-system-packages:
ifneq ($(MISSING_SYSTEM_PACKAGES),)
	@if [ "$$(id -u)" = 0 ]; then \
	  $(MAKE) system-packages MISSING_SYSTEM_PACKAGES="$(MISSING_SYSTEM_PACKAGES)"; \
	elif sudo -n true 2>/dev/null; then \
	  sudo $(MAKE) system-packages MISSING_SYSTEM_PACKAGES="$(MISSING_SYSTEM_PACKAGES)"; \
	else \
	  echo "The tests need Debian packages that are missing: $(MISSING_SYSTEM_PACKAGES)." >&2; \
	  echo "Install them with: sudo make system-packages" >&2; \
	  exit 1; \
	fi
endif

## Serve the site for local use on http://127.0.0.1:$(PORT)/ with the seed record loaded.
run: $(BIN)/.installed
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=true $(BIN)/python manage.py load_seed_records
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Serve the site in production: gunicorn with gunicorn.conf.py (PORT, WEB_CONCURRENCY, …),
## after collecting the static files and migrating the database. Needs SECRET_KEY,
## ALLOWED_HOSTS and DATABASE_URL; see docs/operations.md.
serve: $(BIN)/.installed
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/gunicorn --config gunicorn.conf.py

## Run the whole test suite (on $$DATABASE_URL when set, otherwise SQLite), browser tests
## included, after the system packages they need (see system-packages).
# The suite in TEST_PROCESSES processes (pytest-xdist), each test module whole in one of them
# (its module-wide fixtures: servers, a replica, shared data). TEST_PROCESSES=0: in this one.
TEST_PROCESSES ?= 3
test: needed-system-packages install
	$(BIN)/pytest $(if $(filter 0,$(TEST_PROCESSES)),,-n $(TEST_PROCESSES) --dist loadfile)

## The checks CI runs besides the tests.
lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

# The bench drives the servers with wrk (bench/load.py), which only the bench needs: it is
# not among the tests' packages above, and CI does not install it.
BENCH_MISSING_PACKAGES := $(if $(shell command -v wrk 2>/dev/null),,wrk)

## Measure every page at 1,000 and 100,000 resolutions on $$DATABASE_URL's server, in two
## databases of its own (<name>_small, <name>_large), then load-test with gunicorn and wrk;
## writes bench/RESULTS.md. Options: make bench BENCH_ARGS="--help" (--sizes huge: 1,000,000).
bench: $(BIN)/.installed-dev bench-packages
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-packages:
ifneq ($(BENCH_MISSING_PACKAGES),)
	@if [ "$$(id -u)" = 0 ]; then \
	  $(MAKE) system-packages MISSING_SYSTEM_PACKAGES="$(BENCH_MISSING_PACKAGES)"; \
	elif sudo -n true 2>/dev/null; then \
	  sudo $(MAKE) system-packages MISSING_SYSTEM_PACKAGES="$(BENCH_MISSING_PACKAGES)"; \
	else \
	  echo "The bench needs Debian packages that are missing: $(BENCH_MISSING_PACKAGES)." >&2; \
	  echo "Install them with: sudo apt-get install $(BENCH_MISSING_PACKAGES)" >&2; \
	  exit 1; \
	fi
endif
