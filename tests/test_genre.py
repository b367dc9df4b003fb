"""Plans of the genre that are not the seed, end to end (issue 11): every corpus text builds
into a graph that conforms, deterministically; several of them go into one dataset and answer
the who-owns-what questions; a non-seed plan's HTML graph draws in a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_scoring import corpus_texts

from suchenggraph.build import build_checked_all, union_turtle
from suchenggraph.cli import main

CORPUS = Path(__file__).parent / "data" / "corpus"


def sg(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("text", corpus_texts(), ids=lambda p: p.stem)
def test_every_corpus_text_builds_a_graph_that_conforms(text):
    builds = build_checked_all(text)  # raises DataError on a SHACL violation
    assert all(b.plan.tasks for b in builds) or len(builds) > 1
    assert not [w for b in builds for w in b.warnings if w.startswith("SHACL")]
    again = build_checked_all(text)
    assert union_turtle(again) == union_turtle(builds)  # byte-identical rebuild


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    path = tmp_path_factory.mktemp("genre") / "plans.nq"
    for name in ("province-notice-two-documents", "city-assessment-annex-crlf",
                 "heldout-zhejiang-duty-label-lines"):
        code, out, err = sg("build", CORPUS / f"{name}.txt", "--dataset", path)
        assert code == 0, err
    return path


def _plans(path):
    code, out, _ = sg("plans", "--data", path, "--json")
    assert code == 0
    return {p["title"]: p["plan"] for p in json.loads(out)}


def test_one_notice_gives_two_plans_and_each_answers_leads(dataset):
    plans = _plans(dataset)
    assert len(plans) == 4  # the notice's policy and action plan are two plans
    action = plans["江苏省跨境电子商务高质量发展三年行动计划(2021—2023年)"]
    code, out, err = sg("leads", "Department of Commerce", "--data", dataset, "--plan", action,
                        "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {r["kind"] for r in rows} == {"task"}
    # numbering restarts in each section: "task 1" is two tasks, named by their keys
    code, out, err = sg("owner", "task 1", "--data", dataset, "--plan", action)
    assert (code, out) == (2, "")
    assert "task 3.1: 加强组织领导; task 2.1.1: 引育一批跨境电商龙头企业" in err
    code, out, err = sg("owner", "task 2.1.1", "--data", dataset, "--plan", action, "--json")
    assert code == 0, err
    assert json.loads(out)[0] == {"role": "lead", "name": "Jiangsu Provincial Department of "
                                  "Commerce"} | {k: v for k, v in json.loads(out)[0].items()
                                                 if k not in ("role", "name")}


def test_a_unit_of_a_city_plan_has_a_composed_english_name(dataset):
    plans = _plans(dataset)
    city = plans["宿迁市2022年数字政府建设工作考评办法"]
    code, out, err = sg("orgs", "--data", dataset, "--plan", city, "--json")
    assert code == 0, err
    names = {r.get("name_en") or r.get("name") for r in json.loads(out)}
    assert "Suqian Municipal Administrative Approval Bureau" in names


def test_orgs_and_top_leads_across_every_plan(dataset):
    code, out, err = sg("orgs", "--data", dataset, "--plan", "all", "--json")
    assert code == 0, err
    governments = {r.get("government") for r in json.loads(out)}
    assert {"320000", "321300", "330000"} <= {str(g) for g in governments}
    code, out, err = sg("query", "top_leads", "--data", dataset, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(int(r["plans"]) >= 1 for r in rows)


def test_the_html_graph_of_a_plan_without_annexes_draws(tmp_path):
    out = tmp_path / "plan.ttl"
    code, _, err = sg("build", CORPUS / "heldout-hubei-district-river-paren-items.txt", "-o", out)
    assert code == 0, err
    page = tmp_path / "plan.html"
    code, stdout, err = sg("graph", "--data", out, "-o", page)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "<script" in html and "sg-network" in html


@pytest.mark.parametrize("name", ["province-notice-two-documents", "heldout2-beijing-chaoyang-"
                                  "employment-annexes", "city-assessment-80-items-bom"])
def test_the_turtle_writer_is_rdflibs_byte_for_byte(name):
    """graphio.serialize_turtle works each prefixed name out once; the text is rdflib's."""
    from rdflib import Graph

    from suchenggraph.graphio import TURTLE_HEADER, serialize_turtle

    for b in build_checked_all(CORPUS / f"{name}.txt"):
        reference = Graph()
        for prefix, ns in b.graph.namespaces():
            reference.bind(prefix, ns, override=True, replace=True)
        reference += b.graph
        assert serialize_turtle(b.graph) == TURTLE_HEADER + reference.serialize(format="turtle")
