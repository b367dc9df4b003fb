"""What `suchenggraph leads NAME` does not do: the question the tool exists for pays only for
click, Oxigraph and the few modules that answer it. That is the fast path, where imports
inside functions earn their place: rdflib, networkx, pyvis, pyshacl, opencc and the other
engines stay off it (bench/cli_latency.py measures the time; these tests check the behaviour
behind it, in a fresh interpreter, with no timing)."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from suchenggraph import readonly
from suchenggraph.engines import factory, interface
from suchenggraph.engines.factory import open_engine
from suchenggraph.engines.interface import QueryTimeout
from suchenggraph.resources import clean_path, file_uri

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
sys.argv = ["suchenggraph", *{args!r}]
from suchenggraph.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
import suchenggraph.engines.interface as engine
import suchenggraph.readonly as readonly
heavy = ("pathlib", "urllib.parse", "json", "csv", "decimal", "difflib", "rdflib",
         "networkx", "pyvis", "pyshacl", "opencc", "pyparsing", "IPython",
         "suchenggraph.cli_lists", "suchenggraph.cli_sparql", "suchenggraph.engines.bulk",
         "suchenggraph.engines.plans", "suchenggraph.engines.dataset",
         "suchenggraph.engines.persist", "suchenggraph.engines.endpoint",
         "suchenggraph.engines.rdflibgraph", "suchenggraph.remint", "suchenggraph.graphio",
         "suchenggraph.vocab", "suchenggraph.model", "suchenggraph.viz",
         "suchenggraph.projection", "suchenggraph.analyses", "suchenggraph.validate")
only_leads = "suchenggraph.cli_owner" not in sys.modules or sys.argv[1] != "leads"
print(repr({{"code": code, "imported": sorted(m for m in heavy if m in sys.modules),
            "scanner compiled": readonly._lexer.cache_info().currsize,
            "workers": len(engine._IDLE), "only leads": only_leads}}), file=sys.stderr)
"""


def _probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return ast.literal_eval(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("leads", "Bureau of Commerce"),
                                  ("leads", "Bureau of Commerce", "--data", "data/plan.ttl"),
                                  ("cooperates", "商务局"), ("owner", "task 23")])
def test_a_question_imports_and_compiles_only_what_it_needs(args):
    found = _probe(*args)
    assert found == {"code": 0, "imported": [], "scanner compiled": 0, "workers": 1,
                     "only leads": True}, found


def test_only_the_shipped_texts_skip_the_read_only_check():
    from suchenggraph.queries import get

    text = get("leads").text
    readonly.check_read_only(text)  # as shipped: skipped (the tests check each both ways)
    for changed in (text + "\nSERVICE <http://x/> {}", text.replace("SELECT", "DELETE WHERE {}\nSELECT")):
        with pytest.raises(readonly.QueryError, match="refused"):
            readonly.check_read_only(changed)
    assert readonly._lexer.cache_info().currsize >= 1


def test_one_worker_thread_answers_query_after_query():
    engine = open_engine()
    engine.select("ASK {}", timeout=5)
    before = threading.active_count()
    for _ in range(5):
        assert engine.select("ASK { ?s ?p ?o }", timeout=5).rows == [{"result": True}]
    assert threading.active_count() == before


def test_a_worker_past_its_time_limit_is_not_given_another_query():
    engine = open_engine()
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout):
        engine.select(heavy, timeout=0.01)
    busy = [w for w in threading.enumerate() if w.name == "suchenggraph-query"
            and w not in interface._IDLE]
    assert busy, "the timed-out worker should still be running its query"
    assert engine.select("ASK { ?s ?p ?o }", timeout=5).rows == [{"result": True}]
    assert not set(busy) & set(interface._IDLE)


@pytest.mark.parametrize("path", ["data/plan.ttl", "./data//plan.ttl", "out/", "/a/./b/../c",
                                  "", ".", "..", "//x", "///x", "a b/計劃.ttl"])
def test_paths_without_pathlib_match_pathlib(path):
    assert clean_path(path) == str(Path(path))
    assert file_uri(path or ".") == Path(path or ".").resolve().as_uri()


@pytest.mark.parametrize("name", ["plan.ttl", "plans.NQ", "a.b/c", ".nq", "x.", "x..nq",
                                  "a/b.tar.gz", "dir.d/"])
def test_suffix_matches_pathlib(name):
    assert factory._suffix(name) == Path(name).suffix.lower()
