# Jakpreneur Fest site. `make help` lists the targets.
# The first two commands a newcomer needs: `make serve` and `make test`.

PYTHON_BOOT ?= python3
VENV        ?= .venv
PY          := $(VENV)/bin/python
PELICAN     := $(VENV)/bin/pelican
OUTPUT      ?= output
HOST        ?= 127.0.0.1
PORT        ?= 8000
INSTALLED   := $(VENV)/.installed
TEST_TOOLS  := node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help html serve devserver check test lint publish clean system-deps i18n-extract i18n-report \
        new-exhibitor import-exhibitors deploy rollback bench

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==24.3.1
	$(PY) -m pip install --quiet -c requirements.lock '.[test]'
	@touch $@

html: $(INSTALLED) ## Build the site into output/ (all or nothing; skipped when nothing changed)
	$(PY) scripts/build.py -s pelicanconf.py -o $(OUTPUT) --fatal errors $(ARGS)

serve: html ## Set up, build the shipped site and serve it on http://127.0.0.1:8000
	@echo "Serving $(OUTPUT)/ on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PELICAN) --listen -s pelicanconf.py -o $(OUTPUT) -b $(HOST) -p $(PORT)

devserver: $(INSTALLED) ## Serve on http://127.0.0.1:8000, rebuilding on every change to data/, content/, theme/
	$(PY) scripts/devserver.py --host $(HOST) --port $(PORT) --output $(OUTPUT)

check: $(INSTALLED) ## Validate data/ and content/ and report every problem; writes nothing
	$(PY) scripts/check.py

new-exhibitor: $(INSTALLED) ## Start data/exhibitors/<slug>.yaml: NAME="Kopi Senja" [CATEGORY=kuliner KECAMATAN=tebet]
	$(PY) scripts/new_exhibitor.py "$(NAME)" $(if $(CATEGORY),--category "$(CATEGORY)") $(if $(KECAMATAN),--kecamatan "$(KECAMATAN)")

import-exhibitors: $(INSTALLED) ## Import exhibitors from a spreadsheet saved as CSV: CSV=file.csv [ARGS="--update --dry-run"]
	$(PY) scripts/import_exhibitors.py "$(CSV)" $(ARGS)

publish: $(INSTALLED) ## Production build (publishconf.py): warnings are errors; fingerprinted, minified, with a manifest
	$(PY) scripts/build.py -s publishconf.py -o $(OUTPUT) --fatal warnings $(ARGS)

deploy: $(INSTALLED) ## Upload what changed in the publish build to object storage (docs/OPERATORS.md) [ARGS="--dry-run"]
	$(PY) scripts/deploy.py deploy $(ARGS)

rollback: $(INSTALLED) ## Put the previous deploy back in the bucket [ARGS="--dry-run"]
	$(PY) scripts/deploy.py rollback $(ARGS)

system-deps: ## Install the tests' browser and validator runtime (apt, npm) if missing
	scripts/ensure-system-deps.sh

$(TEST_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(INSTALLED) system-deps $(TEST_TOOLS) ## Set up everything and run the whole test suite
	$(PY) -m pytest

lint: $(INSTALLED) ## Lint and check formatting with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(INSTALLED) ## Time clean, publish, no-change and one-change builds of N exhibitors: N=10000 [ARGS="--profile"]
	$(PY) bench/build_bench.py $(or $(N),1000) $(ARGS)

i18n-report: $(INSTALLED) ## List the records and articles that still lack an English version
	$(PY) scripts/i18n_report.py

i18n-extract: $(INSTALLED) ## Refresh the message catalogs from the templates
	$(PY) scripts/i18n_catalogs.py update

clean: ## Remove build products (keeps the virtualenv)
	rm -rf $(OUTPUT) .$(OUTPUT).staging .$(OUTPUT).staging.trash-* .$(OUTPUT).published .$(OUTPUT).listing .$(OUTPUT).listing.*.tmp .$(OUTPUT).vouched .pytest_cache
