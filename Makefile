# Two entry points, both working from a fresh clone:
#   make demo   set up .venv, build + validate the graph, answer the example question, write the HTML graph
#   make test   set up .venv (test, notebook, browser and server extras; Chromium and Virtuoso
#               from Debian when missing), run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
SG      = $(VENV)/bin/suchenggraph
OUT    ?= out
# a second virtualenv with the lowest version of each dependency pyproject.toml allows
LOWEST ?= .venv-lowest
# the tests that touch those dependencies (click, rdflib, pyoxigraph, pyshacl, opencc,
# networkx, pyvis, oxigraph, IPython, pandas)
LOWEST_TESTS = tests/test_cli_errors.py tests/test_queries.py tests/test_validate.py \
               tests/test_resolve.py tests/test_exports.py tests/test_viz.py \
               tests/test_server.py tests/test_magic.py

.PHONY: demo test test-lowest setup lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,notebook,browser,server]'
	touch $@

setup: $(VENV)/.installed

$(LOWEST)/.installed: pyproject.toml lower-bounds.txt
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python -m pip install --quiet -c lower-bounds.txt -e '.[notebook,server]' pytest
	touch $@

# the tests that touch a dependency, run on its lowest allowed version (lower-bounds.txt)
test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest -p no:cacheprovider --deselect \
	    tests/test_viz.py::test_wheel_ships_the_page_assets $(LOWEST_TESTS)

demo: setup
	$(SG) build
	$(SG) validate
	$(SG) leads "Bureau of Commerce"
	mkdir -p $(OUT)
	$(SG) graph -o $(OUT)/plan.html
	@echo "Open $(OUT)/plan.html in a browser to explore the graph (it works offline)."
	@echo "To run the README's examples, activate the environment first: . $(VENV)/bin/activate"

test: setup
	bash scripts/ensure-chromium
	bash scripts/ensure-virtuoso
	$(PY) -m ruff check suchenggraph tests bench scripts
	$(PY) -m pytest -n 2
	$(MAKE) test-lowest

lint: setup
	$(PY) -m ruff check suchenggraph tests bench scripts

clean:
	rm -rf $(VENV) $(LOWEST) $(OUT) .pytest_cache
