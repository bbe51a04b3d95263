# Every target installs what it needs first, so each works from a fresh clone with Python 3 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GEN_VENV ?= .venv-generator
GEN_STAMP := $(GEN_VENV)/.installed

.PHONY: install test lint typecheck generate check-generated demo bench bench-quick cassettes cassettes-live clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench,server]"
	touch $(STAMP)

# The generator lives in an environment of its own, so its pins never constrain the client's.
$(GEN_STAMP): openapi/generator-requirements.txt
	test -x $(GEN_VENV)/bin/python || $(PYTHON) -m venv $(GEN_VENV)
	$(GEN_VENV)/bin/python -m pip install --quiet -r openapi/generator-requirements.txt
	touch $(GEN_STAMP)

install: $(STAMP) ## create .venv and install the package with its dev extras

test: $(STAMP) ## run the test suite (replays cassettes, no network)
	$(BIN)/python -m pytest -q

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
	rm -rf $(VENV) $(GEN_VENV) .pytest_cache .mypy_cache .ruff_cache dist build
