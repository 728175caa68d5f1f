# Quick start: `make run` (assess a system) and `make test` (the whole test suite).
# Both create .venv, install riskkit into it, and check the system packages first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Two workers, each taking whole test files (their module fixtures render PDFs once).
# `make test PYTEST_ARGS="tests/test_cli.py"` runs one file in one process.
# The register tests start a throwaway PostgreSQL server (tests/pgserver.py) from the
# machine's PostgreSQL, which system-test makes sure of.
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test system-run system-test clean

run: system-run $(STAMP)
	@# 130: stopped with Ctrl-C, every answer saved and the resume command printed.
	$(BIN)/riskkit assess $(ARGS) || [ $$? -eq 130 ]

test: system-test $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

system-run:
	@PY=$(PY) scripts/check-system.sh run

system-test:
	@PY=$(PY) scripts/check-system.sh test

$(STAMP):
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
