# Steward's two everyday commands: `make run` and `make test` (both set up first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The database `make run` opens; created with the demo organisation on first run.
DEMO_DB ?= demo.db

.PHONY: setup run lint test soak kill stateful bench screenshots clean

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

# The long form of the GUI robustness walk: SOAK_SEEDS walks of SOAK_STEPS user actions each (see README).
SOAK_SEEDS ?= 1 2 3 4 5
SOAK_STEPS ?= 2000
soak: setup
	@for seed in $(SOAK_SEEDS); do \
		echo "random walk, seed $$seed, $(SOAK_STEPS) steps"; \
		rm -f /tmp/steward-soak.db /tmp/steward-soak.ini; \
		$(BIN)/steward --db /tmp/steward-soak.db demo > /dev/null || exit 1; \
		$(BIN)/python -m tests.views.scenarios.random_walk /tmp/steward-soak.db /tmp/steward-soak.ini \
			--seed $$seed --steps $(SOAK_STEPS) || exit 1; \
		$(BIN)/steward --db /tmp/steward-soak.db check || exit 1; \
	done

# The long form of the crash-atomicity proof: KILLS real writes SIGKILLed at random moments (see README).
KILLS ?= 1000
kill: setup
	$(BIN)/python -m tests.app.crash_harness --kills $(KILLS)

# The long form of the stateful property test: EXAMPLES random sequences of writes, undos, imports, backups (see README).
EXAMPLES ?= 1000
stateful: setup
	STEWARD_STATEFUL_EXAMPLES=$(EXAMPLES) $(BIN)/python -m pytest -q -o faulthandler_timeout=0 tests/app/test_stateful.py

bench: setup
	$(BIN)/python -m bench

screenshots: setup
	$(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) build *.egg-info
