# Every target installs what it needs first, so each works from a fresh clone with Python 3 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint typecheck generate check-generated demo bench bench-quick record-cassettes clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its dev extras

test: $(STAMP) ## run the test suite (replays cassettes, no network)
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff on hand-written code, and validate the OpenAPI spec
	$(BIN)/ruff check codegen_client scripts tests cli.py
	$(BIN)/ruff format --check codegen_client scripts tests cli.py
	$(BIN)/openapi-spec-validator openapi/codegen-api.yaml

typecheck: $(STAMP) ## mypy --strict on the hand-written package
	$(BIN)/mypy --strict codegen_client

generate: $(STAMP) ## regenerate generated/ from openapi/
	$(BIN)/python scripts/generate.py

check-generated: $(STAMP) ## fail if generated/ differs from a fresh generation
	$(BIN)/python scripts/generate.py --check

demo: $(STAMP) ## the README's usage example, against the offline API unless CODEGEN_API_KEY is set
	$(BIN)/python scripts/demo.py

bench: $(STAMP) ## the full benchmark table
	$(BIN)/python -m benchmarks

bench-quick: $(STAMP) ## a short run of the benchmarks
	$(BIN)/python -m benchmarks --quick

record-cassettes: $(STAMP) ## re-record the cassettes (offline API by default; --live needs CODEGEN_API_KEY)
	$(BIN)/python -m pytest -q tests/cassettes_test --record-mode=rewrite

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
