"""The named queries: headers, params, both engines, bound values only, read-only, time limit."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from suchenggraph import answers as A
from suchenggraph import queries as Q
from suchenggraph.engines.factory import open_engine
from suchenggraph.engines.interface import XSD, QueryTimeout, Term, iri, literal, plain_value
from suchenggraph.errors import DataError, NameNotFound, QueryError, UsageError
from suchenggraph.readonly import check_read_only
from suchenggraph.targetsfmt import describe_target

MINI = Path(__file__).parent / "data" / "query_plan.ttl"
CATALOGUE = Q.catalogue()
NAMES = [q.name for q in CATALOGUE]

#: A value for each parameter, per graph: every named query runs with these.
SAMPLES = {
    "mini": {"org": "commerce", "thing": "task 1", "task": "1", "area": "1", "year": "2024",
             "text": "城市"},
    "plan": {"org": "Bureau of Commerce", "thing": "task 23", "task": "23", "area": "2",
             "year": "2024", "text": "5G"},
}

HOSTILE = [
    '" } UNION { ?s ?p ?o } #',
    "'} ; DROP ALL ; SELECT * WHERE {'",
    '"""\n} INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
    "}}}{{{ ?x ?y ?z",
    "line one\nline two\r\n} UNION {",
    "\\\" \\u0022 ) . FILTER(true) #",
    "<urn:x>",
]


@pytest.fixture(scope="module")
def engines():
    return {("mini", e): open_engine(MINI, e) for e in ("oxigraph", "rdflib")} | {
        ("plan", e): open_engine(None, e) for e in ("oxigraph", "rdflib")}


# --------------------------------------------------------------------------- the catalogue


def test_the_catalogue_covers_the_issue():
    assert {"leads", "cooperates", "owner", "orgs", "area", "indicators", "task_targets",
            "matrix"} <= set(NAMES)


@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_header(query):
    assert query.has_header
    assert query.title and query.description
    header = [line for line in query.text.splitlines()[:3]]
    assert [h.split(":")[0] for h in header] == ["# title", "# description", "# params"]


def _select_clause(text: str) -> str:
    body = "\n".join(x for x in text.splitlines() if not x.lstrip().startswith("#"))
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\b", body, re.S | re.I)
    assert m, "a SELECT ... WHERE query"
    return m.group(1)


@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_params_are_declared_used_and_projected(query):
    used = query.variables()
    projected = set(re.findall(r"[?$](\w+)", _select_clause(query.text)))
    for p in query.params:
        assert p.name in used, f"declared param ?{p.name} is not used"
        assert p.name in projected, f"param ?{p.name} must be in the SELECT clause"
    check_read_only(query.text)


@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_standard_sparql_only(query):
    body = "\n".join(x for x in query.text.splitlines() if not x.lstrip().startswith("#"))
    # no engine extensions, no reliance on a default prefix table: every prefix is declared
    declared = set(re.findall(r"PREFIX\s+(\w*):", body))
    used = set(re.findall(r"(?<![\w<?$])([A-Za-z]\w*):[A-Za-z]", body)) - {"http", "https"}
    assert used <= declared, f"undeclared prefixes {used - declared}"
    assert not re.search(r"\b(LATERAL|SERVICE|ADJUST|TRIPLE\(|<<)\b", body)
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(query.text)  # rdflib's parser follows the SPARQL 1.1 grammar


#: Cross-plan questions with nothing to find in one graph: the mini plan declares no sg:Plan
#: its tasks are part of, and one plan has no indicator that recurs. tests/test_endpoint.py
#: and tests/test_virtuoso.py run them on a dataset of three plans.
NOTHING_TO_FIND = {("mini", "top_leads"), ("mini", "recurring_indicators"),
                   ("plan", "recurring_indicators")}
#: Imported progress reports live in their own named graphs, never in a plan graph
#: (tests/test_progress.py runs these on imports).
NOTHING_TO_FIND |= {(graph, name) for graph in ("mini", "plan")
                    for name in ("observations", "task_reports")}


@pytest.mark.parametrize("graph", ["mini", "plan"])
@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_both_engines_give_the_same_answer(engines, query, graph):
    values = {p.name: SAMPLES[graph][p.name] for p in query.params}
    ox = Q.run_named(engines[graph, "oxigraph"], query, values)
    rl = Q.run_named(engines[graph, "rdflib"], query, values)
    assert ox.columns == rl.columns
    assert ox.values() == rl.values()
    assert ox.rows or (graph, query.name) in NOTHING_TO_FIND, \
        f"{query.name} found nothing on {graph}"


def test_optional_params_may_be_left_out(engines):
    every_year = Q.run_named(engines["mini", "oxigraph"], "indicators", {})
    one_year = Q.run_named(engines["mini", "oxigraph"], "indicators", {"year": "2023"})
    assert {r["year"] for r in every_year.rows} == {2023, 2024}
    assert [(r["number"], r["year"], r["value"]) for r in one_year.rows] == [
        (1, 2023, Decimal("50")), (2, 2023, None), (2, 2023, None)]


# --------------------------------------------------------------------------- bound values only


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_only_ever_a_literal(engines, engine, text):
    eng = engines["mini", engine]
    before = eng.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}).rows
    result = Q.run_named(eng, "search", {"text": text})
    # the value comes back as the bound literal, exactly; it matches only a label containing it
    assert all(r["text"] == text for r in result.rows)
    expected = sorted({c.iri for c in eng.candidates()
                       if any(text.lower() in label.lower() for label in c.labels)})
    assert sorted({r["thing"] for r in result.rows}) == expected
    assert expected == (["https://w3id.org/suchenggraph/org/mini/hostile"] if text == HOSTILE[0]
                        else [])
    after = eng.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}).rows
    assert before == after == [{"n": 223}]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_label_full_of_syntax_is_found_as_written(engines, engine):
    eng = engines["mini", engine]
    name = 'Evil" } UNION { ?s ?p ?o } #\nOffice'
    rows = Q.run_named(eng, "search", {"text": '" } UNION { ?s ?p ?o } #\n'}).rows
    assert [(r["thing"], r["label"]) for r in rows] == [
        ("https://w3id.org/suchenggraph/org/mini/hostile", name)]
    who, led = A.leads(eng, 'Evil" } UNION { ?s ?p ?o } #')
    assert who.iri.endswith("/hostile") and led == []
    _, tasks = A.cooperates(eng, "恶意}办")
    assert [t["number"] for t in tasks] == [3]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_names_never_reach_a_query(engines, text):
    with pytest.raises((NameNotFound, UsageError)):
        A.leads(engines["mini", "oxigraph"], text + " no such bureau")


@pytest.mark.parametrize("text", ["urn:a> } UNION { ?s ?p ?o", "http://x/ y", 'http://x/"', ""])
def test_iris_are_checked(text):
    with pytest.raises(QueryError):
        iri(text)


def test_no_query_text_is_formatted_from_values():
    package = Path(Q.__file__).parent
    files = [Path(Q.__file__), *sorted((package / "engines").glob("*.py"))]
    assert len(files) > 5
    for text in (f.read_text(encoding="utf-8") for f in files):
        assert ".format(" not in text
        assert not re.search(r"\.(select|query)\(\s*f[\"']", text)


# --------------------------------------------------------------------------- read-only


@pytest.mark.parametrize("text, word", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("delete where { ?s ?p ?o }", "DELETE"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <urn:g>", "DROP"),
    ("CREATE GRAPH <urn:g>", "CREATE"),
    ("ADD <urn:a> TO <urn:b>", "ADD"),
    ("SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
])
def test_updates_service_load_and_from_are_refused(engines, text, word):
    with pytest.raises(QueryError) as info:
        engines["mini", "oxigraph"].select(text, {})
    assert info.value.exit_code == 1
    assert f"refused: {word}" in info.value.one_line()


@pytest.mark.parametrize("text", [
    'SELECT ?x WHERE { ?x ?p "DELETE { } SERVICE <x> LOAD" }',
    "SELECT ?x WHERE { ?x ?p ?o } # INSERT DATA { }",
    "SELECT ?delete ?load WHERE { ?delete ?service ?load }",
    "PREFIX ex: <http://ex.org/insert/> SELECT ?x WHERE { ?x ex:load ex:drop }",
    "PREFIX : <http://ex.org/> SELECT ?x WHERE { ?x :delete ?y }",
    "SELECT ?x WHERE { ?x ?p '''a\nSERVICE\nb''' }",
    "ASK { <http://ex.org/service/insert> ?p ?o }",
])
def test_keywords_in_strings_iris_and_names_are_fine(engines, text):
    check_read_only(text)
    engines["mini", "oxigraph"].select(text, {})


# Lexical tricks: each text hides a SERVICE (or FROM) from a naive scan. "%s" is an
# endpoint IRI. Each was checked against both engines: Oxigraph or rdflib runs the
# SERVICE (or would) for every one marked "runs"; the others are refused all the same.
TRICKS = {
    # a comment ends at a bare \r too (Oxigraph runs the SERVICE)
    "comment ended by \\r": "SELECT * WHERE { # c\rSERVICE %s { ?s ?p ?o } }",
    "comment ended by \\r, both engines parse": "SELECT * WHERE { ?s ?p ?o # \rSERVICE %s "
                                                 "{ ?s ?p ?o }\n}",
    # a line that starts with # inside a long string, or after a \u2028 inside a short one
    "# at a line start in a long string": 'SELECT * WHERE { BIND("""a\n#""" AS ?x) '
                                          'SERVICE %s { ?s ?p ?o } }',
    "# after U+2028 in a string": 'SELECT * WHERE { BIND("x\u2028#" AS ?x) '
                                  'SERVICE %s { ?s ?p ?o } }',
    # an escaped # in a prefixed name: ex:a\# is one name (Oxigraph runs the SERVICE)
    "escaped # in a prefixed name": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a\\# . "
                                    "SERVICE %s { ?s ?p ?o } }",
    # IRIs with a \u escape or a non-breaking space, then # (Oxigraph runs the SERVICE)
    "\\u escape in an IRI": "SELECT * WHERE { BIND(<http://x/\\u00e9#> AS ?z) "
                            "SERVICE %s { ?s ?p ?o } }",
    "no-break space in an IRI": "SELECT * WHERE { BIND(<http://x/\u00a0#> AS ?z) "
                                "SERVICE %s { ?s ?p ?o } }",
    # the keyword as the prefix of a name: Oxigraph reads SERVICE :x
    "SERVICE:name": "PREFIX : <http://127.0.0.1:1/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "FROM:name": "PREFIX : <http://127.0.0.1:1/> SELECT * FROM:g WHERE { ?s ?p ?o }",
    # \u escapes, expanded before parsing by rdflib (which runs the SERVICE)
    "\\u0053ERVICE": "SELECT * WHERE { \\u0053ERVICE %s { ?s ?p ?o } }",
    "\\U00000053ERVICE": "SELECT * WHERE { \\U00000053ERVICE %s { ?s ?p ?o } }",
    "\\u0022 ends a string for rdflib": 'SELECT * WHERE { BIND("a\\u0022 AS ?x) SERVICE %s '
                                        '{ ?s ?p ?o } } #" AS ?y) }',
    "\\u000A ends a comment for rdflib": "SELECT * WHERE { ?s ?p ?o # \\u000ASERVICE %s "
                                         "{ ?s ?p ?o }\n}",
    # letters rdflib upper-cases to S and I (it runs the SERVICE)
    "long s": "SELECT * WHERE { \u017fERVICE %s { ?s ?p ?o } }",
    "dotless i": "SELECT * WHERE { SERV\u0131CE %s { ?s ?p ?o } }",
    # plain forms
    "tab": "SELECT * WHERE {\tSERVICE\t%s { ?s ?p ?o } }",
    "ASK": "ASK { SERVICE %s { ?s ?p ?o } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE %s { } } }",
    "lower case": "select * where { service silent %s { ?s ?p ?o } }",
}


@pytest.fixture(scope="module")
def listener():
    """A local TCP port that counts the connections made to it."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    server.settimeout(0.2)
    calls: list[int] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            calls.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"<http://127.0.0.1:{server.getsockname()[1]}/sparql>", calls
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("name", list(TRICKS))
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_lexical_tricks_are_refused_and_send_nothing(engines, listener, engine, name):
    endpoint, calls = listener
    text = TRICKS[name].replace("%s", endpoint)
    before = len(calls)
    with pytest.raises(QueryError) as info:
        engines["mini", engine].select(text, {}, timeout=5)
    assert re.match(r"refused: (SERVICE|FROM) ", info.value.one_line()), info.value.one_line()
    assert len(calls) == before, "the engine made a request"
    with pytest.raises(QueryError, match="^refused: "):
        check_read_only(text, deep=False)  # the token scan alone catches each


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }",
    "ASK { FILTER EXISTS { SERVICE <http://x/> { } } }",
    "SELECT * FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_the_algebra_check_finds_service_and_from(text):
    from rdflib.plugins.sparql import prepareQuery

    from suchenggraph.readonly import check_rdflib_query

    with pytest.raises(QueryError, match="^refused: (SERVICE|FROM) "):
        check_rdflib_query(prepareQuery(text))
    check_rdflib_query(prepareQuery("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))  # and no more


def test_what_cannot_be_checked_is_refused(engines):
    # Oxigraph ends the comment at \r; rdflib reads to the end of the line and cannot
    # parse the rest: the query cannot be checked against rdflib's reading, so it is refused
    text = "SELECT * WHERE { ?s ?p ?o # c\r} LIMIT 1"
    with pytest.raises(QueryError) as info:
        engines["mini", "oxigraph"].select(text, {})
    assert info.value.one_line() == (
        "refused: the query cannot be checked as read-only (rdflib cannot parse it: Expected "
        "SelectQuery, found end of text (at char 39), (line:1, col:40)); write it in plain "
        "SPARQL 1.1")
    # a query no engine parses is left to the engine, which says where it is wrong
    with pytest.raises(QueryError) as info:
        engines["mini", "oxigraph"].select("SELECT ?x WHERE { ?x ?p }", {})
    assert info.value.one_line() == ("cannot parse the query: error at 1:26: expected one of "
                                     "LATERAL, SERVICE, [_]")


@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_every_named_query_passes_the_full_check(query):
    from suchenggraph.readonly import _parse_check, _scan

    # both layers of check_read_only, which skips the shipped texts; each raises on a refusal
    assert _scan(query.text) is None
    assert _parse_check(query.text) is None


def test_a_failed_query_leaves_nothing_for_another_thread_to_drop(tmp_path):
    """An Oxigraph error inside the timed worker thread: one line, and no
    "RuntimeError: ... PyQuerySolutions is unsendable" printed at exit."""
    import socket
    import subprocess
    import sys

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: the SERVICE call fails while results are read
    code = f"""
import sys
from suchenggraph.errors import QueryError
from suchenggraph.engines.factory import open_engine
from suchenggraph.targetsfmt import describe_target
engine = open_engine({str(MINI)!r})
try:
    engine.select("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                  read_only=False, timeout=10)
except QueryError as exc:
    print("Error:", exc.one_line(), file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("Error: cannot run the query: "), done.stderr


def test_time_limit(engines):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout) as info:
        engines["mini", "oxigraph"].select(heavy, {}, timeout=0.01)
    assert info.value.exit_code == 1
    assert "time limit of 0.01 s" in info.value.one_line()


def test_syntax_errors(engines):
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(QueryError, match="cannot parse the query"):
            engines["mini", engine].select("SELECT ?x WHERE { ?x ?p }", {})


def test_a_bound_variable_must_be_projected(engines):
    with pytest.raises(QueryError, match=r"the parameter \?s must be in the query's SELECT"):
        engines["mini", "oxigraph"].select("SELECT ?o WHERE { ?s ?p ?o }", {"s": iri("urn:x")})


def test_ask_and_construct(engines):
    for engine in ("oxigraph", "rdflib"):
        eng = engines["mini", engine]
        assert eng.select("ASK { ?s ?p ?o }", {}).rows == [{"result": True}]
        res = eng.select("CONSTRUCT { ?s <urn:n> ?n } WHERE { "
                         "?s <https://w3id.org/suchenggraph/ontology#number> ?n } ", {})
        assert res.columns == ["subject", "predicate", "object"] and len(res.rows) == 9


# --------------------------------------------------------------------------- headers, loading, binding


def test_parse_header():
    q = Q.parse_query_text("# title: T\n# description: D\n# params: org (organisation), "
                           "y (year, optional), s\nSELECT ?org ?y ?s {}", "n")
    assert (q.name, q.title, q.description) == ("n", "T", "D")
    assert [str(p) for p in q.params] == ["org (organisation)", "y (year, optional)",
                                          "s (string)"]


@pytest.mark.parametrize("header, message", [
    ("# params: org (colour)", "-:1: unknown parameter type 'colour'"),
    ("# params: 1x", "-:1: cannot read parameter '1x'"),
])
def test_bad_headers(header, message):
    with pytest.raises(QueryError) as info:
        Q.parse_query_text(header + "\nSELECT * {}")
    assert info.value.one_line().startswith(message)


def test_load_by_name_file_and_stdin(tmp_path):
    assert Q.load("leads").name == "leads"
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# params: n (integer)\nSELECT ?n {}", encoding="utf-8")
    mine = Q.load(str(path))
    assert (mine.name, mine.title, mine.params[0].type) == ("mine", "Mine", "integer")
    piped = Q.load("-", stdin=io.StringIO("SELECT ?x WHERE { ?x ?p ?o }"))
    assert (piped.name, piped.has_header) == ("-", False)
    with pytest.raises(UsageError, match="no query on standard input"):
        Q.load("-", stdin=io.StringIO("  \n"))
    with pytest.raises(QueryError, match="no such query file"):
        Q.load(str(tmp_path / "missing.rq"))
    with pytest.raises(NameNotFound) as info:
        Q.load("ownr")
    assert info.value.suggestions == ["owner"]


def test_bind(engines):
    eng = engines["mini", "oxigraph"]
    leads = Q.get("leads")
    assert Q.bind(leads, {"org": "商務局"}, eng) == {
        "org": Term("iri", "https://w3id.org/suchenggraph/org/mini/commerce")}
    assert Q.bind(leads, {"org": "<urn:x>"}, eng) == {"org": Term("iri", "urn:x")}
    with pytest.raises(UsageError, match="needs -p org VALUE"):
        Q.bind(leads, {}, eng)
    with pytest.raises(UsageError, match="has no parameter 'x'"):
        Q.bind(leads, {"org": "commerce", "x": "1"}, eng)
    with pytest.raises(NameNotFound):
        Q.bind(leads, {"org": "no such bureau"}, eng)
    year = Q.get("indicators")
    assert Q.bind(year, {"year": "2024"}, eng) == {"year": literal("2024", XSD + "gYear")}
    with pytest.raises(UsageError, match="wants a year"):
        Q.bind(year, {"year": "24"}, eng)
    bare = Q.parse_query_text("SELECT ?a ?b WHERE { ?a ?p ?b }")
    assert Q.bind(bare, {"a": "<urn:a>", "b": '"x"'}, eng) == {
        "a": Term("iri", "urn:a"), "b": Term("literal", '"x"')}
    with pytest.raises(UsageError, match="no variable"):
        Q.bind(bare, {"c": "1"}, eng)
    typed = Q.parse_query_text("# params: n (integer), i (iri)\nSELECT ?n ?i {}")
    assert Q.bind(typed, {"n": "-3", "i": "urn:i"}, eng) == {
        "n": literal(-3), "i": Term("iri", "urn:i")}
    with pytest.raises(UsageError, match="whole number"):
        Q.bind(typed, {"n": "3.5", "i": "urn:i"}, eng)


def test_plain_values_are_the_same_from_both_engines():
    assert plain_value("literal", "2024", XSD + "gYear") == 2024
    assert plain_value("literal", "abc", XSD + "integer") == "abc"
    assert plain_value("literal", "true", XSD + "boolean") is True
    assert plain_value("literal", "1.5E0", XSD + "double") == 1.5


# --------------------------------------------------------------------------- graph files


def test_malformed_graph_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b ex:d ex:e .\n",
                   encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(DataError) as info:
            open_engine(bad, engine)
        assert info.value.exit_code == 1
        assert info.value.line == 3
        assert info.value.one_line().startswith(f"{bad}:3: cannot parse: ")


def test_missing_graph_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        open_engine(tmp_path / "none.ttl")
    with pytest.raises(DataError, match="is a folder"):
        open_engine(tmp_path)


@pytest.mark.parametrize("data, message", [
    # the case from the review: rdflib's message echoed the input as bytes reprs
    ('@prefix ex: <http://e/> .\nex:a ex:b "中文 .\n',
     "2: cannot parse: Parser error between line 2 column 11 and line 3 column 1: "
     "Unexpected end of file"),
    ("ex:a ex:b ex:c .\n",
     "1: cannot parse: Parser error at line 1 between columns 1 and 5: The prefix ex: has not "
     "been declared"),
])
def test_rdflib_parse_errors_are_one_clean_line(tmp_path, data, message):
    from suchenggraph.graphio import load_graph

    bad = tmp_path / "bad.ttl"
    bad.write_text(data, encoding="utf-8")
    for load in (lambda: open_engine(bad, "rdflib"), lambda: open_engine(bad, "oxigraph"),
                 lambda: load_graph(bad)):
        with pytest.raises(DataError) as info:
            load()
        assert info.value.one_line() == f"{bad}:{message}"
        assert "b'" not in info.value.one_line() and "\\x" not in info.value.one_line()


def test_rdflib_reasons_are_trimmed_when_oxigraph_finds_nothing():
    from rdflib.plugins.parsers.notation3 import BadSyntax

    from suchenggraph.graphio import parse_error

    exc = BadSyntax("", 0, '@prefix ex: <http://e/> .\nex:a ex:b "中文', 30, "an rdflib-only fault")
    err = parse_error(exc, "ok.ttl", data=b"<http://a> <http://b> <http://c> .\n")
    assert err.one_line() == "ok.ttl:1: cannot parse: an rdflib-only fault"


def test_graph_file_that_is_a_folder(tmp_path):
    from suchenggraph.graphio import load_graph

    for load in (lambda: open_engine(tmp_path, "rdflib"), lambda: load_graph(tmp_path)):
        with pytest.raises(DataError) as info:
            load()
        assert info.value.one_line() == f"{tmp_path}: is a folder, not a graph file"
    with pytest.raises(DataError) as info:
        load_graph(tmp_path / "none.ttl")
    assert info.value.one_line() == f"{tmp_path / 'none.ttl'}: no such file"


def test_query_file_that_is_a_folder_or_missing(tmp_path):
    with pytest.raises(QueryError) as info:
        Q.load(str(tmp_path))
    assert (info.value.one_line(), info.value.exit_code) == (
        f"{tmp_path}: is a folder, not a query file", 1)
    with pytest.raises(QueryError) as info:
        Q.load(str(tmp_path / "none.rq"))
    assert (info.value.one_line(), info.value.exit_code) == (
        f"{tmp_path / 'none.rq'}: no such query file", 1)


@pytest.mark.parametrize("year, message", [
    (2021, "the plan sets no indicator target for 2021; it sets them for 2023 and 2024"),
    (2025, "the plan sets no indicator target for 2025; it sets them for 2023 and 2024"),
])
def test_indicators_for_a_year_without_targets(engines, year, message):
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(UsageError) as info:
            A.indicators(engines["mini", engine], year)
        assert (info.value.one_line(), info.value.exit_code) == (message, 2)
    rows = A.indicators(engines["mini", "oxigraph"], 2023)
    assert [r["targets"] for r in rows] == [{2023: 50}, {2023: None}]


def test_a_changed_file_is_never_served_stale(tmp_path):
    path = tmp_path / "plan.ttl"
    path.write_bytes(MINI.read_bytes())
    first = A.leads(open_engine(path), "commerce")[1]
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        "sg:lead o:commerce ; sg:cooperatingUnit o:science, o:urban",
        "sg:lead o:science ; sg:cooperatingUnit o:commerce, o:urban"), encoding="utf-8")
    second = A.leads(open_engine(path), "commerce")[1]
    assert [r["kind"] for r in first] == ["task", "indicator", "platform"]
    assert [r["kind"] for r in second] == ["indicator", "platform"]


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_answers(engines, engine):
    eng = engines["mini", engine]
    who, rows = A.leads(eng, "Bureau of Commerce")
    assert [(r["kind"], r["number"], r["name_zh_hant"]) for r in rows] == [
        ("task", 1, "打造載體"), ("indicator", 1, "建成載體數"), ("platform", 1, "智慧園區平臺")]
    assert [(r["number"], r["role"]) for r in A.cooperates(eng, "各园区")[1]] == [
        (2, "responsible")]
    assert [(r["role"], r["name_en"]) for r in A.owner(eng, "task 2")[1]] == [
        ("lead", "Science and Technology Bureau"), ("cooperating", "Bureau of Commerce"),
        ("responsible", "All parks")]
    task = A.task(eng, "1")
    assert [o["name_en"] for o in task["cooperating"]] == [
        "Science and Technology Bureau", "Urban Management Bureau"]
    assert describe_target(task["targets"][0], "zh-Hant") == "建成載體 ≥ 100個 (2024)"
    indicators = A.indicators(eng)
    assert [(i["number"], i["targets"], [o["name_en"] for o in i["lead"]])
            for i in indicators] == [
        (1, {2023: Decimal("50"), 2024: Decimal("100")}, ["Bureau of Commerce"]),
        (2, {2024: Decimal("97.5")}, ["Science and Technology Bureau",
                                      "Urban Management Bureau"])]
    tasks, matrix = A.matrix(eng)
    assert tasks == [1, 2, 3]
    assert [(r["name_en"].split()[0], r["roles"]) for r in matrix] == [
        ("Bureau", {1: "L", 2: "C"}), ("Urban", {1: "C", 3: "L"}),
        ("Science", {1: "C", 2: "L"}), ("Evil\"", {3: "C"}), ("All", {2: "R"})]
    assert [a["tasks"] for a in A.areas(eng)] == [2, 1]
    assert [r["number"] for r in A.area(eng, "智慧城市行動")[1]] == [3, 2]
    assert [(o["name_en"], o["lead"], o["cooperating"]) for o in A.organisations(eng)][:1] == [
        ("Bureau of Commerce", 1, 1)]
    assert [[o["name_en"] for o in p["lead"]] for p in A.platforms(eng)] == [
        ["Bureau of Commerce"], ["Science and Technology Bureau", "Urban Management Bureau"]]


def test_the_issue_question_on_the_plan(engines):
    who, rows = A.leads(engines["plan", "oxigraph"], "Bureau of Commerce")
    assert who.iri == "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"
    assert {r["kind"] for r in rows} == {"task", "indicator", "platform"}
    assert ("indicator", 9) in {(r["kind"], r["number"]) for r in rows}


def test_terms_are_engine_neutral():
    assert literal(3) == Term("literal", "3", XSD + "integer")
    assert literal(True) == Term("literal", "true", XSD + "boolean")
    assert literal("x", lang="zh-Hans") == Term("literal", "x", None, "zh-Hans")
