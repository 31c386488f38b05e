# Torget: the two commands from the README, and a few more.
#   make serve   build the sample forum and serve it on http://127.0.0.1:8000/
#                (another port: make serve PORT=8001)
#   make test    run the whole test suite
#   make catalogs  extract the interface strings and update the .po catalogs
#   make cms     serve the sample forum with the editor at /admin/ (decap-server)
#                (another port: make cms PORT=8001)
# Each creates .venv and installs what it needs on first use.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

CMS_MODULES := tools/cms/node_modules/.package-lock.json

.PHONY: serve test build check bench screenshots clean cms catalogs

# An editable install maps the packages it found; a new one (a folder in
# plugins/ or scripts/ with an __init__.py) is installed again.
$(STAMP): pyproject.toml $(wildcard plugins/*/__init__.py scripts/*/__init__.py)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Torget needs Python 3.11 or newer"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# TORGET_PORT_HINT: a busy port's message then says "try make serve PORT=8001".
serve: $(STAMP)
	TORGET_PORT_HINT='make serve PORT={port}' $(BIN)/torget serve --port $(PORT)

# decap-server, the editor's local backend, at the version the lock file pins
$(CMS_MODULES): tools/cms/package.json tools/cms/package-lock.json
	npm ci --prefix tools/cms --no-audit --no-fund --loglevel=error

cms: $(STAMP) $(CMS_MODULES)
	TORGET_PORT_HINT='make cms PORT={port}' $(BIN)/torget serve --cms --port $(PORT)

# the validators the tests run (tests/test_validators.py), likewise pinned
VALIDATOR_MODULES := tools/validators/node_modules/.package-lock.json
$(VALIDATOR_MODULES): tools/validators/package.json tools/validators/package-lock.json
	npm ci --prefix tools/validators --no-audit --no-fund --loglevel=error

test: $(STAMP)
	@[ -f $(VALIDATOR_MODULES) ] || ! command -v npm >/dev/null || $(MAKE) --no-print-directory $(VALIDATOR_MODULES)
	$(BIN)/pytest

build: $(STAMP)
	$(BIN)/torget build

check: $(STAMP)
	$(BIN)/torget check --strict

screenshots: $(STAMP)
	$(BIN)/torget build --output .screenshots-site --date 2026-11-20
	$(BIN)/python scripts/screenshots.py .screenshots-site docs/screenshots
	rm -rf .screenshots-site ..screenshots-site.*

clean:
	rm -rf output .cache .pytest_cache

# Extract the interface strings (babel.cfg) and update every catalog:
# new msgids arrive untranslated, removed ones are dropped (docs/translating.md).
POT := .cache/torget.pot
catalogs: $(STAMP)
	@mkdir -p .cache
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-location --sort-output --no-wrap -o $(POT) .
	$(BIN)/pybabel --quiet update -i $(POT) -d plugins/torget/locale -D torget --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
