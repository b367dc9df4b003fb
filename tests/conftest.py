"""Shared fixtures: the real plan, built once per test session."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

# data/plan.ttl is built without a time: a SOURCE_DATE_EPOCH of the caller's shell would add
# one to every build in the tests (tests/test_provenance.py sets it where it means to)
os.environ.pop("SOURCE_DATE_EPOCH", None)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCE = next((ROOT / "data" / "source").glob("*.txt"))
TEST_GLOSSARY = DATA / "glossary.toml"


def missing_tool(reason: str, marker: str, install: str):
    """A tool the tests need is missing: FAIL, however the tests are run (with or without
    CI set, as root or not). `make test` installs the tools it can; to leave these tests
    out on purpose, deselect them by name: ``pytest -m "not <marker>"``."""
    pytest.fail(f"{reason}: install it ({install}) or deselect these tests with "
                f"-m 'not {marker}'", pytrace=False)


@pytest.fixture
def listener():
    """A local listener that must see no connection: where a federated query or an update
    sent to an endpoint would go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.setblocking(False)
        yield sock


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


PLAN_ID = "sucheng-digital-economy-2022-2024"


def sample_terms(query, plan_iri: str | None = None, government: str = "sucheng") -> dict:
    """A value for each parameter of a named query, by its declared type."""
    from suchenggraph.engines.interface import XSD, iri, literal
    from suchenggraph.engines.plans import ORG_BASE, PLAN_BASE

    plan_iri = plan_iri or PLAN_BASE + PLAN_ID
    values = {"organisation": iri(f"{ORG_BASE}{government}/commerce-bureau"),
              "task": iri(plan_iri + "/task/2"), "thing": iri(plan_iri + "/task/2"),
              "area": iri(plan_iri + "/area/1"), "indicator": iri(plan_iri + "/indicator/1"),
              "platform": iri(plan_iri + "/platform/3"), "iri": iri(plan_iri),
              "string": literal("商务"), "integer": literal(1),
              "year": literal("2024", datatype=XSD + "gYear")}
    missing = [p for p in query.params if p.type not in values]
    if missing:
        pytest.fail(f"no sample value for {missing} of query {query.name}")
    return {p.name: values[p.type] for p in query.params}
