"""SPARQL 1.1 Protocol: every named query gives the same answer on every engine.

Engines compared with the embedded store (a ``pyoxigraph.Store`` in memory): the
persistent store and Oxigraph's real SPARQL server on a free loopback port
(tests/test_virtuoso.py adds Virtuoso). Then the refused cases: updates, an
endpoint that is down, one that does not answer in time, HTTP errors.
"""

from __future__ import annotations

import socket
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import sample_terms

from suchenggraph import remint as rm
from suchenggraph.crossplan import CROSS_PLAN_QUERIES
from suchenggraph.engines import dataset as ds
from suchenggraph.engines import persist
from suchenggraph.engines import plans as pl
from suchenggraph.engines.endpoint import EndpointEngine, inject_values, term_n3
from suchenggraph.engines.interface import Term, iri, literal
from suchenggraph.errors import QueryError
from suchenggraph.queries import catalogue, run_named
from suchenggraph.server import OxigraphServer, free_port

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.ttl"
PLAN_ID = "sucheng-digital-economy-2022-2024"
P = pl.PLAN_BASE + PLAN_ID
SCOPES = (None, PLAN_ID, PLAN_ID + "-copy-2")


# --------------------------------------------------------------------------- shared helpers


def cell(value) -> str:
    """A cell as a string; numbers in one form (15, 15.0 and 1.5E1 are the same)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal)):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def answer(result) -> list[tuple[str, ...]]:
    """A result as a sorted list of rows of strings (a set that keeps duplicates)."""
    return sorted(tuple(cell(r.get(c)) for c in result.columns) for r in result.rows)


def cases():
    """(id, query text, bindings) for every named query, with and without optional params,
    and the cross-plan questions."""
    out = []
    for q in catalogue():
        terms = sample_terms(q)
        out.append((q.name, q.text, terms))
        optional = [p.name for p in q.params if p.optional]
        if optional:
            out.append((q.name + "-unbound", q.text,
                        {k: v for k, v in terms.items() if k not in optional}))
    named = {q.name for q in catalogue()}
    for name, text in CROSS_PLAN_QUERIES.items():
        if name not in named:  # top_leads and recurring_indicators are in the catalogue
            out.append(("cross:" + name, text, {}))
    return out


CASES = cases()


def make_dataset(folder: Path) -> Path:
    """The real plan, a copy in the same government, a copy in another one, as N-Quads."""
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    ds.add_plan(store, rm.remint(PLAN, 1))
    ds.add_plan(store, rm.remint(PLAN, 2, government="suyu"))
    return ds.write_dataset(store, folder / "plans.nq")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_dataset(tmp_path_factory.mktemp("endpoint"))


@pytest.fixture(scope="module")
def embedded(data):
    return ds.read_dataset(data)


@pytest.fixture(scope="module")
def stored(data):
    path = data.parent / "store"
    persist.build_store(path, [data], progress=persist.Progress(enabled=False))
    return persist.open_store(path)


@pytest.fixture(scope="module")
def server(stored):
    with OxigraphServer(stored.path, timeout=20) as running:
        yield running


# --------------------------------------------------------------------------- the same answers


#: Queries over imported progress reports, which live in their own named graphs, never in a
#: dataset of plans (tests/test_progress.py runs them on imports).
IMPORT_QUERIES = ("observations", "task_reports")


def scoped_reference(embedded, scope, name, text, terms):
    """``terms`` for ``scope`` (the other government's copy of the plan has its own IRIs)
    and the embedded dataset's answer, which every other engine must give."""
    if scope == PLAN_ID + "-copy-2":
        terms = {k: iri(v.value.replace(P, P + "-copy-2").replace("/org/sucheng/", "/org/suyu/"))
                 if v.kind == "iri" else v for k, v in terms.items()}
    reference = answer(ds.DatasetEngine(embedded, scope).select(text, terms))
    assert reference or name in ("search", "recurring_indicators") and scope or \
        name.removesuffix("-unbound") in IMPORT_QUERIES, \
        f"{name} gives no rows: the comparison would prove nothing"
    return terms, reference


@pytest.mark.parametrize("scope", SCOPES, ids=["all", "plan", "other-government"])
@pytest.mark.parametrize("name,text,terms", CASES, ids=[c[0] for c in CASES])
def test_every_named_query_answers_the_same_everywhere(embedded, stored, server, scope, name,
                                                       text, terms):
    terms, reference = scoped_reference(embedded, scope, name, text, terms)
    assert answer(stored.engine(scope).select(text, terms)) == reference
    assert answer(EndpointEngine(server.url, scope).select(text, terms)) == reference


def test_names_resolve_the_same_on_the_server(embedded, server):
    for scope in (PLAN_ID, PLAN_ID + "-copy-2"):
        here, there = ds.DatasetEngine(embedded, scope), EndpointEngine(server.url, scope)
        for q, values in (("leads", {"org": "区商务局"}), ("leads", {"org": "Commerce Bureau"}),
                          ("cooperates", {"org": "大数据管理局"}), ("owner", {"thing": "task 23"}),
                          ("area", {"area": "area 2"}), ("search", {"text": "商务"})):
            assert answer(run_named(there, q, values)) == answer(run_named(here, q, values))


def test_the_server_lists_the_plans(server):
    plans = EndpointEngine(server.url).plans()
    assert [(p.id, p.government) for p in plans] == [
        (PLAN_ID, "sucheng"), (PLAN_ID + "-copy-1", "sucheng"), (PLAN_ID + "-copy-2", "suyu")]


def test_an_unknown_plan_on_the_endpoint(server):
    from suchenggraph.errors import NameNotFound

    with pytest.raises(NameNotFound, match="did you mean"):
        EndpointEngine(server.url, PLAN_ID + "-copy-7")


# --------------------------------------------------------------------------- bound values


def test_a_hostile_string_is_data_not_query(server):
    engine = EndpointEngine(server.url, PLAN_ID)
    hostile = '商务" ) } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
    result = run_named(engine, "search", {"text": hostile})
    assert result.rows == []
    text = inject_values("SELECT ?text WHERE { ?x ?p ?text }", {"text": literal(hostile)})
    assert text == ('SELECT ?text WHERE { VALUES (?text) { ("商务\\" ) } ; DROP ALL ; SELECT * '
                    '{ ?s ?p ?o } #"^^<http://www.w3.org/2001/XMLSchema#string>) } ?x ?p ?text }')


@pytest.mark.parametrize("term", [
    Term("iri", "http://example.org/a> } ; DROP ALL ; <x:"),
    Term("iri", "not an iri"),
    Term("literal", "x", lang="en } DROP"),
    Term("literal", "1", datatype="http://x/> . } <y"),
])
def test_malformed_terms_are_refused(term):
    with pytest.raises(QueryError, match="cannot bind"):
        term_n3(term)


def test_values_go_into_subqueries_that_share_the_variable():
    text = ("SELECT ?org ?n WHERE { { SELECT ?org (COUNT(?t) AS ?n) WHERE { ?t <urn:lead> ?org }"
            " GROUP BY ?org } { SELECT ?x WHERE { ?x <urn:p> ?org } } }")
    out = inject_values(text, {"org": iri("urn:o")})
    assert out.count("VALUES (?org) { (<urn:o>) }") == 2  # the outer query and the first
    assert "{ SELECT ?x WHERE { ?x" in out  # ?org is not shared with the second


def test_values_skip_a_construct_template_and_need_a_projected_variable():
    out = inject_values("CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s <urn:q> ?o }", {"s": iri("urn:a")})
    assert out == ("CONSTRUCT { ?s <urn:p> ?o } WHERE { VALUES (?s) { (<urn:a>) } "
                   "?s <urn:q> ?o }")
    with pytest.raises(QueryError, match=r"\?n must be in the query's SELECT clause"):
        inject_values("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
                      {"n": literal(1)})
    assert "VALUES (?o)" in inject_values("SELECT * WHERE { ?s ?p ?o }", {"o": literal(1)})


def test_construct_and_ask_over_the_protocol(server):
    engine = EndpointEngine(server.url, PLAN_ID)
    rows = engine.select("CONSTRUCT { ?t <urn:lead> ?o } WHERE { ?t "
                         "<https://w3id.org/suchenggraph/ontology#lead> ?o }").rows
    assert len(rows) > 30 and set(rows[0]) == {"subject", "predicate", "object"}
    assert engine.select("ASK { ?s ?p ?o }").rows == [{"result": True}]


# --------------------------------------------------------------------------- refused cases


def test_an_update_is_refused_before_it_is_sent(server):
    engine = EndpointEngine(server.url)
    with pytest.raises(QueryError) as err:
        engine.select("DELETE WHERE { ?s ?p ?o }")
    assert err.value.one_line().startswith("refused: DELETE is a SPARQL update")


def test_an_update_sent_anyway_is_refused_by_the_server(server):
    engine = EndpointEngine(server.url)
    with pytest.raises(QueryError) as err:
        engine.select("INSERT DATA { <urn:a> <urn:b> <urn:c> }", read_only=False)
    assert err.value.one_line().startswith(
        f"the SPARQL endpoint {server.url} answered HTTP 400 Bad Request: ")
    assert engine.select("ASK { <urn:a> <urn:b> <urn:c> }").rows == [{"result": False}]


def test_an_http_error_gives_its_status_and_first_line(server):
    with pytest.raises(QueryError) as err:
        EndpointEngine(server.base_url + "/nowhere").select("ASK {}")
    assert err.value.one_line().startswith(
        f"the SPARQL endpoint {server.base_url}/nowhere answered HTTP 404 Not Found")
    with pytest.raises(QueryError) as err:
        EndpointEngine(server.url).select("SELECT ?x WHERE { ?x ?p }")
    assert "answered HTTP 400 Bad Request: error at 1:" in err.value.one_line()


def test_an_endpoint_that_is_down():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(QueryError) as err:
        EndpointEngine(url).select("ASK {}")
    assert err.value.one_line() == f"cannot reach the SPARQL endpoint {url}: connection refused"


@pytest.fixture()
def silent_endpoint():
    """A loopback socket that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


def test_an_endpoint_that_does_not_answer_in_time(silent_endpoint):
    engine = EndpointEngine(silent_endpoint, timeout=0.3)
    with pytest.raises(QueryError) as err:
        engine.select("ASK {}")
    assert err.value.one_line() == (f"the SPARQL endpoint {silent_endpoint} did not answer "
                                    "within 0.3 s")


def test_not_an_endpoint_url():
    with pytest.raises(QueryError, match="not an http"):
        EndpointEngine("ftp://127.0.0.1/sparql")


def test_values_go_where_the_guard_lexes_the_group_a_comment_ends_at_a_bare_cr():
    """The endpoint finds the WHERE group with the read-only guard's own lexer, so a comment
    ended by a lone \\r hides nothing after it (the old twin lexer read to the \\n)."""
    from suchenggraph.engines.endpoint import inject_values
    from suchenggraph.engines.interface import iri

    text = "SELECT ?org WHERE # note\r{ ?t <urn:lead> ?org }"
    assert inject_values(text, {"org": iri("urn:c")}) == (
        "SELECT ?org WHERE # note\r{ VALUES (?org) { (<urn:c>) } ?t <urn:lead> ?org }")
