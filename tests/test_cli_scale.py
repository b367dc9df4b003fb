"""Many plans on the command line and in the magic: --plan, --store, --endpoint, `plans`,
`serve`, `build --dataset`; one dispatch (factory.open_any) behind all of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_endpoint import PLAN_ID, make_dataset

from suchenggraph import remint as rm
from suchenggraph.cli import main
from suchenggraph.crossplan import CROSS_PLAN_QUERIES
from suchenggraph.engines import dataset as ds
from suchenggraph.engines import persist
from suchenggraph.engines import plans as pl
from suchenggraph.server import OxigraphServer, free_port

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.ttl"
DATA = Path(__file__).resolve().parent / "data"
COPY1, COPY2 = PLAN_ID + "-copy-1", PLAN_ID + "-copy-2"
TITLE = "Three-Year Action Plan for Digital Economy Development in Sucheng District (2022-2024)"
BOM = "\ufeff"


def sg(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def ok(*args):
    code, out, err = sg(*args)
    assert code == 0, err
    return out


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def plans_nq(tmp_path_factory):
    """The real plan, a copy in the same government (copy-1), a copy in "suyu" (copy-2)."""
    return make_dataset(tmp_path_factory.mktemp("scale"))


@pytest.fixture(scope="module")
def twins_nq(tmp_path_factory):
    """The real plan and a copy of it in the same government: one 商务局 node, two plans."""
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    ds.add_plan(store, rm.remint(PLAN, 1))
    return ds.write_dataset(store, tmp_path_factory.mktemp("twins") / "twins.nq")


@pytest.fixture(scope="module")
def store(plans_nq):
    path = plans_nq.parent / "plans.store"
    persist.build_store(path, [plans_nq], progress=persist.Progress(enabled=False))
    return path


@pytest.fixture(scope="module")
def server(store):
    with OxigraphServer(store, timeout=20) as running:
        yield running


# --------------------------------------------------------------------------- one plan, anywhere

QUESTIONS = [
    ["leads", "商务局"], ["leads", "Bureau of Commerce", "--json"],
    ["cooperates", "大数据管理局", "--lang", "zh-Hant"], ["owner", "task 23"], ["task", "23"],
    ["task", "23", "--json"], ["orgs"], ["areas", "--csv"], ["area", "2"], ["indicators"],
    ["indicators", "--year", "2024", "--lang", "zh-Hans"], ["platforms"], ["matrix", "--csv"],
    ["query", "leads", "-p", "org", "商务局"], ["query", "search", "-p", "text", "数字"],
]


@pytest.mark.parametrize("where", ["dataset", "store", "endpoint"])
@pytest.mark.parametrize("question", QUESTIONS, ids=[" ".join(q) for q in QUESTIONS])
def test_one_plan_answers_as_the_plan_file_does(plans_nq, store, server, where, question):
    """Every question, scoped to the real plan in a dataset of three, on a dataset file,
    a store and the server, gives exactly what the plan file gives."""
    source = {"dataset": ["--data", plans_nq], "store": ["--store", store],
              "endpoint": ["--endpoint", server.url]}[where]
    expected = sg(*question)
    assert expected[0] == 0, expected
    assert sg(*question, *source, "--plan", PLAN_ID) == expected


def test_another_governments_copy_answers_for_its_own_organisations(store):
    code, out, err = sg("leads", "商务局", "--store", store, "--plan", COPY2, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert all(f"/plan/{COPY2}/" in r["iri"] for r in rows)
    assert err == "商务局 -> 区商务局 (Bureau of Commerce)\n"


def test_plan_all_is_every_plan(twins_nq):
    assert sg("leads", "区商务局", "--data", twins_nq, "--plan", "all") == sg(
        "leads", "区商务局", "--data", twins_nq)


# --------------------------------------------------------------------------- many plans at once


def test_rows_from_several_plans_say_which_plan(twins_nq):
    assert ok("leads", "区商务局", "--data", twins_nq) == f"""\
plan                                      kind       number  name                                                               area
----------------------------------------  ---------  ------  -----------------------------------------------------------------  ----
{PLAN_ID}         task            2  Accelerate attracting and cultivating digital economy enterprises     1
{PLAN_ID}         task            9  Promote the digital upgrading of consumer services                    3
{PLAN_ID}         indicator       9  E-commerce transaction volume
{PLAN_ID}         platform        1  Smart Park Platform                                                   1
{PLAN_ID}         platform        2  Textile and Apparel Industry Platform                                 2
{COPY1}  task            2  Accelerate attracting and cultivating digital economy enterprises     1
{COPY1}  task            9  Promote the digital upgrading of consumer services                    3
{COPY1}  indicator       9  E-commerce transaction volume
{COPY1}  platform        1  Smart Park Platform                                                   1
{COPY1}  platform        2  Textile and Apparel Industry Platform                                 2
"""
    rows = json.loads(ok("platforms", "--data", twins_nq, "--json"))
    assert [(r["plan"], r["number"]) for r in rows][:3] == [(PLAN_ID, 1), (PLAN_ID, 2),
                                                            (PLAN_ID, 3)]
    assert {r["plan"] for r in rows} == {PLAN_ID, COPY1}
    assert len(rows) == 2 * len(json.loads(ok("platforms", "--json")))


def test_a_name_in_two_governments_is_ambiguous_and_says_where(plans_nq, store, server):
    expected = (2, "", "Error: '商务局' is ambiguous: 2 organisations match (choose a plan to "
                       "narrow it down): 区商务局 (Bureau of Commerce) in government sucheng; "
                       "区商务局 (Bureau of Commerce) in government suyu\n")
    for source in (["--data", plans_nq], ["--store", store], ["--endpoint", server.url]):
        assert sg("leads", "商务局", *source) == expected


def test_the_plan_column_is_the_same_on_every_source(plans_nq, store, server):
    expected = ok("areas", "--data", plans_nq)
    assert expected.split()[:2] == ["plan", "number"]
    assert len(expected.splitlines()) == 2 + 3 * (len(ok("areas").splitlines()) - 2)
    assert ok("areas", "--store", store) == ok("areas", "--endpoint", server.url) == expected


def test_a_task_number_in_several_plans_says_which_plans(plans_nq):
    title = "加速推进新基建 (Accelerate new infrastructure construction)"
    assert sg("owner", "task 23", "--data", plans_nq) == (
        2, "", f"Error: 'task 23' is ambiguous: 3 tasks match (choose a plan to narrow it "
               f"down): task 23: {title} in plan {PLAN_ID}; task 23: {title} in plan {COPY1}; "
               f"task 23: {title} in plan {COPY2}\n")


def test_organisations_of_several_governments_say_which_government(store):
    rows = json.loads(ok("orgs", "--store", store, "--json"))
    commerce = [r for r in rows if r["name_en"] == "Bureau of Commerce"]
    assert [(r["government"], r["lead"]) for r in commerce] == [("sucheng", 4), ("suyu", 2)]
    header = ok("orgs", "--store", store).splitlines()[0].split()
    assert header == ["name", "government", "type", "lead", "cooperating", "responsible",
                      "indicators", "platforms"]
    assert "government" not in ok("orgs", "--store", store, "--plan", COPY2).splitlines()[0]


def test_an_organisation_that_leads_nothing_in_several_plans(twins_nq):
    assert sg("leads", "All parks", "--data", twins_nq) == (
        0, "plan  kind  number  name  area\n----  ----  ------  ----  ----\n",
        "各园区 (All parks) in government sucheng leads nothing in these 2 plans\n")


def test_the_matrix_is_one_plans(store):
    assert sg("matrix", "--store", store) == (
        2, "", f"Error: the matrix is drawn for one plan: choose one with --plan ID (3 plans "
               f"here: {PLAN_ID}, {COPY1}, {COPY2}) (see 'suchenggraph matrix --help')\n")


def test_cross_plan_questions_are_named_queries(store, server):
    assert CROSS_PLAN_QUERIES["top_leads"] == (ROOT / "queries" / "top_leads.rq").read_text(
        encoding="utf-8")
    assert CROSS_PLAN_QUERIES["recurring_indicators"] == (
        ROOT / "queries" / "recurring_indicators.rq").read_text(encoding="utf-8")
    rows = json.loads(ok("query", "top_leads", "--store", store, "--json"))
    assert [(r["org"].rsplit("/org/", 1)[1], r["tasks"], r["plans"]) for r in rows[:2]] == [
        ("sucheng/industry-it-bureau", 10, 2), ("sucheng/agriculture-rural-affairs-bureau", 8, 2)]
    assert ok("query", "recurring_indicators", "--endpoint", server.url, "--csv") == ok(
        "query", "recurring_indicators", "--store", store, "--csv")
    recurring = ok("query", "recurring_indicators", "--store", store, "--csv").rstrip().split("\n")
    assert recurring[0] == BOM + "name_zh_hans,name_en,plans,governments\r"
    assert len(recurring) == 16 and recurring[1].endswith(",3,2\r")


# --------------------------------------------------------------------------- plans


def test_plans_in_a_dataset_a_store_and_an_endpoint(plans_nq, store, server):
    table = f"""\
plan                                      government  identifier             title
----------------------------------------  ----------  ---------------------  {"-" * len(TITLE)}
{PLAN_ID}         sucheng     宿区数字发〔2022〕1号  {TITLE}
{COPY1}  sucheng     宿区数字发〔2022〕1号  {TITLE}
{COPY2}  suyu        宿区数字发〔2022〕1号  {TITLE}
"""
    assert ok("plans", "--data", plans_nq) == table
    assert ok("plans", "--store", store) == table
    assert ok("plans", "--endpoint", server.url) == table
    rows = json.loads(ok("plans", "--data", plans_nq, "--json", "--lang", "zh-Hans"))
    assert rows[2] == {"plan": COPY2, "government": "suyu", "identifier": "宿区数字发〔2022〕1号",
                       "title": "宿城区数字经济发展三年行动计划", "title_en": TITLE,
                       "title_zh_hans": "宿城区数字经济发展三年行动计划",
                       "iri": pl.PLAN_BASE + COPY2}


def test_plans_of_a_plan_file():
    assert ok("plans", "--csv") == (BOM + "plan,government,identifier,title\r\n"
                                    f"{PLAN_ID},sucheng,宿区数字发〔2022〕1号,{TITLE}\n")


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("args, message", [
    (["leads", "x", "--data", "plan.ttl", "--endpoint", "http://127.0.0.1:1/query"],
     "give --data FILE or --endpoint URL, not both (see 'suchenggraph leads --help')"),
    (["orgs", "--store", "s", "--endpoint", "http://127.0.0.1:1/query"],
     "give --store PATH or --endpoint URL, not both (see 'suchenggraph orgs --help')"),
    (["query", "areas", "--engine", "rdflib", "--store", "s"],
     "--engine rdflib reads one graph file; --store PATH is an Oxigraph store "
     "(see 'suchenggraph query --help')"),
    (["query", "areas", "--engine", "rdflib", "--data", "plans.nq"],
     "--engine rdflib reads one graph file; a dataset (.nq, .trig) runs on Oxigraph "
     "(see 'suchenggraph query --help')"),
    (["query", "areas", "--engine", "rdflib", "--endpoint", "http://127.0.0.1:1/query"],
     "--engine rdflib does not apply to --endpoint URL: the endpoint runs its own engine "
     "(see 'suchenggraph query --help')"),
    (["areas", "--plan", " "],
     "Invalid value for '--plan': give a plan id or IRI (see `suchenggraph plans`), or all "
     "(see 'suchenggraph areas --help')"),
    (["plans", "--data", "plans.nq", "--endpoint", "http://127.0.0.1:1/query"],
     "give --data FILE or --endpoint URL, not both (see 'suchenggraph plans --help')"),
])
def test_sources_that_cannot_go_together_are_usage_errors(tmp_path, args, message):
    assert sg(*args) == (2, "", f"Error: {message}\n")
    assert not any(tmp_path.iterdir())  # nothing built


def test_an_unknown_plan_suggests_the_close_ones(plans_nq, store):
    assert sg("areas", "--data", plans_nq, "--plan", PLAN_ID + "-copy-9") == (
        2, "", f"Error: no plan '{PLAN_ID}-copy-9' in the dataset (3 plans: {PLAN_ID}, {COPY1}, "
               f"{COPY2}); did you mean '{COPY2}', '{COPY1}', '{PLAN_ID}'?\n")
    assert sg("areas", "--plan", "sucheng-2023") == (
        2, "", f"Error: no plan 'sucheng-2023' in {PLAN} (1 plan: {PLAN_ID})\n")


def test_a_file_without_a_plan_has_no_plan_to_choose():
    mini = DATA / "query_plan.ttl"
    assert sg("orgs", "--data", mini, "--plan", "mini") == (
        2, "", f"Error: no plan 'mini' in {mini} (0 plans: none)\n")
    assert sg("orgs", "--data", mini, "--plan", "all")[0] == 0


def test_an_endpoint_that_is_down_or_silent():
    url = f"http://127.0.0.1:{free_port()}/query"
    assert sg("leads", "商务局", "--endpoint", url) == (
        1, "", f"Error: cannot reach the SPARQL endpoint {url}: connection refused\n")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        assert sg("areas", "--endpoint", url, "--timeout", "0.3") == (
            1, "", f"Error: the SPARQL endpoint {url} did not answer within 0.3 s\n")


def test_an_update_is_refused_before_it_reaches_the_endpoint(server):
    assert sg("query", "-", "--endpoint", server.url,
              input="INSERT DATA { <urn:a> <urn:b> <urn:c> }") == (
        1, "", "Error: refused: INSERT is a SPARQL update; only read-only queries (SELECT, ASK, "
               "CONSTRUCT, DESCRIBE) run here\n")


# --------------------------------------------------------------------------- the store


def test_a_store_is_built_once_and_rebuilt_when_its_source_changes(tmp_path):
    source = tmp_path / "plans.nq"
    ds.write_dataset(_one(), source)
    path = tmp_path / "plans.store"
    first = sg("areas", "--store", path, "--data", source)
    assert first == sg("areas")
    manifest = (path / persist.MANIFEST).stat().st_mtime_ns
    assert sg("areas", "--store", path) == first  # sources from the manifest; not rebuilt
    assert (path / persist.MANIFEST).stat().st_mtime_ns == manifest
    store = ds.read_dataset(source)
    ds.add_plan(store, rm.remint(PLAN, 4))
    ds.write_dataset(store, source)
    assert [line.split()[0] for line in ok("plans", "--store", path).splitlines()[2:]] == [
        PLAN_ID, PLAN_ID + "-copy-4"]


def _one():
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    return store


def test_a_question_on_a_store_reads_no_graph_file(store):
    """A later process opens the store read-only: no rdflib, networkx or pyvis, no parsing."""
    code = f"""
import sys, sysconfig
from suchenggraph.cli import main
main(["leads", "区商务局", "--store", {str(store)!r}, "--plan", {PLAN_ID!r}],
     standalone_mode=False)
heavy = sorted(m for m in ("rdflib", "networkx", "pyvis", "pyshacl") if m in sys.modules)
print(" ".join(heavy) or "light", file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stderr.strip() == "light"
    assert done.stdout.splitlines()[2].split()[:3] == ["task", "2", "Accelerate"]


# --------------------------------------------------------------------------- build --dataset


SEED_REPORT = ("Read data/source/sucheng-digital-economy-plan-2022-2024.txt: 1 plan\n"
               "  1. 宿城區數字經濟發展三年行動計劃 (宿區數字發〔2022〕1號 · 宿城區 321302 · 2022-2024): "
               "31 tasks, 31 clauses, 35 organisations\n")


def test_build_adds_to_a_dataset_and_replaces_an_earlier_version(tmp_path):
    target = tmp_path / "plans.nq"
    assert sg("build", "--dataset", target) == (
        0, SEED_REPORT + f"Added plan {PLAN_ID} (government sucheng) in {target}: 1 plan, "
        "7,374 quads\n", "")
    reference = tmp_path / "reference.nq"
    ds.write_dataset(_one(), reference)
    assert target.read_bytes() == reference.read_bytes()  # the same as data/plan.ttl's quads
    other = DATA / "clause_forms.txt"
    code, out, err = sg("build", other, "--glossary", DATA / "glossary.toml", "--dataset",
                        target)
    assert (code, out) == (0, f"Read {os.path.relpath(other)}: 1 plan\n  1. 测试区数字化样例行动计划 (测试区样例发"
                              "〔2023〕2号 · test · 2023-2025): 11 tasks, 12 clauses, 7 "
                              f"organisations\nAdded plan test-clauses (government test) in "
                              f"{target}: 2 plans, 8,360 quads\n")
    assert sg("build", "--dataset", target) == (
        0, SEED_REPORT + f"Replaced plan {PLAN_ID} (government sucheng) in {target}: 2 plans, "
        "8,360 quads\n", "")
    assert [line.split()[0] for line in ok("plans", "--data", target).splitlines()[2:]] == [
        PLAN_ID, "test-clauses"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".plans.nq.lock", "plans.nq", "reference.nq"]  # no temporary file left behind


def test_a_new_version_of_a_plan_drops_what_only_the_old_one_named(tmp_path):
    from test_dataset import tiny_plan

    target = tmp_path / "plans.nq"
    old, new, other = (tmp_path / f"{n}.ttl" for n in ("old", "new", "other"))
    old.write_text(tiny_plan("a-2022", "a", {1: "commerce", 2: "finance"}), encoding="utf-8")
    new.write_text(tiny_plan("a-2022", "a", {1: "commerce"}), encoding="utf-8")
    other.write_text(tiny_plan("a-2023", "a", {1: "tourism"}), encoding="utf-8")
    for source in (old, other):
        assert not ds.add_to_dataset_file(target, source, quiet=True).replaced
    update = ds.add_to_dataset_file(target, new, quiet=True)
    assert (update.replaced, update.plans, update.plan.id) == (True, 2, "a-2022")
    text = target.read_text(encoding="utf-8")
    assert "/org/a/finance>" not in text and "/org/a/tourism>" in text
    assert "/plan/a-2022/task/1>" in text and "/plan/a-2022/task/2>" not in text


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_build_dataset_with_o_also_writes_the_turtle(tmp_path):
    code, out, err = sg("build", "--dataset", tmp_path / "p.trig", "-o", tmp_path / "p.ttl")
    assert code == 0, err
    assert out.startswith(SEED_REPORT)
    assert out.splitlines()[2].startswith(f"Wrote {tmp_path / 'p.ttl'}: 1 plan, ")
    assert out.splitlines()[3] == (f"Added plan {PLAN_ID} (government sucheng) in "
                                   f"{tmp_path / 'p.trig'}: 1 plan, 7,374 quads")
    assert (tmp_path / "p.ttl").read_bytes() == PLAN.read_bytes()
    assert ok("plans", "--data", tmp_path / "p.trig") == ok("plans")


def test_build_refuses_a_bad_dataset_and_changes_nothing(tmp_path):
    assert sg("build", "--dataset", tmp_path / "plans.ttl") == (
        1, "", f"Error: {tmp_path / 'plans.ttl'}: unknown RDF file type '.ttl'; expected one "
               "of .nq, .trig\n")
    broken = tmp_path / "broken.nq"
    broken.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> \"x <urn:g> .\n")
    before = broken.read_bytes()
    code, out, err = sg("build", "--dataset", broken)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {broken}:2: cannot parse: ")
    assert broken.read_bytes() == before
    assert sg("build", "--dataset", tmp_path / "none" / "plans.nq") == (
        1, "", f"Error: {tmp_path / 'none'}: folder does not exist\n")
    # an -o that cannot be written fails before the dataset is touched (it was updated,
    # then the command failed with exit 1)
    assert sg("build", "--dataset", tmp_path / "new.nq", "-o", tmp_path / "none" / "p.ttl") == (
        1, "", f"Error: {tmp_path / 'none'}: folder does not exist\n")
    assert not (tmp_path / "new.nq").exists()


def test_writing_a_large_dataset_shows_progress_on_a_terminal(tmp_path, plans_nq):
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    store = ds.read_dataset(plans_nq)
    out = Tty()
    ds.write_dataset(store, tmp_path / "copy.nq",
                     progress=persist.Progress(len(store), stream=out, interval=0,
                                               label="writing", done="written"))
    shown = [x.strip() for x in out.getvalue().split("\r") if x.strip()]
    assert shown[0].startswith("writing: ") and "% written" in shown[0]
    assert shown[-1] == f"wrote {len(store):,} quads to {tmp_path / 'copy.nq'}"
    assert (tmp_path / "copy.nq").read_bytes() == plans_nq.read_bytes()


# --------------------------------------------------------------------------- serve


def _serve(*args, cwd=ROOT):
    """`suchenggraph serve ...` in its own session, as in a terminal: Ctrl-C reaches the
    whole process group (the CLI and the server it started)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "suchenggraph", "serve", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd, start_new_session=True)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_serve_prints_the_url_and_stops_cleanly_on_ctrl_c(store):
    proc = _serve("--store", store, "--timeout", "5")
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/query")
        assert sg("leads", "商务局", "--endpoint", url, "--plan", PLAN_ID) == sg("leads", "商务局")
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=30) == 0
        assert proc.stdout.read() == ""
        assert proc.stderr.read() == (f"serving 3 plans from {store}, read-only; queries stop "
                                      "after 5 s; Ctrl-C stops the server\nstopped\n")
        assert not _port_open(int(url.rsplit(":", 1)[1].split("/")[0]))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_serve_without_a_store_serves_the_plan_from_a_temporary_one(tmp_path):
    port = free_port()
    proc = _serve("--port", port, cwd=tmp_path)
    try:
        assert proc.stdout.readline().strip() == f"http://127.0.0.1:{port}/query"
        assert ok("plans", "--endpoint", f"http://127.0.0.1:{port}/query") == ok("plans")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr.read().splitlines()[0] == (
            "serving 1 plan from a temporary store, read-only; queries stop after 30 s; "
            "Ctrl-C stops the server")
        assert not any(tmp_path.iterdir())
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_serve_listens_on_loopback_only():
    assert sg("serve", "--host", "0.0.0.0") == (
        2, "", "Error: the server listens on the loopback interface only (127.0.0.1 or ::1), "
               "not '0.0.0.0'; put a reverse proxy in front of it to share it\n")


# --------------------------------------------------------------------------- the magic


def test_the_magic_takes_the_same_sources(plans_nq, store, server):
    from suchenggraph.magic import run_sparql
    from suchenggraph.sparqlrun import run_named_query

    text = "# params: org (organisation)\nSELECT ?org ?t WHERE { ?t sg:lead ?org }"
    plain = run_sparql(text, {"org": "商务局"})
    for source in ({"data": str(plans_nq)}, {"store": str(store)}, {"endpoint": server.url}):
        frame = run_sparql(text, {"org": "商务局"}, plan=PLAN_ID, **source)
        assert sorted(map(tuple, frame.values)) == sorted(map(tuple, plain.values)), source
    top = run_named_query("top_leads", store=str(store), raw=True)
    assert list(top.loc[0, ["government", "tasks", "plans"]]) == ["sucheng", 10, 2]


def test_the_magic_options(plans_nq, store):
    from IPython.core.interactiveshell import InteractiveShell

    from suchenggraph.magic import MagicError

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "suchenggraph")
    frame = shell.run_line_magic("sparql", f"areas --store {store} --plan {COPY2}")
    assert frame.equals(shell.run_line_magic("sparql", "areas"))
    with pytest.raises(MagicError) as err:
        shell.run_cell_magic("sparql", f"--store {store} --endpoint http://127.0.0.1:1/q",
                             "SELECT * WHERE { ?s ?p ?o }")
    assert err.value._render_traceback_() == [
        "UsageError: give --store PATH or --endpoint URL, not both"]
    with pytest.raises(MagicError) as err:
        shell.run_line_magic("sparql", f"areas --data {plans_nq} --plan nope")
    assert err.value._render_traceback_()[0].startswith("NameNotFound: no plan 'nope' in the "
                                                        "dataset (3 plans: ")


# --------------------------------------------------------------------------- name resolution


def test_oxigraph_engines_resolve_exact_labels_without_reading_every_label(monkeypatch):
    from suchenggraph.engines.factory import open_engine

    engine = open_engine()

    def scan(kinds=None):
        raise AssertionError("read every label for an exact name")

    monkeypatch.setattr(engine, "candidates", scan)
    assert engine.resolve("区商务局", "organisation").label("en") == "Bureau of Commerce"
    assert engine.resolve("task 23").kind == "task"
    with pytest.raises(AssertionError, match="read every label"):
        engine.resolve("commerce", "organisation")  # not a label as written: the scan
