"""Exact-output CLI tests for the "who owns what" commands, on a tiny hand-made plan."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main

MINI = str(Path(__file__).parent / "data" / "query_plan.ttl")
BOM = "\ufeff"


def sg(*args, data=MINI, input=None):
    extra = ["--data", data] if data and args and args[0] not in ("queries",) else []
    result = CliRunner().invoke(main, [*args, *extra], input=input)
    # the bytes as written: CSV keeps its \r\n line ends
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def ok(*args, **kw):
    code, out, err = sg(*args, **kw)
    assert code == 0, err
    return out


# --------------------------------------------------------------------------- leads


def test_leads_table():
    assert ok("leads", "Bureau of Commerce") == """\
kind       number  name                 area
---------  ------  -------------------  ----
task            1  Build carriers          1
indicator       1  Carriers built
platform        1  Smart Park Platform     1
"""


@pytest.mark.parametrize("name", ["Bureau of Commerce", "bureau of commerce", "commerce",
                                  "Commerce Bureau", "商务局", "区商务局", "商務局", "區商務局"])
def test_leads_any_name(name):
    assert ok("leads", name, "--csv") == BOM + """\
kind,number,name,area\r
task,1,Build carriers,1\r
indicator,1,Carriers built,\r
platform,1,Smart Park Platform,1
"""


@pytest.mark.parametrize(("name", "lang", "names", "note"), [
    ("商务局", "zh-Hans", ("打造载体", "建成载体数", "智慧园区平台"),
     "商务局 -> 区商务局 (Bureau of Commerce)\n"),
    ("區商務局", "zh-Hant", ("打造載體", "建成載體數", "智慧園區平臺"), ""),
], ids=["simplified, with the note on stderr", "traditional"])
def test_leads_in_chinese(name, lang, names, note):
    code, out, err = sg("leads", name, "--lang", lang)
    assert (code, err) == (0, note)
    assert out == """\
kind       number  name          area
---------  ------  ------------  ----
task            1  {}         1
indicator       1  {}
platform        1  {}     1
""".format(*names)


def test_lang_from_the_environment():
    result = CliRunner(env={"SUCHENGGRAPH_LANG": "zh-Hant"}).invoke(
        main, ["leads", "區商務局", "--data", MINI])
    assert result.stdout.splitlines()[2] == "task            1  打造載體         1"


def test_leads_csv_has_a_bom_and_utf8():
    result = CliRunner().invoke(main, ["leads", "commerce", "--csv", "--lang", "zh-Hans",
                                       "--data", MINI])
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfkind,number,name,area\r\n")
    assert "打造载体".encode() in result.stdout_bytes


def test_leads_nl():
    out = ok("leads", "commerce", "--nl")
    assert out == (
        '{"name": "Build carriers", "kind": "task", "number": 1, "name_en": "Build carriers", '
        '"name_zh_hans": "打造载体", "name_zh_hant": "打造載體", "area": 1, '
        '"iri": "https://w3id.org/suchenggraph/plan/mini/task/1"}\n'
        '{"name": "Carriers built", "kind": "indicator", "number": 1, "name_en": '
        '"Carriers built", "name_zh_hans": "建成载体数", "name_zh_hant": "建成載體數", '
        '"area": null, "iri": "https://w3id.org/suchenggraph/plan/mini/indicator/1"}\n'
        '{"name": "Smart Park Platform", "kind": "platform", "number": 1, "name_en": '
        '"Smart Park Platform", "name_zh_hans": "智慧园区平台", "name_zh_hant": "智慧園區平臺", '
        '"area": 1, "iri": "https://w3id.org/suchenggraph/plan/mini/platform/1"}\n')


def test_leads_json_keeps_all_three_names():
    rows = json.loads(ok("leads", "commerce", "--json", "--lang", "zh-Hant"))
    assert rows[0] == {
        "name": "打造載體", "kind": "task", "number": 1, "name_en": "Build carriers",
        "name_zh_hans": "打造载体", "name_zh_hant": "打造載體", "area": 1,
        "iri": "https://w3id.org/suchenggraph/plan/mini/task/1"}
    assert ok("leads", "commerce", "--json").startswith('[\n  {\n    "name": "Build carriers"')


# --------------------------------------------------------------------------- owners


def test_cooperates():
    assert ok("cooperates", "commerce") == """\
number  name             role         area
------  ---------------  -----------  ----
     2  Pool innovation  cooperating     1
"""
    assert ok("cooperates", "各園區", "--lang", "zh-Hant") == """\
number  name      role         area
------  --------  -----------  ----
     2  集聚創新  responsible     1
"""


def test_owner():
    assert ok("owner", "task 2") == """\
role         name
-----------  -----------------------------
lead         Science and Technology Bureau
cooperating  Bureau of Commerce
responsible  All parks
"""
    assert ok("owner", "platform 2", "--lang", "zh-Hans") == """\
role  name
----  ------------
lead  区科技局
lead  区城市管理局
"""
    assert ok("owner", "Data sharing rate", "--csv") == BOM + """\
role,name\r
lead,Science and Technology Bureau\r
lead,Urban Management Bureau
"""


def test_task_table():
    assert ok("task", "1") == """\
field        value
-----------  ------------------------------------------------------------
number       1
title        Build carriers
area         1 Digital Industry
lead         Bureau of Commerce
cooperating  Science and Technology Bureau, Urban Management Bureau
target       建成载体 ≥ 100 units (2024)
line         7
text         打造载体。到2024年,建成载体100个以上。(区商务局牵头,区科技局
             、区城市管理局配合)
"""
    assert ok("task", "城市大脑", "--lang", "zh-Hans") == """\
field        value
-----------  ----------------------
number       3
title        城市大脑
area         2 智慧城市行动
lead         区城市管理局
cooperating  恶意}办
target       城市事项 全覆盖 (2024)
"""


def test_task_csv_and_json():
    assert ok("task", "3", "--csv") == BOM + """\
field,value\r
number,3\r
title,Smart city brain\r
area,2 Smart City\r
lead,Urban Management Bureau\r
cooperating,"Evil"" } UNION { ?s ?p ?o } # Office"\r
target,城市事项 full coverage (2024)
"""
    record = json.loads(ok("task", "1", "--json"))[0]
    assert [o["name_zh_hant"] for o in record["cooperating"]] == ["區科技局", "區城市管理局"]
    assert record["targets"] == [{
        "metric_zh_hans": "建成载体", "metric_zh_hant": "建成載體", "comparator": "AtLeast",
        "value": 100, "unit": "个", "unit_zh_hant": "個", "unit_en": "units", "year": 2024,
        "year_inferred": False, "increase": False, "recurrence": None, "indicator": 1}]
    assert record["text_zh_hant"].startswith("打造載體。")


# --------------------------------------------------------------------------- lists


def test_orgs():
    assert ok("orgs") == """\
name                                 type                      lead  cooperating  responsible  indicators  platforms
-----------------------------------  ------------------------  ----  -----------  -----------  ----------  ---------
Bureau of Commerce                   GovernmentDepartment         1            1            0           1          1
Urban Management Bureau              GovernmentDepartment         1            1            0           1          1
Science and Technology Bureau        GovernmentDepartment         1            1            0           1          1
Evil" } UNION { ?s ?p ?o } # Office  UnclassifiedOrganisation     0            1            0           0          0
All parks                            CollectiveActor              0            0            1           0          0
"""  # noqa: E501
    assert ok("orgs", "--lang", "zh-Hans", "--csv") == BOM + """\
name,type,lead,cooperating,responsible,indicators,platforms\r
区商务局,GovernmentDepartment,1,1,0,1,1\r
区城市管理局,GovernmentDepartment,1,1,0,1,1\r
区科技局,GovernmentDepartment,1,1,0,1,1\r
恶意}办,UnclassifiedOrganisation,0,1,0,0,0\r
各园区,CollectiveActor,0,0,1,0,0
"""


def test_areas_and_area():
    assert ok("areas") == """\
number  name              tasks  platforms
------  ----------------  -----  ---------
     1  Digital Industry      2          1
     2  Smart City            1          1
"""
    assert ok("areas", "--lang", "zh-Hant") == """\
number  name          tasks  platforms
------  ------------  -----  ---------
     1  數字產業行動      2          1
     2  智慧城市行動      1          1
"""
    assert ok("area", "2") == """\
kind      number  name
--------  ------  ----------------
task           3  Smart city brain
platform       2  City Platform
"""
    assert ok("area", "数字产业行动", "--lang", "zh-Hans") == """\
kind      number  name
--------  ------  ------------
task           1  打造载体
task           2  集聚创新
platform       1  智慧园区平台
"""


def test_indicators():
    assert ok("indicators") == """\
number  name               unit     2023  2024  lead
------  -----------------  -------  ----  ----  ------------------------------------------------------
     1  Carriers built     units      50   100  Bureau of Commerce
     2  Data sharing rate  percent        97.5  Science and Technology Bureau, Urban Management Bureau
"""  # noqa: E501
    assert ok("indicators", "--year", "2024", "--lang", "zh-Hans") == """\
number  name        unit  target  lead
------  ----------  ----  ------  ----------------------
     1  建成载体数  个       100  区商务局
     2  数据共享率  %       97.5  区科技局、区城市管理局
"""
    assert ok("indicators", "--year", "2023", "--csv") == BOM + """\
number,name,unit,target,lead\r
1,Carriers built,units,50,Bureau of Commerce\r
2,Data sharing rate,percent,,"Science and Technology Bureau, Urban Management Bureau"
"""
    rows = json.loads(ok("indicators", "--json"))
    assert rows[1]["targets"] == {"2024": 97.5}
    assert [o["name_zh_hans"] for o in rows[1]["lead_orgs"]] == ["区科技局", "区城市管理局"]


def test_platforms():
    assert ok("platforms") == """\
number  name                 area_name         lead
------  -------------------  ----------------  ------------------------------------------------------
     1  Smart Park Platform  Digital Industry  Bureau of Commerce
     2  City Platform        Smart City        Science and Technology Bureau, Urban Management Bureau
"""  # noqa: E501
    assert ok("platforms", "--lang", "zh-Hant") == """\
number  name          area_name     lead
------  ------------  ------------  ----------------------
     1  智慧園區平臺  數字產業行動  區商務局
     2  城市平臺      智慧城市行動  區科技局、區城市管理局
"""


def test_matrix():
    assert ok("matrix") == """\
organisation                         1  2  3  L  C  R
-----------------------------------  -  -  -  -  -  -
Bureau of Commerce                   L  C     1  1  0
Urban Management Bureau              C     L  1  1  0
Science and Technology Bureau        C  L     1  1  0
Evil" } UNION { ?s ?p ?o } # Office        C  0  1  0
All parks                               R     0  0  1
"""
    assert ok("matrix", "--csv") == BOM + """\
organisation,1,2,3,L,C,R\r
Bureau of Commerce,L,C,,1,1,0\r
Urban Management Bureau,C,,L,1,1,0\r
Science and Technology Bureau,C,L,,1,1,0\r
"Evil"" } UNION { ?s ?p ?o } # Office",,,C,0,1,0\r
All parks,,R,,0,0,1
"""
    assert ok("matrix", "--lang", "zh-Hans") == """\
organisation  1  2  3  L  C  R
------------  -  -  -  -  -  -
区商务局      L  C     1  1  0
区城市管理局  C     L  1  1  0
区科技局      C  L     1  1  0
恶意}办             C  0  1  0
各园区           R     0  0  1
"""
    first = json.loads(ok("matrix", "--json"))[0]
    assert first == {"organisation": "Bureau of Commerce", "1": "L", "2": "C", "3": "",
                     "L": 1, "C": 1, "R": 0, "name_en": "Bureau of Commerce",
                     "name_zh_hans": "区商务局", "name_zh_hant": "區商務局",
                     "iri": "https://w3id.org/suchenggraph/org/mini/commerce"}


# --------------------------------------------------------------------------- queries and query


def test_queries_lists_the_catalogue():
    out = ok("queries")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "title", "params"]
    assert ("leads                 What an organisation leads              org (organisation)"
            in lines)
    rows = json.loads(ok("queries", "--json"))
    assert {r["name"] for r in rows} >= {"leads", "owner", "matrix"}
    assert all(r["description"] for r in rows)


def test_query_by_name_with_params():
    assert ok("query", "owner", "-p", "thing", "indicator 2", "--csv") == BOM + """\
thing,role,position,org,name_en,name_zh_hans,name_zh_hant\r
https://w3id.org/suchenggraph/plan/mini/indicator/2,lead,0,https://w3id.org/suchenggraph/org/mini/science,Science and Technology Bureau,区科技局,區科技局\r
https://w3id.org/suchenggraph/plan/mini/indicator/2,lead,0,https://w3id.org/suchenggraph/org/mini/urban,Urban Management Bureau,区城市管理局,區城市管理局
"""  # noqa: E501
    assert ok("query", "areas") == """\
area                                            number  name_en           name_zh_hans  name_zh_hant  tasks  platforms
----------------------------------------------  ------  ----------------  ------------  ------------  -----  ---------
https://w3id.org/suchenggraph/plan/mini/area/1       1  Digital Industry  数字产业行动  數字產業行動      2          1
https://w3id.org/suchenggraph/plan/mini/area/2       2  Smart City        智慧城市行动  智慧城市行動      1          1
"""  # noqa: E501


def test_query_from_stdin_and_file(tmp_path):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/suchenggraph/ontology#Task> }"
    assert ok("query", "-", input=text) == "n\n-\n3\n"
    assert ok("query", "-", "--engine", "rdflib", "--json", input=text) == '[\n  {\n    "n": 3\n  }\n]\n'
    path = tmp_path / "labels.rq"
    path.write_text("# title: Labels\n# description: d\n# params: thing (task)\n"
                    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?thing ?l WHERE { ?thing skos:prefLabel ?l } ORDER BY STR(?l)\n",
                    encoding="utf-8")
    assert ok("query", str(path), "-p", "thing", "城市大腦", "--csv") == BOM + """\
thing,l\r
https://w3id.org/suchenggraph/plan/mini/task/3,Smart city brain\r
https://w3id.org/suchenggraph/plan/mini/task/3,城市大脑\r
https://w3id.org/suchenggraph/plan/mini/task/3,城市大腦
"""


def test_query_binds_hostile_values_as_literals():
    value = '" } UNION { ?s ?p ?o } #'
    out = ok("query", "search", "-p", "text", value, "--json")
    assert [(r["text"], r["thing"]) for r in json.loads(out)] == [
        (value, "https://w3id.org/suchenggraph/org/mini/hostile")]
    text = "SELECT ?x WHERE { }"
    for engine in ("oxigraph", "rdflib"):
        assert ok("query", "-", "-p", "x", "a\" } UNION {\n", "--json", "--engine", engine,
                  input=text) == '[\n  {\n    "x": "a\\" } UNION {\\n"\n  }\n]\n'


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("args, code, message", [
    (["leads", "局"], 2, "Error: '局' is ambiguous: 3 organisations match: 区商务局 (Bureau of "
     "Commerce); 区城市管理局 (Urban Management Bureau); 区科技局 (Science and Technology "
     "Bureau)\n"),
    (["leads", "Bureau of Comerce"], 2, "Error: no organisation is named 'Bureau of Comerce'; "
     "did you mean 'Bureau of Commerce'?\n"),
    (["leads", "商业局"], 2, "Error: no organisation is named '商业局'; did you mean '区商务局'?\n"),
    (["leads", "xyzzy"], 2, "Error: no organisation is named 'xyzzy'\n"),
    (["leads", "task 1"], 2, "Error: 'task 1' names a task; expected an organisation\n"),
    (["leads", '" } UNION { ?x ?y ?z } #'], 2,
     "Error: no organisation is named '\" } UNION { ?x ?y ?z } #'; did you mean "
     "'Evil\" } UNION { ?s ?p ?o } #\\nOffice'?\n"),
    (["owner", "task 9"], 2, "Error: there is no task 9 (numbers run 1-3)\n"),
    (["owner", "1"], 2, "Error: '1' is ambiguous: 3 things match: task 1: 打造载体 (Build "
     "carriers); indicator 1: 建成载体数 (Carriers built); platform 1: 智慧园区平台 (Smart Park "
     "Platform)\n"),
    (["task", "Bureau of Commerce"], 2, "Error: no task is named 'Bureau of Commerce'\n"),
    (["area", "9"], 2, "Error: there is no area 9 (numbers run 1-2)\n"),
    (["query", "lead"], 2, "Error: no named query 'lead' (see `suchenggraph queries`); did you "
     "mean 'leads', 'top_leads'?\n"),
    (["query", "leads"], 2, "Error: query 'leads' needs -p org VALUE (organisation)\n"),
    (["query", "leads", "-p", "org", "commerce", "-p", "year", "2024"], 2,
     "Error: query 'leads' has no parameter 'year' (its parameters: org)\n"),
    (["query", "leads", "-p", "org", "a", "-p", "org", "b"], 2,
     "Error: parameter 'org' given twice\n"),
    (["query", "indicators", "-p", "year", "24"], 2,
     "Error: parameter year wants a year (four digits), not '24'\n"),
    (["query", "nothing/here.rq"], 1, "Error: nothing/here.rq: no such query file\n"),
])
def test_errors_go_to_stderr_only(args, code, message):
    got_code, out, err = sg(*args)
    assert (got_code, out, err) == (code, "", message)


@pytest.mark.parametrize("text, message", [
    ("DELETE WHERE { ?s ?p ?o }", "Error: refused: DELETE is a SPARQL update; only read-only "
     "queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here\n"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "Error: refused: INSERT is a SPARQL update; "
     "only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here\n"),
    ("LOAD <http://example.org/x.ttl>", "Error: refused: LOAD is a SPARQL update; only "
     "read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here\n"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "Error: refused: "
     "SERVICE (a federated query to another endpoint) is not allowed; the query runs on the plan "
     "graph only\n"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "Error: refused: FROM / FROM NAMED "
     "would read another graph; the query runs on the plan graph only\n"),
    ("SELECT ?x WHERE { ?x ?p }", "Error: line 1 (SELECT ?x WHERE { ?x ?p }): cannot parse "
     "the query: error at 1:26: expected one of LATERAL, SERVICE, [_]\n"),
    ("", "Error: no query on standard input\n"),
])
def test_query_refusals_and_errors(text, message):
    code, out, err = sg("query", "-", input=text)
    assert (out, err) == ("", message)
    assert code == (2 if "standard input" in message else 1)


def test_query_time_limit():
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    code, out, err = sg("query", "-", "--timeout", "0.01", input=heavy)
    assert (code, out) == (1, "")
    assert err == "Error: the query ran past its time limit of 0.01 s (use --timeout to allow " \
        "more)\n"


def test_malformed_data_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n",
                   encoding="utf-8")
    for args in (["leads", "commerce"], ["orgs"], ["matrix", "--csv"], ["query", "areas"]):
        code, out, err = sg(*args, data=str(bad))
        assert (code, out) == (1, "")
        assert err == (f"Error: {bad}:3: cannot parse: Parser error between line 3 column 11 "
                       "and line 4 column 1: Unexpected end of file\n")


def test_missing_data_file(tmp_path):
    assert sg("orgs", data=str(tmp_path / "none.ttl")) == (
        1, "", f"Error: {tmp_path / 'none.ttl'}: no such file\n")


def test_bad_options_are_usage_errors():
    assert sg("leads", "commerce", "--lang", "fr") == (
        2, "", "Error: Invalid value for '--lang': 'fr' is not one of en, zh-Hans, zh-Hant "
               "(see 'suchenggraph leads --help')\n")
    assert sg("indicators", "--year", "soon") == (
        2, "", "Error: Invalid value for '--year': 'soon' is not a valid integer "
               "(see 'suchenggraph indicators --help')\n")


# --------------------------------------------------------------------------- the fast path


def test_the_fast_path_imports_only_click_and_pyoxigraph():
    code = """
import sys, sysconfig
before = set(sys.modules)
from suchenggraph.cli import main
main(["leads", "Bureau of Commerce"], standalone_mode=False)
site = sysconfig.get_paths()["purelib"]
third = sorted({name.split(".")[0] for name in set(sys.modules) - before
                if (getattr(sys.modules[name], "__file__", None) or "").startswith(site)})
print(" ".join(third), file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    imported = done.stderr.split()
    assert set(imported) <= {"click", "pyoxigraph", "suchenggraph"}, imported
    assert "Bureau of Commerce" not in done.stdout and "task" in done.stdout


# --------------------------------------------------------------------------- review fixes

IDLE_ORG = """
<https://w3id.org/suchenggraph/org/mini/ndrc> a <http://www.w3.org/ns/org#Organization> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Development and Reform Bureau"@en ,
        "区发展和改革局"@zh-Hans , "區發展和改革局"@zh-Hant ;
    <http://www.w3.org/2004/02/skos/core#hiddenLabel> "发改局"@zh-Hans , "發改局"@zh-Hant .
"""


@pytest.fixture()
def idle(tmp_path):
    """The mini plan plus an organisation that holds no role, named also by a hidden label."""
    path = tmp_path / "idle.ttl"
    path.write_text(Path(MINI).read_text(encoding="utf-8") + IDLE_ORG, encoding="utf-8")
    return str(path)


def test_an_organisation_that_leads_nothing(idle):
    empty = "kind  number  name  area\n----  ------  ----  ----\n"
    assert sg("leads", "发改局", data=idle) == (  # a search-only label: no "->" note
        0, empty, "区发展和改革局 (Development and Reform Bureau) leads nothing in this plan\n")
    assert sg("leads", "发展和改革", data=idle) == (
        0, empty, "发展和改革 -> 区发展和改革局 (Development and Reform Bureau)\n"
                  "区发展和改革局 (Development and Reform Bureau) leads nothing in this plan\n")
    assert sg("leads", "區發展和改革局", "--lang", "zh-Hant", "--json", data=idle) == (
        0, "[]\n", "區發展和改革局 (Development and Reform Bureau) leads nothing in this plan\n")
    assert sg("leads", "All parks") == (0, "kind  number  name  area\n"
                                           "----  ------  ----  ----\n",
                                        "各园区 (All parks) leads nothing in this plan\n")


def test_an_organisation_that_cooperates_on_nothing(idle):
    assert sg("cooperates", "發改局", "--csv", data=idle) == (
        0, BOM + "number,name,role,area\n",
        "区发展和改革局 (Development and Reform Bureau) cooperates on nothing in this plan\n")


@pytest.mark.parametrize("year, years", [("2021", "2023 and 2024"), ("2025", "2023 and 2024")])
def test_indicators_for_a_year_the_plan_sets_no_target_for(year, years):
    assert sg("indicators", "--year", year) == (
        2, "", f"Error: the plan sets no indicator target for {year}; it sets them for "
               f"{years}\n")


def test_indicators_for_a_year_outside_the_real_plan():
    assert sg("indicators", "--year", "2021", data=None) == (
        2, "", "Error: the plan sets no indicator target for 2021; it sets them for 2022, 2023 "
               "and 2024\n")


def test_a_query_file_that_is_a_folder(tmp_path):
    assert sg("query", str(tmp_path)) == (
        1, "", f"Error: {tmp_path}: is a folder, not a query file\n")


def test_a_graph_file_the_rdflib_engine_cannot_parse(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "中文 .\n', encoding="utf-8")
    expected = (1, "", f"Error: {bad}:2: cannot parse: Parser error between line 2 column 11 "
                       "and line 3 column 1: Unexpected end of file\n")
    assert sg("query", "areas", "--engine", "rdflib", data=str(bad)) == expected
    assert sg("query", "areas", data=str(bad)) == expected


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { # c\rSERVICE <http://127.0.0.1:8765/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:8765/sparql> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:8765/> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }",
])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_refuses_service_behind_lexical_tricks(text, engine):
    assert sg("query", "-", "--engine", engine, input=text) == (
        1, "", "Error: refused: SERVICE (a federated query to another endpoint) is not "
               "allowed; the query runs on the plan graph only\n")
