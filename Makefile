# Quick start: `make run` (assess a system), `make test` (lint and the whole test suite),
# `make test-fast` (the tests that need no PDF render and no terminal: about a minute).
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

# The fast tier: everything but WeasyPrint renders (`render`), pseudo-terminal sessions (`e2e`)
# and the full example x language PDF matrix (`slow`); under 2 minutes on 2 cores. With
# tests/fast_tier on PYTHONPATH a render or a pexpect session fails there, in the test
# process and in every `python -m riskkit` it starts: a missing marker is found, not hidden.
# Property tests try a tenth of their random cases there (tests/helpers.py `examples`).
FAST := not render and not e2e and not slow and not fuzz_long

.PHONY: run test test-fast lint system-run system-test clean

run: system-run $(STAMP)
	@# 130: stopped with Ctrl-C, every answer saved and the resume command printed.
	$(BIN)/riskkit assess $(ARGS) || [ $$? -eq 130 ]

# Every test (all tiers), after the linters: CI (.ci/run) runs this.
test: lint system-test $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: system-test $(STAMP)
	RISKKIT_TEST_TIER=fast PYTHONPATH=tests/fast_tier \
		$(BIN)/python -m pytest -m "$(FAST)" $(PYTEST_ARGS)

# ruff (rules in pyproject.toml) and mypy (strictness per package in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

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
	rm -rf $(VENV) build dist .pytest_cache .hypothesis .mypy_cache .ruff_cache
