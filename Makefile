# opgave — the two commands are `make run` and `make test`; everything else is a building block.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: run dev api-lint image test lint typecheck contracts migrations-check schema schema-check docs docs-check browser screenshots fuzz bench tck clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(NODE_STAMP)

## Serve the demo on the embedded SQLite database: the production server plus a task worker
## (`opgave serve --with-worker`; Ctrl+C stops both). Auto-reload while developing: `make dev`.
run: install
	OPGAVE_DEMO=true $(VENV)/bin/opgave migrate
	OPGAVE_DEMO=true $(VENV)/bin/opgave demo load
	OPGAVE_DEMO=true $(VENV)/bin/opgave serve --host $(HOST) --port $(PORT) --with-worker

## Django's development server with auto-reload (no worker; run `opgave worker` beside it if needed).
dev: install
	OPGAVE_DEMO=true $(VENV)/bin/opgave migrate
	OPGAVE_DEMO=true $(VENV)/bin/opgave dev --host $(HOST) --port $(PORT)

## Install what the browser tests need: Debian's Chromium (never a downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Chromium ontbreekt: installeren via apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "Chromium (/usr/bin/chromium) ontbreekt; installeer het pakket 'chromium' als root." >&2; exit 1; \
	  fi; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

migrations-check: $(STAMP)
	$(VENV)/bin/opgave manage makemigrations --check --dry-run

## The Dutch API Design Rules linter (Logius' Spectral ruleset) on the committed openapi.json.
api-lint: install
	node_modules/.bin/spectral lint --ruleset tests/api/design_rules/opgave.spectral.yml --fail-severity error openapi.json

## The container image (Containerfile) with podman; see docs/deploy.md.
image:
	@command -v podman >/dev/null || { echo "podman ontbreekt: installeer het (Debian: apt-get install podman)." >&2; exit 1; }
	podman build -t opgave:latest -f Containerfile .

## Regenerate the committed OpenAPI document.
schema: $(STAMP)
	$(VENV)/bin/opgave openapi --output openapi.json

schema-check: $(STAMP)
	$(VENV)/bin/opgave openapi --check openapi.json

## Regenerate the settings and CLI references from their declarations.
docs: $(STAMP)
	$(VENV)/bin/opgave reference

docs-check: $(STAMP)
	$(VENV)/bin/opgave reference --check

## The README's screenshots (docs/screenshots/*.png).
screenshots: install browser
	$(VENV)/bin/pytest tests/browser/screenshots.py -p no:cacheprovider -p no:xdist -q

## The whole check: lint, types, import contracts, migrations, OpenAPI freshness, tests.
test: install browser lint typecheck contracts migrations-check schema-check docs-check
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup

## Long fuzz run: schemathesis with at least 1,000 examples per operation.
fuzz: install
	FUZZ_PROFILE=long $(VENV)/bin/pytest tests/api/test_fuzz.py -p no:xdist -q

## Benchmarks (see benchmarks/README.md).
bench: install
	$(PY) benchmarks/dmn/run.py

## The DMN TCK with a per-case report.
tck: $(STAMP)
	$(VENV)/bin/opgave dmn tck ../shared/dmn-tck/TestCases --csv var/tck-results.csv

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache .mypy_cache .ruff_cache
