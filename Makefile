# Two entry points, both working from a fresh clone:
#   make demo   set up .venv, build + validate the graph, answer the example question, write the HTML graph
#   make test   set up .venv (test, notebook, browser and server extras; Chromium and Virtuoso
#               from Debian when missing), run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
SG      = $(VENV)/bin/suchenggraph
OUT    ?= out

.PHONY: demo test setup lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,notebook,browser,server]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(SG) build
	$(SG) validate
	$(SG) leads "Bureau of Commerce"
	mkdir -p $(OUT)
	$(SG) graph -o $(OUT)/plan.html
	@echo "Open $(OUT)/plan.html in a browser to explore the graph (it works offline)."

test: setup
	bash scripts/ensure-chromium
	bash scripts/ensure-virtuoso
	$(PY) -m ruff check suchenggraph tests bench scripts
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check suchenggraph tests bench scripts

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
