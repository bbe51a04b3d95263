# Every target installs what it needs first, so each works from a fresh clone with Python 3 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GEN_VENV ?= .venv-generator
GEN_STAMP := $(GEN_VENV)/.installed

.PHONY: install test test-lowest test-pythons docs docs-serve lint typecheck generate check-generated demo bench bench-quick cassettes cassettes-live clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench,cli,server,mcp,redis,aiohttp,docs]"
	touch $(STAMP)

# The generator lives in an environment of its own, so its pins never constrain the client's.
$(GEN_STAMP): openapi/generator-requirements.txt
	test -x $(GEN_VENV)/bin/python || $(PYTHON) -m venv $(GEN_VENV)
	$(GEN_VENV)/bin/python -m pip install --quiet -r openapi/generator-requirements.txt
	touch $(GEN_STAMP)

install: $(STAMP) ## create .venv and install the package with every extra

test: $(STAMP) ## run the test suite (replays cassettes, no network)
	$(BIN)/python -m pytest -q

# The extras the test suite needs (docs only builds the site).
TEST_EXTRAS := dev,bench,cli,server,mcp,redis,aiohttp
# Every Python 3.10 to 3.13 this machine has: pyenv's builds first, else python3.X on PATH.
PYTHONS = $(shell for v in 3.10 3.11 3.12 3.13; do \
	p=$$(ls -d "$$(pyenv root 2>/dev/null)"/versions/$$v.*/bin/python$$v 2>/dev/null | sort -V | tail -n 1); \
	[ -n "$$p" ] || p=$$(command -v python$$v 2>/dev/null); \
	[ -n "$$p" ] && "$$p" -c pass 2>/dev/null && echo "$$p"; done)

test-lowest: $(STAMP) ## the suite against the lowest versions pyproject.toml allows, on the oldest Python
	@test -n "$(PYTHONS)" || { echo "no Python 3.10-3.13 found"; exit 1; }
	rm -rf .venv-lowest
	$(BIN)/uv venv --quiet --python $(firstword $(PYTHONS)) .venv-lowest
	$(BIN)/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e ".[$(TEST_EXTRAS)]"
	$(BIN)/uv pip list --python .venv-lowest/bin/python | grep -iE '^(httpx|attrs|python-dateutil|typer|rich|uvicorn|mcp|redis|httpx-aiohttp) '
	.venv-lowest/bin/python -m pytest -q -p no:cacheprovider

test-pythons: $(STAMP) ## the suite on every Python 3.10 to 3.13 found (pyenv or PATH)
	@test -n "$(PYTHONS)" || { echo "no Python 3.10-3.13 found"; exit 1; }
	set -e; for py in $(PYTHONS); do \
		venv=.venv-$$(basename $$py); rm -rf $$venv; \
		$(BIN)/uv venv --quiet --python $$py $$venv; \
		$(BIN)/uv pip install --quiet --python $$venv/bin/python -e ".[$(TEST_EXTRAS)]"; \
		echo "== $$($$venv/bin/python --version)"; \
		$$venv/bin/python -m pytest -q -p no:cacheprovider; \
	done

docs: $(STAMP) ## build the documentation site into site/ (any warning fails it; not with --quiet, which hides them)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(STAMP) ## serve the documentation on http://127.0.0.1:8000 while editing
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

lint: $(STAMP) ## ruff on hand-written code, and validate the OpenAPI spec
	$(BIN)/ruff check codegen_client scripts tests benchmarks cli.py
	$(BIN)/ruff format --check codegen_client scripts tests benchmarks cli.py
	$(BIN)/openapi-spec-validator openapi/codegen-api.yaml

typecheck: $(STAMP) ## mypy --strict on the hand-written package
	$(BIN)/mypy --strict codegen_client benchmarks scripts

generate: $(STAMP) $(GEN_STAMP) ## regenerate generated/ from openapi/, and codegen_client/_sync from _async
	$(BIN)/python scripts/generate.py --generator-bin $(GEN_VENV)/bin
	$(BIN)/python scripts/unasync.py

check-generated: $(STAMP) $(GEN_STAMP) ## fail if generated/ or codegen_client/_sync differs from a fresh generation
	$(BIN)/python scripts/generate.py --check --generator-bin $(GEN_VENV)/bin
	$(BIN)/python scripts/unasync.py --check

demo: $(STAMP) ## the README's usage example, against the offline API unless CODEGEN_API_KEY is set
	$(BIN)/python scripts/demo.py

bench: $(STAMP) ## the full benchmark table
	$(BIN)/python -m benchmarks

bench-quick: $(STAMP) ## a short run of the benchmarks
	$(BIN)/python -m benchmarks --quick

cassettes: $(STAMP) ## re-record every cassette from a loopback offline API
	CODEGEN_RECORD=fake $(BIN)/python -m pytest -q tests/replay/test_operations.py --record-mode=rewrite

cassettes-live: $(STAMP) ## re-record from the real API (needs CODEGEN_API_KEY and CODEGEN_ORG_ID)
	CODEGEN_RECORD=live $(BIN)/python -m pytest -q tests/replay/test_operations.py --record-mode=rewrite

clean:
	rm -rf $(VENV) $(GEN_VENV) .venv-lowest .venv-python3.* site .pytest_cache .mypy_cache .ruff_cache dist build
