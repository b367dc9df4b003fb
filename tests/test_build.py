"""The real plan: counts read from the text, determinism, validation, script and encoding variants."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import DATA, ROOT, SOURCE, TEST_GLOSSARY
from rdflib import PROV, RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from suchenggraph.build import build_plan, summary
from suchenggraph.text import normalise_width, to_simplified
from suchenggraph.validate import validate_graph
from suchenggraph.vocab import OA, ORG, SG

P = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"
ORGS = "https://w3id.org/suchenggraph/org/sucheng/"


def test_counts_read_from_the_plan(real_graph):
    # 10 sub-headings (一)..(十) under 二、主要任务; tasks 1..31; Annex 1 rows 1..15;
    # Annex 2 rows 1..12; four measures (一)..(四) under 三、保障措施.
    counts = summary(real_graph)
    assert counts["action_areas"] == 10
    assert counts["tasks"] == 31
    assert counts["indicators"] == 15
    assert counts["platforms"] == 12
    assert counts["guarantee_measures"] == 4


def test_every_task_has_its_lead(real_graph):
    tasks = set(real_graph.subjects(RDF.type, SG.Task))
    assert all(real_graph.value(t, SG.lead) is not None for t in tasks)
    # task 19 names only a lead: (區應急管理局牽頭)
    t19 = URIRef(f"{P}/task/19")
    assert set(real_graph.objects(t19, SG.lead)) == {URIRef(ORGS + "emergency-management-bureau")}
    assert set(real_graph.objects(t19, SG.cooperatingUnit)) == set()


def test_bureau_of_commerce_leads_tasks_2_9_and_an_indicator_and_two_platforms(real_graph):
    commerce = URIRef(ORGS + "commerce-bureau")
    led = {str(s).removeprefix(P + "/") for s in real_graph.subjects(SG.lead, commerce)}
    assert led == {"task/2", "task/9", "indicator/9", "platform/1", "platform/2"}
    assert Literal("Bureau of Commerce", lang="en") in set(
        real_graph.objects(commerce, SKOS.prefLabel))


def test_cooperation_order_follows_the_text(real_graph):
    # task 1: (區工業和信息化局牽頭,區商務局、區發展和改革局、區科技局,各園區,各街道等按職責分工負責)
    task = URIRef(f"{P}/task/1")
    rows = []
    for r in real_graph.objects(task, SG.responsibility):
        if real_graph.value(r, SG.role) == SG.CooperatingRole:
            org = real_graph.value(r, SG.organisation)
            rows.append((int(real_graph.value(r, SG.order)), str(org).removeprefix(ORGS)))
    assert [slug for _, slug in sorted(rows)] == [
        "commerce-bureau", "development-reform-bureau", "science-technology-bureau",
        "all-parks", "all-subdistricts"]


def test_city_management_bureau_is_one_organisation_with_two_names(real_graph):
    # task 17 says 區城管局, task 18 says 區城市管理局
    org = URIRef(ORGS + "urban-management-bureau")
    assert {str(s).rsplit("/", 1)[1] for s in real_graph.subjects(SG.cooperatingUnit, org)} == {
        "17", "18"}
    names = {str(o) for o in real_graph.objects(org, SKOS.prefLabel)} | {
        str(o) for o in real_graph.objects(org, SKOS.altLabel)}
    assert {"区城市管理局", "区城管局"} <= names


def test_collective_actors_are_kept(real_graph):
    collective = set(real_graph.subjects(RDF.type, SG.CollectiveActor))
    assert {str(c).removeprefix(ORGS) for c in collective} == {"all-parks", "all-subdistricts"}
    assert all((c, RDF.type, ORG.Organization) in real_graph for c in collective)


def test_labels_in_three_languages(real_graph):
    kinds = (SG.Task, SG.ActionArea, SG.Indicator, SG.Platform, ORG.Organization)
    for cls in kinds:
        for node in real_graph.subjects(RDF.type, cls):
            langs = {o.language for o in real_graph.objects(node, SKOS.prefLabel)}
            assert {"zh-Hans", "zh-Hant", "en"} <= langs, node


def test_provenance_quotes_the_source(real_build):
    text = real_build.plan.text_orig
    g = real_build.graph
    spans = set(g.subjects(RDF.type, SG.SourceSpan))
    assert len(spans) > 150
    for span in spans:
        start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
        quote = next(str(q) for q in g.objects(span, SG.quote) if q.language == "zh-Hant")
        assert normalise_width(text[start:end]) == quote
        assert str(g.value(span, OA.exact)) == text[start:end]  # the source's own characters
        assert (span, RDF.type, OA.TextPositionSelector) in g
        assert int(g.value(span, SG.line)) == text.count("\n", 0, start) + 1


def test_targets_in_task_text(real_graph):
    # task 23: 到2024年,建設開通5G基站1500座以上
    t = URIRef(f"{P}/task/23/target/1")
    assert str(real_graph.value(t, URIRef("https://schema.org/value"))) == "1500"
    assert real_graph.value(t, SG.comparator) == SG.AtLeast
    assert str(real_graph.value(t, SG.year)) == "2024"
    assert real_graph.value(t, SG.measures) == URIRef(f"{P}/indicator/13")
    # task 4: 每年新培育跨境電商、直播電商等主體不少于300家 -> annual
    t = URIRef(f"{P}/task/4/target/1")
    assert real_graph.value(t, SG.recurrence) == SG.Annual
    assert real_graph.value(t, SG.year) is None


def test_annex_slash_means_no_target(real_graph):
    # Annex 1 row 5 (省級數字農業農村基地): "/ | 2 | 3"
    ind = URIRef(f"{P}/indicator/5")
    years = sorted(str(real_graph.value(t, SG.year)) for t in real_graph.objects(ind, SG.hasTarget))
    assert years == ["2023", "2024"]


def test_committed_plan_ttl_is_rebuilt_byte_identically(real_build):
    committed = (ROOT / "data" / "plan.ttl").read_text(encoding="utf-8")
    assert real_build.turtle() == committed


def test_two_builds_are_identical():
    assert build_plan(SOURCE).turtle() == build_plan(SOURCE).turtle()


def test_committed_graph_validates_clean(plan_ttl_graph):
    conforms, findings = validate_graph(plan_ttl_graph)
    assert conforms
    assert findings == []


def _without_hant(graph: Graph) -> Graph:
    """The graph without what depends on the source file's script and bytes: zh-Hant
    literals, the script, the exact source characters and the source file's checksum."""
    out = Graph()
    for s, p, o in graph:
        if getattr(o, "language", None) == "zh-Hant" or p in (SG.sourceScript, OA.exact):
            continue
        if str(s).startswith("ni:") or str(o).startswith("ni:"):
            continue
        out.add((s, p, o))
    return out


def test_simplified_source_gives_the_same_graph_but_for_traditional_labels(tmp_path, real_graph):
    simplified = tmp_path / "plan-hans.txt"
    simplified.write_text(to_simplified(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    built = build_plan(simplified)
    assert built.plan.script == "zh-Hans"
    expected, actual = _without_hant(real_graph), _without_hant(built.graph)
    if not isomorphic(expected, actual):
        _, a, b = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"differs: {len(a)} only in Traditional build, {len(b)} only in Simplified")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_encoded_source_reads_like_utf8(tmp_path, real_graph, encoding):
    simplified = to_simplified(SOURCE.read_text(encoding="utf-8"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(simplified, encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(simplified.encode(encoding))
    # the same graph, but for the checksum of the source file's bytes
    gb_graph, utf8_graph = build_plan(gb).graph, build_plan(utf8).graph
    assert _without_source_bytes(gb_graph) == _without_source_bytes(utf8_graph)
    assert set(gb_graph.objects(None, PROV.wasDerivedFrom)) != set(
        utf8_graph.objects(None, PROV.wasDerivedFrom))


def _without_source_bytes(graph: Graph) -> set:
    return {t for t in graph if not any(str(x).startswith("ni:") for x in t)}


def test_installed_wheel_ships_data_and_queries(tmp_path):
    """`pip install .` elsewhere must find plan.ttl, the shapes, the glossary and the queries."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheel_dir), str(ROOT)], check=True)
    wheel = next(wheel_dir.glob("suchenggraph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("suchenggraph/_shipped/data/plan.ttl", "suchenggraph/_shipped/data/shapes.ttl",
                   "suchenggraph/_shipped/data/ontology.ttl",
                   "suchenggraph/_shipped/data/glossary.toml",
                   "suchenggraph/_shipped/data/name_parts.toml",
                   "suchenggraph/_shipped/data/governments.toml"):
        assert needed in names
    assert any(n.startswith("suchenggraph/_shipped/queries/") and n.endswith(".rq")
               for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    out = subprocess.run(
        [sys.executable, "-c", "import suchenggraph.resources as r; print(r.default_plan())"],
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, cwd=tmp_path,
        capture_output=True, text=True, check=True).stdout.strip()
    assert out.startswith(str(target)) and out.endswith("_shipped/data/plan.ttl")
    code = ("from suchenggraph.orgnames import english_name, name_parts; "
            "print(name_parts().path); print(english_name('江苏省商务厅')[0])")
    where, name = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path, capture_output=True, text=True, check=True).stdout.splitlines()
    assert where.startswith(str(target)) and where.endswith("_shipped/data/name_parts.toml")
    assert name == "Jiangsu Provincial Department of Commerce"


def test_build_of_another_plan_needs_an_output_path(tmp_path):
    from click.testing import CliRunner

    from suchenggraph.cli import main

    result = CliRunner().invoke(main, ["build", str(ROOT / "tests/data/clause_forms.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: give -o OUT for another plan text")
    out = tmp_path / "other.ttl"
    result = CliRunner().invoke(main, ["build", str(ROOT / "tests/data/clause_forms.txt"),
                                       "--glossary", str(ROOT / "tests/data/glossary.toml"),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Built by `suchenggraph build`")


def test_build_refuses_strict_with_lenient():
    from click.testing import CliRunner

    from suchenggraph.cli import main

    result = CliRunner().invoke(main, ["build", "--strict", "--lenient"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --strict and --lenient contradict each other: give one\n"


def test_build_does_not_write_a_graph_that_breaks_the_shapes(tmp_path):
    # A task whose clause names only a lead that the glossary cannot type is still valid,
    # so break the plan where SHACL looks: an Annex 2 platform whose area is not an area.
    text = SOURCE.read_text(encoding="utf-8").replace(
        "區委網信辦(數字經濟筑盾引航行動)", "區委網信辦(不存在的行動)")
    src = tmp_path / "plan.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.ttl"
    from suchenggraph.build import build_to_file
    from suchenggraph.errors import DataError

    with pytest.raises(DataError, match="breaks 1 SHACL rule"):
        build_to_file(src, out)
    assert not out.exists()


def test_validate_refuses_a_file_without_a_plan(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    from suchenggraph.graphio import load_graph

    conforms, findings = validate_graph(load_graph(empty))
    assert not conforms
    assert [(f.node, f.path) for f in findings] == [("sg:Plan", "^rdf:type")]


def test_build_government_option_names_the_plans_government(tmp_path):
    from click.testing import CliRunner
    from rdflib import Graph, URIRef

    from suchenggraph.cli import main
    from suchenggraph.vocab import SG

    out = tmp_path / "plan.ttl"
    result = CliRunner().invoke(main, ["build", str(DATA / "clause_forms.txt"), "-o", str(out),
                                       "--glossary", str(TEST_GLOSSARY),
                                       "--government", "Suyu District"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out)
    assert set(g.objects(None, SG.issuingGovernment)) == {
        URIRef("https://w3id.org/suchenggraph/gov/321311")}
    bad = tmp_path / "bad.ttl"
    result = CliRunner().invoke(main, ["build", str(DATA / "clause_forms.txt"), "-o", str(bad),
                                       "--glossary", str(TEST_GLOSSARY),
                                       "--government", "Suyu Distric"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown government 'Suyu Distric'")
    assert "did you mean 'Suyu District'" in result.stderr and not bad.exists()
