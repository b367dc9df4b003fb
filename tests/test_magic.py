"""The %%sparql magic: binding, output variable, one-line errors, read-only, readable tables."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from suchenggraph import answers, queries
from suchenggraph.engines.factory import open_engine
from suchenggraph.magic import MagicError, run_sparql, to_dataframe
from suchenggraph.sparqltext import tidy as _tidy

ROOT = Path(__file__).resolve().parent.parent
QUERY_PLAN = ROOT / "tests" / "data" / "query_plan.ttl"

LEADS = """\
# params: org (organisation)
SELECT ?org ?kind (COUNT(?thing) AS ?n) WHERE {
  VALUES (?class ?kind) { (sg:Task "task") (sg:Indicator "indicator") (sg:Platform "platform") }
  ?thing sg:lead ?org ; a ?class .
}
GROUP BY ?org ?kind
ORDER BY ?kind
"""


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    """An IPython shell with an empty profile in a temporary folder and no history file."""
    config = Config()
    config.HistoryManager.enabled = False
    ip = InteractiveShell.instance(config=config,
                                   ipython_dir=str(tmp_path_factory.mktemp("ipython")))
    ip.run_line_magic("load_ext", "suchenggraph")
    return ip


@pytest.fixture()
def run(shell, capsys):
    """Run a cell as a user would; return (result, what it printed)."""

    def go(source: str):
        capsys.readouterr()
        result = shell.run_cell(source)
        return result, capsys.readouterr().out

    return go


def cell(shell, line: str, body: str):
    return shell.run_cell_magic("sparql", line, body)


# --------------------------------------------------------------------------- the extension


def test_load_ext_registers_line_and_cell_magic(shell):
    magics = shell.magics_manager.magics
    assert "sparql" in magics["cell"] and "sparql" in magics["line"]


def test_importing_the_package_stays_light():
    code = ("import sys, suchenggraph; "
            "print([m for m in ('IPython', 'pandas', 'rdflib', 'pyoxigraph', 'suchenggraph.magic')"
            " if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- binding


@pytest.mark.parametrize("name", ["商务局", "區商務局", "Bureau of Commerce", "commerce"])
def test_a_typed_parameter_resolves_a_name_in_any_language(shell, name):
    frame = cell(shell, f"-p org {shlex.quote(name)}", LEADS)
    assert frame.to_dict("records") == [
        {"org": "Bureau of Commerce", "kind": "indicator", "n": 1},
        {"org": "Bureau of Commerce", "kind": "platform", "n": 2},
        {"org": "Bureau of Commerce", "kind": "task", "n": 2},
    ]
    _, rows = answers.leads(open_engine(), name)
    assert frame.set_index("kind")["n"].to_dict() == {
        k: sum(r["kind"] == k for r in rows) for k in ("indicator", "platform", "task")}


@pytest.mark.parametrize("value", ['x" } UNION { ?s ?p ?o } #', "a'b\nc", "<not an iri", "{}"])
def test_a_value_is_bound_never_pasted(shell, value):
    frame = cell(shell, "-p name VALUE".replace("VALUE", shlex.quote(value)),
                 "SELECT ?name (STRLEN(?name) AS ?n) WHERE {}")
    assert frame.to_dict("records") == [{"name": value, "n": len(value)}]


def test_an_iri_value_is_bound_as_an_iri(shell):
    iri = "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"
    frame = cell(shell, f"-p org '<{iri}>' --lang zh-Hans",
                 "SELECT ?org ?task WHERE { ?task a sg:Task ; sg:lead ?org } ORDER BY ?task")
    assert set(frame["org"]) == {"区商务局"} and len(frame) == 2


def test_a_python_variable_can_give_the_value(shell, run):
    shell.user_ns["who"] = "Bureau of Commerce"
    result, _ = run(f'%%sparql -p org "{{who}}" -o by_variable\n{LEADS}')
    assert result.success
    assert shell.user_ns["by_variable"]["n"].tolist() == [1, 2, 2]


def test_an_integer_parameter_is_checked(run):
    result, out = run("%%sparql -p n abc\n# params: n (integer)\n"
                      "SELECT ?n ?task WHERE { ?task sg:number ?n ; a sg:Task }")
    assert isinstance(result.error_in_exec, MagicError)
    assert out == "UsageError: parameter n wants a whole number, not 'abc'\n"


@pytest.mark.parametrize("line, body, message", [
    ("-p x 1 -p x 2", "SELECT ?x WHERE {}", "UsageError: parameter 'x' given twice"),
    ("-p nope 1", "SELECT ?x WHERE {}", "UsageError: the query has no variable ?nope"),
    ("-p org nobody-at-all", LEADS, "NameNotFound: no organisation is named 'nobody-at-all'"),
    ("", "# only a comment\n", "UsageError: no query: write a SPARQL query in the cell"),
    ("leads", "SELECT ?x WHERE {}", "UsageError: %%sparql takes its query from the cell"),
    ("-p org 商务局", "# params: org (organisation)\nSELECT ?task WHERE { ?task sg:lead ?org }",
     "QueryError: the parameter ?org must be in the query's SELECT clause to be bound"),
])
def test_usage_errors_are_one_line(run, line, body, message):
    result, out = run(f"%%sparql {line}\n{body}")
    assert isinstance(result.error_in_exec, MagicError)
    assert out.startswith(message) and out.count("\n") == 1, out


def test_a_bad_option_is_an_ipython_usage_error(run):
    result, _ = run("%%sparql --colour red\nSELECT ?x WHERE {}")
    assert not result.success
    result, _ = run("%%sparql -o 1st\nSELECT ?x WHERE {}")
    assert not result.success


# --------------------------------------------------------------------------- output


def test_the_result_is_returned_displayed_and_stored(shell, run):
    shell.user_ns.pop("commerce", None)
    result, out = run(f"%%sparql -p org 商务局 -o commerce\n{LEADS}")
    frame = shell.user_ns["commerce"]
    assert isinstance(frame, pd.DataFrame) and result.result is frame
    assert "Bureau of Commerce" in out and "indicator" in out


def test_a_failing_cell_stores_nothing(shell, run):
    shell.user_ns.pop("broken", None)
    result, _ = run("%%sparql -o broken\nSELECT ?x WHERE {")
    assert not result.success and "broken" not in shell.user_ns


def test_tables_show_labels_not_iris(shell):
    frame = cell(shell, "--lang zh-Hans",
                 "SELECT ?task ?lead ?type WHERE { ?task sg:number 23 ; a sg:Task ; a ?type ; "
                 "sg:lead ?lead }")
    assert frame.to_dict("records") == [
        {"task": "加速推进新基建", "lead": "区通管办", "type": "sg:Task"}]
    raw = cell(shell, "--raw", "SELECT ?task ?lead WHERE { ?task sg:number 23 ; a sg:Task ; "
               "sg:lead ?lead }")
    assert raw.loc[0, "lead"].startswith("https://w3id.org/suchenggraph/org/sucheng/")
    assert raw.loc[0, "task"].endswith("/task/23")


@pytest.mark.parametrize("lang, name", [("en", "Bureau of Commerce"), ("zh-Hans", "区商务局"),
                                        ("zh-Hant", "區商務局")])
def test_labels_follow_lang(shell, lang, name):
    assert set(cell(shell, f"-p org 商务局 --lang {lang}", LEADS)["org"]) == {name}


def test_column_types(shell):
    frame = cell(shell, "", """\
SELECT ?number ?value ?indicator WHERE {
  ?target schema:value ?value ; sg:year ?year .
  OPTIONAL { ?target sg:measures ?i . ?i sg:number ?indicator }
  ?task sg:setsTarget ?target ; sg:number ?number .
}""")
    assert str(frame["number"].dtype) == "int64"
    assert str(frame["value"].dtype) == "float64"
    assert str(frame["indicator"].dtype) == "Int64" and frame["indicator"].isna().any()
    assert cell(shell, "", "ASK { ?s sg:number 23 }").to_dict("records") == [{"result": True}]


def test_construct_gives_subject_predicate_object(shell):
    frame = cell(shell, "--lang zh-Hans", "CONSTRUCT { ?t skos:prefLabel ?l } WHERE "
                 '{ ?t sg:number 23 ; a sg:Task ; skos:prefLabel ?l FILTER(LANG(?l) = "en") }')
    assert frame.to_dict("records") == [{"subject": "加速推进新基建", "predicate": "skos:prefLabel",
                                         "object": "Accelerate new infrastructure construction"}]


def test_to_dataframe_matches_the_engine_rows():
    engine = open_engine()
    result = queries.run_named(engine, "indicators", {"year": "2024"})
    frame = to_dataframe(result, engine, raw=True)
    assert list(frame.columns) == result.columns and len(frame) == len(result.rows)
    assert frame["indicator"].tolist() == [r["indicator"] for r in result.rows]


# --------------------------------------------------------------------------- errors


def _one_line(out: str) -> str:
    assert "Traceback" not in out and "File " not in out
    assert out.endswith("\n") and out.count("\n") == 1, out
    return out.rstrip("\n")


@pytest.mark.parametrize("engine, expected", [
    ("oxigraph", 'QueryError: line 3 (}): cannot parse the query: error at 3:1: expected one of '
                 '"$", "\'", "\'\'\'", "(", "*", "+", "-", ".", "/", ":", "<", "<<", …'),
    ("rdflib", "QueryError: line 2 (?task sg:lead): cannot parse the query: Expected "
               "SelectQuery, found '?' (at char 23), (line:2, col:3)"),
])
def test_a_syntax_error_is_one_line_with_the_engines_message_and_line(run, engine, expected):
    result, out = run(f"%%sparql --engine {engine}\nSELECT ?task WHERE {{\n  ?task sg:lead\n}}")
    assert isinstance(result.error_in_exec, MagicError)
    assert _one_line(out) == expected


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_positions_on_the_first_line_are_the_cells_own(run, engine):
    """The declared prefixes go on line 1; the positions reported are those of the cell."""
    text = "SELECT ?x WHERE { ?x ?p ?o FILTER(?x = ) }"
    with pytest.raises(Exception) as direct:
        open_engine(engine=engine).select(text)
    _, out = run(f"%%sparql --engine {engine}\n{text}")
    # the same message (Oxigraph's list of expected tokens cut to twelve), the same position
    assert _one_line(out) == f"QueryError: line 1 ({text}): {_tidy(direct.value.message)}"


def test_an_unknown_prefix_names_it_and_its_line(run):
    _, out = run("%%sparql\nSELECT ?x WHERE {\n  ?x ex:knows ?y }")
    assert _one_line(out).startswith("QueryError: line 2: unknown prefix ex: (declare it with "
                                     "PREFIX ex: <...>; these are declared for you: dcat:")


def test_a_declared_prefix_is_left_alone(shell):
    frame = cell(shell, "", "PREFIX sg: <https://w3id.org/suchenggraph/ontology#>\n"
                 "PREFIX ex: <https://example.org/>\n"
                 "SELECT (COUNT(?t) AS ?n) WHERE { ?t a sg:Task OPTIONAL { ?t ex:x ?y } }")
    assert frame.loc[0, "n"] == 31


def test_a_missing_data_file(run, tmp_path):
    missing = tmp_path / "missing.ttl"
    _, out = run(f"%%sparql --data {missing}\nSELECT * WHERE {{ ?s ?p ?o }}")
    assert _one_line(out) == f"DataError: {missing}: no such file"


@pytest.fixture()
def endpoint():
    """A SPARQL 1.1 Protocol endpoint on the loopback interface over data/plan.ttl:
    (its URL, the queries it received)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(input=(ROOT / "data" / "plan.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            query = urllib.parse.parse_qs(body)["query"][0]
            received.append(query)
            try:
                answer = store.query(query)
            except SyntaxError as exc:
                status, ctype, data = 400, "text/plain", str(exc).encode()
            else:
                status, ctype = 200, "application/sparql-results+json"
                if isinstance(answer, ox.QueryTriples):
                    ctype = "application/n-triples"
                    data = answer.serialize(format=ox.RdfFormat.N_TRIPLES)
                else:
                    data = answer.serialize(format=ox.QueryResultsFormat.JSON)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/query", received
    server.shutdown()
    server.server_close()
    thread.join()


def test_endpoint_gives_the_same_table(shell, endpoint):
    url, received = endpoint
    local = cell(shell, "-p org 商务局 --lang zh-Hans", LEADS)
    remote = cell(shell, f"--endpoint {url} -p org 商务局 --lang zh-Hans", LEADS)
    pd.testing.assert_frame_equal(remote, local)
    assert set(remote["org"]) == {"区商务局"}
    assert any("COUNT(?thing)" in q for q in received)


def test_endpoint_refuses_updates_before_sending(run, endpoint):
    url, received = endpoint
    result, out = run(f"%%sparql --endpoint {url}\nDELETE WHERE {{ ?s ?p ?o }}")
    assert _one_line(out).startswith("QueryError: refused: DELETE") and received == []


def test_endpoint_errors_are_one_line(run, endpoint):
    url, _ = endpoint
    _, out = run(f"%%sparql --endpoint {url}\nSELECT ?x WHERE {{ ?x ?p }}")
    assert _one_line(out) == (  # Oxigraph's position, mapped to the cell's own line
        f"QueryError: line 1 (SELECT ?x WHERE {{ ?x ?p }}): the SPARQL endpoint {url} answered "
        "HTTP 400 Bad Request: error at 1:26: expected one of LATERAL, SERVICE, [_]")
    down = "http://127.0.0.1:9/query"
    _, out = run(f"%%sparql --endpoint {down}\nSELECT * WHERE {{ ?s ?p ?o }}")
    assert _one_line(out) == (f"QueryError: cannot reach the SPARQL endpoint {down}: "
                              "connection refused")
    _, out = run(f"%%sparql --endpoint {url} --data x.ttl\nSELECT * WHERE {{ ?s ?p ?o }}")
    assert _one_line(out) == "UsageError: give --data FILE or --endpoint URL, not both"


# --------------------------------------------------------------------------- read-only


@pytest.mark.parametrize("query, word", [
    ('INSERT DATA { <urn:x> <urn:p> "x" }', "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("PREFIX sg: <https://w3id.org/suchenggraph/ontology#>\n"
     "DELETE { ?t sg:lead ?o } INSERT { ?t sg:lead <urn:me> } WHERE { ?t sg:lead ?o }", "DELETE"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("DROP ALL", "DROP"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }", "FROM"),
])
def test_updates_are_refused_and_the_graph_is_unchanged(shell, run, tmp_path, query, word):
    data = tmp_path / "plan.ttl"
    data.write_bytes(QUERY_PLAN.read_bytes())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = cell(shell, f"--data {data}", count).loc[0, "n"]
    result, out = run(f"%%sparql --data {data}\n{query}")
    assert isinstance(result.error_in_exec, MagicError)
    line = _one_line(out)
    assert line.startswith(f"QueryError: refused: {word}"), line
    assert data.read_bytes() == QUERY_PLAN.read_bytes()
    assert cell(shell, f"--data {data}", count).loc[0, "n"] == before
    with pytest.raises(Exception, match="refused"):
        run_sparql(query, data=data)


# --------------------------------------------------------------------------- line form


def test_line_form_runs_a_named_query(shell):
    frame = shell.run_line_magic("sparql", "task_targets -p task 23 --lang zh-Hans")
    engine = open_engine()
    expected = to_dataframe(queries.run_named(engine, "task_targets", {"task": "23"}), engine,
                            lang="zh-Hans")
    pd.testing.assert_frame_equal(frame, expected)


def test_line_form_alone_lists_the_catalogue(shell):
    frame = shell.run_line_magic("sparql", "")
    assert frame["name"].tolist() == [q.name for q in queries.catalogue()]


def test_line_form_with_query_text_says_to_use_a_cell(run):
    _, out = run("%sparql SELECT")
    assert _one_line(out).startswith("UsageError: write a SPARQL query as a cell")


def test_line_form_unknown_name_suggests(run):
    _, out = run("%sparql lead -p org 商务局")
    assert _one_line(out) == ("NameNotFound: no named query 'lead' (see `suchenggraph queries`); "
                              "did you mean 'leads', 'top_leads'?")


# --------------------------------------------------------------------------- the guide


def _readme_examples():
    text = (ROOT / "docs" / "notebooks.md").read_text(encoding="utf-8")
    pairs = re.findall(r"```python\n(%%sparql[^\n]*)\n(.*?)```\n\n?```text\n(.*?)```",
                       text, re.S)
    assert len(pairs) >= 2
    return pairs


def test_the_guide_examples_are_real(shell, run):
    for line, body, expected in _readme_examples():
        result, out = run(f"{line}\n{body}")
        if result.success:
            assert repr(result.result) + "\n" == expected, line
        else:
            assert out == expected, line


# --------------------------------------------------------------------------- time limit

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _nothing_left_running(before: set):
    import multiprocessing

    deadline = time.monotonic() + 1
    while time.monotonic() < deadline and set(threading.enumerate()) - before:
        time.sleep(0.05)  # a thread that is ending gets a moment; a spinning one does not end
    assert set(threading.enumerate()) <= before, threading.enumerate()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_timeout_stops_the_query_and_leaves_nothing_running(shell, run, engine):
    before = set(threading.enumerate())
    result, out = run(f"%%sparql --timeout 1 --engine {engine}\n{CROSS_JOIN}")
    assert not result.success
    assert _one_line(out) == ("QueryTimeout: the query ran past its time limit of 1 s and was "
                              "stopped (use --timeout to allow more)")
    _nothing_left_running(before)  # the child that ran it was killed, no thread spins on
    # the kernel goes on as before
    assert cell(shell, "--timeout 5",
                "SELECT (COUNT(?t) AS ?n) WHERE { ?t a sg:Task }").loc[0, "n"] == 31


def test_a_kernel_interrupt_stops_the_query(shell):
    import _thread

    before = set(threading.enumerate())
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):  # the interrupt ends the cell, not the query's end
        cell(shell, "--timeout 30", CROSS_JOIN)
    timer.join()
    _nothing_left_running(before)  # and the child that ran the query was killed


def test_a_quick_query_with_a_time_limit_gives_its_answer_and_errors(shell, run):
    frame = cell(shell, "--timeout 5 -p task 23",
                 "# params: task (task)\nSELECT ?task ?n WHERE { ?task sg:number ?n }")
    assert frame.to_dict("records") == [{"task": "Accelerate new infrastructure construction",
                                         "n": 23}]
    result, out = run('%%sparql --timeout 5\nSELECT ?x WHERE { ?x sg:number "a" + }')
    assert _one_line(out).startswith("QueryError: line 1 (SELECT ?x WHERE")


# --------------------------------------------------------------------------- term kinds


def test_strings_that_look_like_iris_stay_strings(shell):
    frame = cell(shell, "", """\
SELECT ?t (STR(?t) AS ?iri) ("https://w3id.org/suchenggraph/ontology#Task" AS ?note) WHERE {
  ?x sg:number 23 ; a ?t . FILTER(?t = sg:Task)
}""")
    assert frame.to_dict("records") == [{
        "t": "sg:Task", "iri": "https://w3id.org/suchenggraph/ontology#Task",
        "note": "https://w3id.org/suchenggraph/ontology#Task"}]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_engines_tell_iris_from_strings(engine):
    from suchenggraph.engines.interface import IRI

    row = open_engine(engine=engine).select(
        "SELECT ?t (STR(?t) AS ?s) WHERE { ?x a ?t } LIMIT 1").rows[0]
    assert isinstance(row["t"], IRI) and not isinstance(row["s"], IRI)
    assert row["t"] == row["s"] and str(row["t"]) == row["s"]


def test_unlabelled_plan_things_read_as_their_place_in_the_plan(shell):
    import pandas as pd

    frame = shell.run_line_magic("sparql", "task_targets -p task 23")
    assert frame["target"].tolist() == [f"task 23 · target {n}" for n in range(1, 5)]
    for column in ("increase", "recurrence"):  # no row binds these
        assert all(value is pd.NA for value in frame[column]), frame[column].tolist()
    assert not any(value is None for column in frame for value in frame[column])
    assert "None" not in frame.to_string()


def test_unlabelled_things_of_several_plans_name_their_plan():
    from suchenggraph.engines.interface import IRI, Result

    base = "https://w3id.org/suchenggraph/plan/"
    one = [{"x": IRI(base + "a-2022/task/1/target/2")}, {"x": IRI(base + "a-2022/goal/3")}]
    assert to_dataframe(Result(["x"], one))["x"].tolist() == ["task 1 · target 2", "goal 3"]
    two = [{"x": IRI(base + "a-2022/task/1/target/2")}, {"x": IRI(base + "b-2023/goal/3")}]
    assert to_dataframe(Result(["x"], two))["x"].tolist() == ["a-2022: task 1 · target 2",
                                                             "b-2023: goal 3"]


# --------------------------------------------------------------------------- setup


NO_PANDAS = """\
import sys
sys.modules["pandas"] = None  # as if the notebook extra were not installed
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
config = Config()
config.HistoryManager.enabled = False
ip = InteractiveShell.instance(config=config, ipython_dir=sys.argv[1])
result = ip.run_cell("%load_ext suchenggraph")
assert not result.success and isinstance(result.error_in_exec, ImportError)
assert "sparql" not in ip.magics_manager.magics["cell"]
"""


def test_load_ext_without_pandas_is_one_line(tmp_path, monkeypatch, shell):
    from suchenggraph import load_ipython_extension

    out = subprocess.run([sys.executable, "-c", NO_PANDAS, str(tmp_path)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert _one_line(out.stdout) == ("ImportError: the %%sparql magic needs pandas: "
                                     "pip install 'suchenggraph[notebook]'")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"needs pandas: pip install 'suchenggraph\[notebook\]'"):
        load_ipython_extension(shell)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_ill_typed_literal_logs_nothing(shell, caplog, engine):
    import logging

    with caplog.at_level(logging.DEBUG, logger="rdflib.term"):
        frame = cell(shell, f"--engine {engine}",
                     'SELECT ?x WHERE { BIND("abc"^^xsd:integer AS ?x) }')
    assert frame.loc[0, "x"] == "abc"
    assert [r.getMessage()[:80] for r in caplog.records if r.name == "rdflib.term"] == []
