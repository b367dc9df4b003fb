"""The named queries: headers, params, both engines, bound values only, read-only, time limit."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from suchenggraph import queries as Q
from suchenggraph.errors import DataError, NameNotFound, QueryError, UsageError
from suchenggraph.store import (
    XSD,
    QueryTimeout,
    Term,
    check_read_only,
    iri,
    literal,
    open_engine,
    plain_value,
)

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


@pytest.mark.parametrize("graph", ["mini", "plan"])
@pytest.mark.parametrize("query", CATALOGUE, ids=NAMES)
def test_both_engines_give_the_same_answer(engines, query, graph):
    values = {p.name: SAMPLES[graph][p.name] for p in query.params}
    ox = Q.run_named(engines[graph, "oxigraph"], query, values)
    rl = Q.run_named(engines[graph, "rdflib"], query, values)
    assert ox.columns == rl.columns
    assert ox.values() == rl.values()
    assert ox.rows, f"{query.name} found nothing on {graph}"


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
    assert before == after == [{"n": 193}]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_label_full_of_syntax_is_found_as_written(engines, engine):
    eng = engines["mini", engine]
    name = 'Evil" } UNION { ?s ?p ?o } #\nOffice'
    rows = Q.run_named(eng, "search", {"text": '" } UNION { ?s ?p ?o } #\n'}).rows
    assert [(r["thing"], r["label"]) for r in rows] == [
        ("https://w3id.org/suchenggraph/org/mini/hostile", name)]
    who, led = Q.leads(eng, 'Evil" } UNION { ?s ?p ?o } #')
    assert who.iri.endswith("/hostile") and led == []
    _, tasks = Q.cooperates(eng, "恶意}办")
    assert [t["number"] for t in tasks] == [3]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_names_never_reach_a_query(engines, text):
    with pytest.raises((NameNotFound, UsageError)):
        Q.leads(engines["mini", "oxigraph"], text + " no such bureau")


@pytest.mark.parametrize("text", ["urn:a> } UNION { ?s ?p ?o", "http://x/ y", 'http://x/"', ""])
def test_iris_are_checked(text):
    with pytest.raises(QueryError):
        iri(text)


def test_no_query_text_is_formatted_from_values():
    source = Path(Q.__file__).read_text(encoding="utf-8")
    store = Path(Q.__file__).with_name("store.py").read_text(encoding="utf-8")
    for text in (source, store):
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
    with pytest.raises(UsageError, match="no such query file"):
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


def test_a_changed_file_is_never_served_stale(tmp_path):
    path = tmp_path / "plan.ttl"
    path.write_bytes(MINI.read_bytes())
    first = Q.leads(open_engine(path), "commerce")[1]
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        "sg:lead o:commerce ; sg:cooperatingUnit o:science, o:urban",
        "sg:lead o:science ; sg:cooperatingUnit o:commerce, o:urban"), encoding="utf-8")
    second = Q.leads(open_engine(path), "commerce")[1]
    assert [r["kind"] for r in first] == ["task", "indicator", "platform"]
    assert [r["kind"] for r in second] == ["indicator", "platform"]


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_answers(engines, engine):
    eng = engines["mini", engine]
    who, rows = Q.leads(eng, "Bureau of Commerce")
    assert [(r["kind"], r["number"], r["name_zh_hant"]) for r in rows] == [
        ("task", 1, "打造載體"), ("indicator", 1, "建成載體數"), ("platform", 1, "智慧園區平臺")]
    assert [(r["number"], r["role"]) for r in Q.cooperates(eng, "各园区")[1]] == [
        (2, "responsible")]
    assert [(r["role"], r["name_en"]) for r in Q.owner(eng, "task 2")[1]] == [
        ("lead", "Science and Technology Bureau"), ("cooperating", "Bureau of Commerce"),
        ("responsible", "All parks")]
    task = Q.task(eng, "1")
    assert [o["name_en"] for o in task["cooperating"]] == [
        "Science and Technology Bureau", "Urban Management Bureau"]
    assert Q.describe_target(task["targets"][0], "zh-Hant") == "建成載體 ≥ 100個 (2024)"
    indicators = Q.indicators(eng)
    assert [(i["number"], i["targets"], [o["name_en"] for o in i["lead"]])
            for i in indicators] == [
        (1, {2023: Decimal("50"), 2024: Decimal("100")}, ["Bureau of Commerce"]),
        (2, {2024: Decimal("97.5")}, ["Science and Technology Bureau",
                                      "Urban Management Bureau"])]
    tasks, matrix = Q.matrix(eng)
    assert tasks == [1, 2, 3]
    assert [(r["name_en"].split()[0], r["roles"]) for r in matrix] == [
        ("Bureau", {1: "L", 2: "C"}), ("Urban", {1: "C", 3: "L"}),
        ("Science", {1: "C", 2: "L"}), ("Evil\"", {3: "C"}), ("All", {2: "R"})]
    assert [a["tasks"] for a in Q.areas(eng)] == [2, 1]
    assert [r["number"] for r in Q.area(eng, "智慧城市行動")[1]] == [3, 2]
    assert [(o["name_en"], o["lead"], o["cooperating"]) for o in Q.organisations(eng)][:1] == [
        ("Bureau of Commerce", 1, 1)]
    assert [[o["name_en"] for o in p["lead"]] for p in Q.platforms(eng)] == [
        ["Bureau of Commerce"], ["Science and Technology Bureau", "Urban Management Bureau"]]


def test_the_issue_question_on_the_plan(engines):
    who, rows = Q.leads(engines["plan", "oxigraph"], "Bureau of Commerce")
    assert who.iri == "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"
    assert {r["kind"] for r in rows} == {"task", "indicator", "platform"}
    assert ("indicator", 9) in {(r["kind"], r["number"]) for r in rows}


def test_terms_are_engine_neutral():
    assert literal(3) == Term("literal", "3", XSD + "integer")
    assert literal(True) == Term("literal", "true", XSD + "boolean")
    assert literal("x", lang="zh-Hans") == Term("literal", "x", None, "zh-Hans")
