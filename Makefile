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

# Reproducible installs: every dependency pinned with its hashes in requirements.lock (ADR 0009's
# neighbour: see docs/development/dependencies.md); the project itself on top, without resolving.
$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
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

## Install what the browser tests and PDFs need: Debian's Chromium (never a downloaded browser) and Pango.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Chromium ontbreekt: installeren via apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else \
	    echo "Chromium (/usr/bin/chromium) ontbreekt; installeer het pakket 'chromium' als root." >&2; exit 1; \
	  fi; \
	fi
	@# WeasyPrint (PDF of a design version, ADR 0019) needs Pango; Chromium usually brought it along.
	@if ! ldconfig -p | grep -q libpangoft2-1.0; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Pango ontbreekt (voor PDF's): installeren via apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null); \
	  else \
	    echo "Pango ontbreekt; installeer de pakketten libpango-1.0-0 en libpangoft2-1.0-0 als root." >&2; exit 1; \
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

## Re-resolve requirements.lock from pyproject.toml (uv, installed from PyPI into the venv).
lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --generate-hashes \
	  --python-version 3.11 --quiet -o requirements.lock

## Known vulnerabilities in the pinned Python and npm dependencies (needs the network; not part of `make test`).
audit: install
	@$(PY) -m pip install --quiet pip-audit || { echo "Fout: pip-audit kon niet worden geïnstalleerd (geen verbinding met PyPI?)." >&2; exit 1; }
	@$(VENV)/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip --strict --progress-spinner off \
	  || { echo "Fout: pip-audit vond kwetsbaarheden (zie hierboven) of kon zijn kwetsbaarhedendatabase (PyPI/OSV) niet bereiken." >&2; exit 1; }
	@npm audit --omit=dev \
	  || { echo "Fout: npm audit vond kwetsbaarheden (zie hierboven) of kon de npm-registry niet bereiken." >&2; exit 1; }

## The DMN TCK with a per-case report.
tck: $(STAMP)
	$(VENV)/bin/opgave dmn tck ../shared/dmn-tck/TestCases --csv var/tck-results.csv

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache .mypy_cache .ruff_cache
