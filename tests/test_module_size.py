"""Modules a reader can hold (issue 14): no module of the package is over about 500 lines,
and each opens with a docstring that says what it is for (the stages of a split module are
named in its docstring, so a reader can walk from one to the next)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "suchenggraph"
LIMIT = 500

#: The modules split so far, and the stages their docstrings name.
SPLIT = {
    "progress.py": ["progress_rule", "progress_plan", "progress_read", "progress_store"],
    "analyses.py": ["coverage", "conflicts", "graphwalk"],
    "magic.py": ["sparqlframes", "sparqlrun"],
    "extract.py": ["extractread", "extractheader", "extractclassify", "extractinterpret",
                   "extracttasks", "extracttail"],
}

MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "__main__.py" and "_shipped" not in p.parts)


@pytest.mark.parametrize("name", MODULES)
def test_a_module_a_reader_can_hold(name):
    lines = len((PACKAGE / name).read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{name} has {lines} lines: split it along its stages"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_says_what_it_is_for(name):
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{name} has no module docstring"


@pytest.mark.parametrize(("name", "stages"), sorted(SPLIT.items()))
def test_a_split_module_names_its_stages(name, stages):
    doc = ast.get_docstring(ast.parse((PACKAGE / name).read_text(encoding="utf-8")))
    for stage in stages:
        assert f"suchenggraph.{stage}" in doc, f"{name} does not name {stage}"
        assert (PACKAGE / f"{stage}.py").is_file()
