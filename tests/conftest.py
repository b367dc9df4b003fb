"""Shared fixtures: the real plan, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCE = next((ROOT / "data" / "source").glob("*.txt"))
TEST_GLOSSARY = DATA / "glossary.toml"


@pytest.fixture(scope="session")
def real_build():
    """The real plan built from data/source with data/glossary.toml."""
    from suchenggraph.build import build_plan

    return build_plan(SOURCE)


@pytest.fixture(scope="session")
def real_graph(real_build):
    return real_build.graph


@pytest.fixture(scope="session")
def plan_ttl_graph():
    """The committed data/plan.ttl, parsed."""
    from suchenggraph.graphio import load_graph

    return load_graph(ROOT / "data" / "plan.ttl")
