# Steward's two everyday commands: `make run` and `make test` (both set up first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The database `make run` opens; created with the demo organisation on first run.
DEMO_DB ?= demo.db

.PHONY: setup run lint test bench screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steward needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Run make with PYTHON=python3.12 (or similar).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" --config-settings editable_mode=compat
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	@$(BIN)/python -m views.qt_platform
	@test -s "$(DEMO_DB)" || $(BIN)/steward --db "$(DEMO_DB)" demo
	$(BIN)/steward --db "$(DEMO_DB)"

# The rules checked by tools: ruff (lint and format) and mypy, configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench

screenshots: setup
	$(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) build *.egg-info
