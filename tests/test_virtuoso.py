"""A second, different engine: OpenLink Virtuoso (Debian's virtuoso-opensource).

The same named queries, the same dataset (loaded with Virtuoso's bulk loader,
``ld_dir`` + ``rdf_loader_run``, through scripts/virtuoso), the same answers as
the embedded Oxigraph store: two engines catch dialect assumptions that one
hides (it caught two: an untyped non-Latin literal inside ``STR()`` and the
cost estimator refusing a query with many OPTIONALs).

Without Virtuoso the tests fail, however they are run (``-m "not virtuoso"`` leaves them
out on purpose): install it with scripts/ensure-virtuoso.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_endpoint import CASES, PLAN_ID, SCOPES, answer, make_dataset, scoped_reference

from suchenggraph.engines import dataset as ds
from suchenggraph.engines.endpoint import EndpointEngine
from suchenggraph.errors import AmbiguousName, QueryError
from suchenggraph.queries import run_named

pytestmark = pytest.mark.virtuoso

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "virtuoso"


def virtuoso_missing() -> str | None:
    missing = [p for p in ("virtuoso-t", "isql-vt") if shutil.which(p) is None]
    return f"{' and '.join(missing)} not found (install: scripts/ensure-virtuoso)" \
        if missing else None


def require_virtuoso() -> None:
    """Fail (never skip) when Virtuoso is missing, however the tests are run."""
    why = virtuoso_missing()
    if why:
        from conftest import missing_tool

        missing_tool(why, "virtuoso", "bash scripts/ensure-virtuoso, as root")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A throwaway Virtuoso on free loopback ports, holding the test dataset."""
    require_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    data = make_dataset(folder)
    instance = folder / "instance"

    def script(*args):
        done = subprocess.run(["bash", str(SCRIPT), *map(str, args)], capture_output=True,
                              text=True, timeout=300)
        if done.returncode != 0:
            pytest.fail(f"scripts/virtuoso {args[0]} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    url = script("start", instance)
    try:
        script("load", instance, data)
        yield url
    finally:
        script("stop", instance)


@pytest.fixture(scope="module")
def embedded(virtuoso, tmp_path_factory):
    return ds.read_dataset(make_dataset(tmp_path_factory.mktemp("reference")))


@pytest.mark.parametrize("scope", SCOPES, ids=["all", "plan", "other-government"])
@pytest.mark.parametrize("name,text,terms", CASES, ids=[c[0] for c in CASES])
def test_every_named_query_answers_the_same_on_virtuoso(virtuoso, embedded, scope, name, text,
                                                        terms):
    terms, reference = scoped_reference(embedded, scope, name, text, terms)
    assert answer(EndpointEngine(virtuoso, scope).select(text, terms)) == reference


def test_names_resolve_on_virtuoso(virtuoso, embedded):
    for scope in (PLAN_ID, PLAN_ID + "-copy-2"):
        here, there = ds.DatasetEngine(embedded, scope), EndpointEngine(virtuoso, scope)
        for q, values in (("leads", {"org": "区商务局"}), ("leads", {"org": "區商務局"}),
                          ("leads", {"org": "commerce"}), ("owner", {"thing": "task 23"}),
                          ("search", {"text": "商务"})):
            expected = answer(run_named(here, q, values))
            assert expected, f"{q} {values} finds nothing: the comparison would prove nothing"
            assert answer(run_named(there, q, values)) == expected
    with pytest.raises(AmbiguousName, match="in government sucheng; .* in government suyu"):
        EndpointEngine(virtuoso).resolve("区商务局", "organisation")


def test_virtuoso_lists_the_plans(virtuoso):
    assert [p.id for p in EndpointEngine(virtuoso).plans()] == [
        PLAN_ID, PLAN_ID + "-copy-1", PLAN_ID + "-copy-2"]


def test_virtuoso_refuses_an_anonymous_update(virtuoso):
    engine = EndpointEngine(virtuoso)
    with pytest.raises(QueryError, match="refused: INSERT is a SPARQL update"):
        engine.select("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    with pytest.raises(QueryError) as err:
        engine.select("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
                      read_only=False)
    assert f"the SPARQL endpoint {virtuoso} answered HTTP " in err.value.one_line()
    assert engine.select("ASK { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }").rows == [
        {"result": False}]
