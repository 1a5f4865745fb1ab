# Entry points. `make help` lists them. Everything runs in .venv, created and filled on first use
# from the pinned requirements; Node tools (HTML checker, Lighthouse, workflow linter) go to node_modules.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build check lint format test test-fast bench audit clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-9s %s\n", $$1, $$2}'

serve: $(VENV)/.build ## serve the site at http://127.0.0.1:8000/ and rebuild on every change
	$(BIN)/mkdocs serve --dev-addr $(ADDRESS)

build: $(VENV)/.build ## build the static site into site/ (replaced only if the build succeeds)
	$(BIN)/python -m scripts.build

check: $(VENV)/.build ## validate data/codes.toml and report every problem
	$(BIN)/python -m scripts.generate --check

lint: $(VENV)/.test ## ruff: lint and formatting of the Python code
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-fast: $(VENV)/.test ## the edit loop: data, validator, generator, one build, search rewriting (no browser)
	node --test tests/js/
	$(BIN)/python -m pytest -m "not slow" -q -n auto --dist loadgroup

test: lint $(VENV)/.test node_modules/.installed ## run the whole test suite (lint, data, build, browser, HTML, accessibility)
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || $(BIN)/python -m playwright install chromium
	node --test tests/js/
	$(BIN)/python -m pytest

bench: $(VENV)/.test ## measure build time, page weight and search index size against plain Material
	$(BIN)/python -m tools.bench

audit: $(VENV)/.test node_modules/.installed ## Lighthouse scores for each page type and language
	$(BIN)/python -m tools.audit

clean: ## remove build output and the local environments
	rm -rf site site.* docs/ko docs/en $(VENV) node_modules

$(VENV)/.build: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.build
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
