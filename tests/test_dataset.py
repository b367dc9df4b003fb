"""Many plans in one dataset: named graphs, shared organisations, files, re-minting."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import sample_terms

from suchenggraph import remint as rm
from suchenggraph.crossplan import CROSS_PLAN_QUERIES
from suchenggraph.engines import dataset as ds
from suchenggraph.engines import plans as pl
from suchenggraph.errors import DataError, NameNotFound, UsageError

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.ttl"
PLAN_ID = "sucheng-digital-economy-2022-2024"
P = pl.PLAN_BASE + PLAN_ID
SG = "https://w3id.org/suchenggraph/ontology#"
ORG = pl.ORG_BASE

HEAD = """\
@prefix sg: <https://w3id.org/suchenggraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def tiny_plan(plan_id: str, government: str, leads: dict[int, str]) -> str:
    """A hand-made plan: tasks led by organisations (slug -> the 商务局-like name)."""
    p = f"<{pl.PLAN_BASE}{plan_id}>"
    out = [HEAD, f'{p} a sg:Plan ; sg:government "{government}" ;'
                 f' dcterms:title "{plan_id}"@zh-Hans .']
    names = {"commerce": "区商务局", "finance": "区财政局", "tourism": "区文旅局"}
    for number, slug in leads.items():
        o = f"<{ORG}{government}/{slug}>"
        out.append(f"<{pl.PLAN_BASE}{plan_id}/task/{number}> a sg:Task ; sg:number {number} ;"
                   f" dcterms:isPartOf {p} ; sg:lead {o} .")
        out.append(f'{o} a org:Organization ; skos:prefLabel "{names[slug]}"@zh-Hans ;'
                   f' sg:government "{government}" .')
    return "\n".join(out) + "\n"


@pytest.fixture()
def tiny(tmp_path):
    """Two plans of government "a" (both name commerce) and one of government "b"."""
    files = {
        "a1": tiny_plan("a-2022", "a", {1: "commerce", 2: "finance"}),
        "a2": tiny_plan("a-2023", "a", {1: "commerce", 2: "tourism"}),
        "b1": tiny_plan("b-2022", "b", {1: "commerce"}),
    }
    paths = {}
    for key, text in files.items():
        paths[key] = tmp_path / f"{key}.ttl"
        paths[key].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def three():
    """The real plan, a copy in the same government, a copy in another government."""
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    ds.add_plan(store, rm.remint(PLAN, 1))
    ds.add_plan(store, rm.remint(PLAN, 2, government="suyu"))
    return store


def select(store, text, **kw):
    kw = kw or {"use_default_graph_as_union": True}
    answer = store.query(text, **kw)
    names = [v.value for v in answer.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in answer]


def test_base_is_the_vocabulary_base():
    from suchenggraph.vocab import BASE

    assert pl.BASE == BASE


def test_each_triple_lands_in_exactly_one_graph():
    parts = pl.split_plan(PLAN)
    graphs = Counter(q.graph_name.value for q in parts.quads)
    assert set(graphs) == {P, ORG + "sucheng"}
    flat = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(PLAN))}
    assert len(parts.quads) == len(flat) == sum(graphs.values())
    for q in parts.quads:
        in_org_graph = q.graph_name.value == ORG + "sucheng"
        authority = (q.subject.value.startswith(ORG + "sucheng/") and "/post/" not in
                     q.subject.value and q.predicate.value in pl.AUTHORITY)
        assert in_org_graph == authority, q


def test_what_a_plan_says_about_an_organisation_goes_with_the_plan():
    """Plan A, then plan B of the same government saying another host, then a new A:
    each plan keeps its own statement, and replacing A leaves no stale one (issue 15.2)."""
    office = ox.NamedNode(ORG + "sucheng/digital-economy-leading-group/office")
    hosted = ox.NamedNode(pl.SG + "hostedBy")
    b_host = ox.NamedNode(ORG + "sucheng/commerce-bureau")
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    copy = pl.split_plan(rm.remint(PLAN, 2))
    quads = [ox.Quad(q.subject, q.predicate, b_host, q.graph_name)
             if q.subject == office and q.predicate == hosted else q for q in copy.quads]
    ds.add_plan(store, pl.PlanParts(copy.plan_iri, copy.government, quads))
    ds.add_plan(store, PLAN)  # a new version of A
    hosts = sorted((q.graph_name.value, q.object.value)
                   for q in store.quads_for_pattern(office, hosted, None, None))
    assert hosts == [(P, ORG + "sucheng/development-reform-bureau"),
                     (copy.plan_iri, ORG + "sucheng/commerce-bureau")]
    # the office's English name is an authority fact: once, in the government's graph
    labels = [q for q in store.quads_for_pattern(office, None, None, None)
              if q.predicate.value.endswith("prefLabel") and q.object.language == "en"]
    assert [q.graph_name.value for q in labels] == [ORG + "sucheng"]
    ds.remove_plan(store, copy.id)
    assert [q.object.value for q in store.quads_for_pattern(office, hosted, None, None)] == [
        ORG + "sucheng/development-reform-bureau"]


def _two_groups():
    """The extractor's SAMPLE and a second plan of the same district with another leading
    group, whose office is hosted elsewhere (issue 15.2)."""
    from suchenggraph.extract import SAMPLE, parse_plan
    from suchenggraph.glossary import Glossary
    from suchenggraph.model import to_graph

    other = (SAMPLE.replace("宿区样例发〔2022〕9号", "宿区另一发〔2023〕3号")
             .replace("区样例工作领导小组", "区另一工作领导小组").replace("设在区商务局", "设在区财政局"))
    glossary = Glossary.load()
    return [pl.split_plan(to_graph(parse_plan(text), glossary).graph) for text in (SAMPLE, other)]


def _offices(store):
    kind = ox.NamedNode(pl.SG + "LeadingGroupOffice")
    hosted = ox.NamedNode(pl.SG + "hostedBy")
    offices = {q.subject for q in store.quads_for_pattern(None, None, kind, None)}
    return {(o.value.rsplit("/", 2)[-2], q.object.value.rsplit("/", 1)[1], q.graph_name.value)
            for o in offices for q in store.quads_for_pattern(o, hosted, None, None)}


def test_two_leading_groups_of_one_government_have_two_offices():
    a, b = _two_groups()
    assert a.government == b.government == "sucheng" and a.plan_iri != b.plan_iri
    store = ds.new_dataset()
    ds.add_plan(store, a)
    ds.add_plan(store, b)
    groups = {q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode(pl._RDF_TYPE), ox.NamedNode(pl.SG + "LeadingGroup"), None)}
    offices = _offices(store)
    assert {(host, graph) for _, host, graph in offices} == {
        ("commerce-bureau", a.plan_iri), ("finance-bureau", b.plan_iri)}
    with_office = {ORG + "sucheng/" + group for group, _, _ in offices}
    assert len(with_office) == 2 and with_office <= groups
    # each office's name and kind are authority facts, in the government's graph
    for group in with_office:
        office = ox.NamedNode(group + "/office")
        assert {q.graph_name.value for q in store.quads_for_pattern(
            office, ox.NamedNode(pl._RDF_TYPE), None, None)} == {ORG + "sucheng"}


def test_replacing_or_removing_one_plan_leaves_the_other_plans_office():
    a, b = _two_groups()
    mentions = pl.SG + "mentions"
    # nothing but the office's host names b's office in b's graph: no sg:mentions of it
    b = ds.PlanParts(b.plan_iri, b.government, [
        q for q in b.quads if not (q.predicate.value == mentions
                                   and q.object.value.endswith("/office"))])
    store = ds.new_dataset()
    ds.add_plan(store, a)
    ds.add_plan(store, b)
    before = _offices(store)
    ds.add_plan(store, a)  # a new version of a
    assert _offices(store) == before
    ds.remove_plan(store, a.id)
    assert _offices(store) == {x for x in before if x[2] == b.plan_iri}
    office_b = ox.NamedNode(ORG + "sucheng/" + next(iter(_offices(store)))[0] + "/office")
    labels = [q for q in store.quads_for_pattern(office_b, None, None, None)
              if q.predicate.value.endswith("prefLabel")]
    assert labels and {q.graph_name.value for q in labels} == {ORG + "sucheng"}


def test_a_renamed_organisation_keeps_one_english_name():
    """Issue 15.2: plan A, then plan B built with a glossary that renames the Commerce
    Bureau in English: the bureau has B's one English name, not two."""
    commerce = ox.NamedNode(ORG + "sucheng/commerce-bureau")
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    copy = pl.split_plan(rm.remint(PLAN, 2))
    renamed = ox.Literal("Commerce Bureau of Sucheng", language="en")
    quads = [ox.Quad(q.subject, q.predicate, renamed, q.graph_name)
             if q.subject == commerce and q.predicate == pref and q.object.language == "en"
             else q for q in copy.quads]
    ds.add_plan(store, ds.PlanParts(copy.plan_iri, copy.government, quads))
    english = [q.object.value for q in store.quads_for_pattern(commerce, pref, None, None)
               if q.object.language == "en"]
    assert english == ["Commerce Bureau of Sucheng"]
    # the other organisations keep their descriptions
    office = ox.NamedNode(ORG + "sucheng/digital-economy-leading-group/office")
    assert any(True for _ in store.quads_for_pattern(office, pref, None, None))


def test_a_plan_from_an_rdflib_graph_or_a_file_is_the_same(real_graph):
    from_file = {str(q) for q in pl.split_plan(PLAN).quads}
    from_graph = {str(q) for q in pl.split_plan(real_graph).quads}
    assert from_file == from_graph


def test_list_find_and_scope(three):
    plans = pl.list_plans(three, counts=True)
    assert [(p.id, p.government) for p in plans] == [
        (PLAN_ID, "sucheng"), (PLAN_ID + "-copy-1", "sucheng"), (PLAN_ID + "-copy-2", "suyu")]
    assert plans[0].title_en.startswith("Three-Year Action Plan")
    assert plans[0].identifier == "宿区数字发〔2022〕1号"
    assert plans[0].triples == plans[1].triples == plans[2].triples > 5000
    assert pl.find_plan(three, "<" + P + "-copy-2>").government == "suyu"
    with pytest.raises(NameNotFound) as err:
        pl.find_plan(three, PLAN_ID + "-copy-9")
    assert "did you mean" in err.value.one_line()
    scoped = pl.scope(three, PLAN_ID + "-copy-2")
    assert [g.value for g in scoped["default_graph"]] == [P + "-copy-2", ORG + "suyu"]


def test_same_government_shares_the_organisation_node(tiny):
    store = ds.new_dataset()
    for key in ("a1", "a2", "b1"):
        ds.add_plan(store, tiny[key])
    leads = select(store, f"""
        SELECT ?task ?org WHERE {{ ?task <{SG}lead> ?org }} ORDER BY ?task""")
    assert [(r["task"].split("/plan/")[1], r["org"].split("/org/")[1]) for r in leads] == [
        ("a-2022/task/1", "a/commerce"), ("a-2022/task/2", "a/finance"),
        ("a-2023/task/1", "a/commerce"), ("a-2023/task/2", "a/tourism"),
        ("b-2022/task/1", "b/commerce")]
    # one node per government: described once, in its government's graph
    commerce = select(store, """
        SELECT ?org ?g WHERE { GRAPH ?g { ?org <http://www.w3.org/2004/02/skos/core#prefLabel>
                                          "区商务局"@zh-Hans } } ORDER BY ?org""", )
    assert [(r["org"], r["g"]) for r in commerce] == [
        (ORG + "a/commerce", ORG + "a"), (ORG + "b/commerce", ORG + "b")]
    # the union is a set: a shared organisation's label is counted once
    count = select(store, """SELECT (COUNT(*) AS ?n) WHERE {
        ?org <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }""")
    assert count[0]["n"] == "4"  # a/commerce, a/finance, a/tourism, b/commerce


def test_removing_a_plan_keeps_shared_organisations(tiny):
    store = ds.new_dataset()
    for key in ("a1", "a2", "b1"):
        ds.add_plan(store, tiny[key])
    ds.remove_plan(store, "a-2023")
    orgs = sorted(q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("http://www.w3.org/ns/org#Organization"), None))
    assert orgs == [ORG + "a/commerce", ORG + "a/finance", ORG + "b/commerce"]
    ds.remove_plan(store, "b-2022")
    assert not store.contains_named_graph(ox.NamedNode(ORG + "b"))
    assert [p.id for p in pl.list_plans(store)] == ["a-2022"]


def test_adding_a_plan_again_replaces_it(tiny):
    store = ds.new_dataset()
    ds.add_plan(store, tiny["a1"])
    before = len(store)
    ds.add_plan(store, tiny["a1"])
    assert len(store) == before
    with pytest.raises(DataError, match="already in the dataset"):
        ds.add_plan(store, tiny["a1"], replace=False)


def test_real_plans_share_organisations_within_a_government_only(three):
    commerce_s, commerce_y = ORG + "sucheng/commerce-bureau", ORG + "suyu/commerce-bureau"
    top = {r["org"]: r for r in select(three, CROSS_PLAN_QUERIES["top_leads"])}
    single = select(three, f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t <{SG}lead> <{commerce_s}> ; "
                           f"a <{SG}Task> }}", default_graph=ox.NamedNode(P))[0]["n"]
    assert top[commerce_s]["tasks"] == str(2 * int(single)) and top[commerce_s]["plans"] == "2"
    assert top[commerce_y]["tasks"] == single and top[commerce_y]["plans"] == "1"
    assert top[commerce_s]["name_zh_hans"] == top[commerce_y]["name_zh_hans"] == "区商务局"
    # the shared node is described once: the same number of triples as with one plan
    described = [q for q in three.quads_for_pattern(ox.NamedNode(commerce_s), None, None, None)]
    assert {q.graph_name.value for q in described} == {ORG + "sucheng"}
    alone = ds.new_dataset()
    ds.add_plan(alone, PLAN)
    assert len(described) == sum(1 for _ in alone.quads_for_pattern(
        ox.NamedNode(commerce_s), None, None, None))


def test_recurring_indicators(three):
    recurring = select(three, CROSS_PLAN_QUERIES["recurring_indicators"])
    assert len(recurring) == 15
    assert {(r["plans"], r["governments"]) for r in recurring} == {("3", "2")}


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_files_are_deterministic_and_round_trip(tmp_path, tiny, suffix):
    one, two = ds.new_dataset(), ds.new_dataset()
    for key in ("a1", "a2", "b1"):
        ds.add_plan(one, tiny[key])
    for key in ("b1", "a2", "a1"):
        ds.add_plan(two, tiny[key])
    f1, f2 = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    ds.write_dataset(one, f1)
    ds.write_dataset(two, f2)
    assert f1.read_bytes() == f2.read_bytes()
    back = ds.read_dataset(f1)
    assert sorted(map(str, back)) == sorted(map(str, one))
    if suffix == ".nq":
        lines = f1.read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines, key=lambda x: (x.rsplit(" ", 2)[-2], x))
    else:
        assert "@prefix sg: <https://w3id.org/suchenggraph/ontology#> ." in f1.read_text()


def test_a_malformed_dataset_file_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> \"oops <urn:g> .\n")
    with pytest.raises(DataError) as err:
        ds.read_dataset(bad)
    assert err.value.path == str(bad) and err.value.line == 2
    with pytest.raises(DataError, match="unknown RDF file type"):
        ds.write_dataset(ds.new_dataset(), tmp_path / "out.ttl")
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_reading_a_big_file_shows_progress_on_a_terminal(tmp_path, three, suffix):
    import io

    from suchenggraph.engines.bulk import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    path = ds.write_dataset(three, tmp_path / f"plans{suffix}")
    out = Tty()
    back = ds.read_dataset(path, progress=Progress(path.stat().st_size, stream=out, interval=0))
    assert len(back) == len(three)
    shown = [x.strip() for x in out.getvalue().split("\r") if x.strip()]
    assert shown[0].startswith("loading: ") and shown[-1] == f"read {len(three):,} quads from {path}"
    quiet = io.StringIO()
    ds.read_dataset(path, progress=Progress(path.stat().st_size, stream=quiet))
    assert quiet.getvalue() == ""


def test_a_plan_file_must_hold_one_plan(tmp_path, tiny):
    two = tmp_path / "two.ttl"
    two.write_text(tiny["a1"].read_text() + tiny["b1"].read_text().replace(HEAD, ""))
    with pytest.raises(DataError, match="exactly one sg:Plan; this one has 2 plans"):
        pl.split_plan(two)
    none = tmp_path / "none.ttl"
    none.write_text(HEAD + "<urn:x> a <urn:y> .\n")
    with pytest.raises(DataError, match="has no sg:Plan"):
        pl.split_plan(none)


def test_remint_rewrites_iris_and_nothing_else(plan_ttl_graph):
    from rdflib import Literal, URIRef

    real_graph = plan_ttl_graph
    copy = rm.remint(real_graph, 7, government="suyu")
    assert len(copy) == len(real_graph)
    old_literals = Counter(o for o in real_graph.objects() if isinstance(o, Literal))
    new_literals = Counter(o for o in copy.objects() if isinstance(o, Literal))
    changed = old_literals - new_literals
    assert set(changed) == {Literal("sucheng")}  # sg:government, the key org IRIs come from
    iris = {t for triple in copy for t in triple if isinstance(t, URIRef)}
    assert not any("/plan/" + PLAN_ID + "/" in t or t == URIRef(P) for t in iris)
    assert not any("/org/sucheng/" in t for t in iris)
    assert URIRef(P + "-copy-7/task/2") in set(copy.subjects())
    # structure: mapping the IRIs back gives the original graph
    back = {tuple(URIRef(str(t).replace(P + "-copy-7", P).replace("/org/suyu", "/org/sucheng"))
                  if isinstance(t, URIRef) else (Literal("sucheng") if t == Literal("suyu")
                                                 else t) for t in triple)
            for triple in copy}
    assert back == set(real_graph)


def test_the_fast_reminter_agrees_with_remint():
    fast = rm.Reminter(PLAN)
    for k, gov in ((0, None), (3, None), (4, "suyu")):
        text = fast.nquads(k, government=gov)
        slow = pl.split_plan(rm.remint(PLAN, k, government=gov) if k else PLAN)
        assert sorted(text.splitlines()) == sorted(
            pl.PlanParts(slow.plan_iri, slow.government, slow.quads).nquads().decode()
            .splitlines())


def test_remint_refuses_a_bad_government():
    with pytest.raises(UsageError, match="lower-case letters"):
        rm.remint(PLAN, 1, government="Su Yu")


def test_a_one_plan_scope_answers_like_the_plan_file(three):
    """Every named query gives the same rows on the plan alone and on its scope in a dataset."""
    from suchenggraph.engines.factory import open_engine
    from suchenggraph.queries import catalogue

    alone = open_engine(PLAN)
    scoped = ds.DatasetEngine(three, PLAN_ID)
    for q in catalogue():
        terms = sample_terms(q)
        a = alone.select(q.text, terms).values()
        b = scoped.select(q.text, terms).values()
        assert sorted(map(repr, a)) == sorted(map(repr, b)), q.name


def test_names_resolve_within_a_plan_and_are_ambiguous_across_governments(three):
    from suchenggraph.errors import AmbiguousName

    one = ds.DatasetEngine(three, PLAN_ID + "-copy-2")
    assert one.resolve("区商务局", "organisation").iri == ORG + "suyu/commerce-bureau"
    assert one.resolve("task 5").iri == P + "-copy-2/task/5"
    everything = ds.DatasetEngine(three)
    with pytest.raises(AmbiguousName) as err:
        everything.resolve("区商务局", "organisation")
    assert err.value.one_line() == (
        "'区商务局' is ambiguous: 2 organisations match (choose a plan to narrow it down): "
        "区商务局 (Bureau of Commerce) in government sucheng; "
        "区商务局 (Bureau of Commerce) in government suyu")


def test_a_plan_naming_units_of_other_governments_reads_their_graphs(tmp_path):
    """A district plan naming 省商务厅 and 市发改委: one-plan questions see their names."""
    import dataclasses

    from suchenggraph.extract import SAMPLE, Clause, parse_plan
    from suchenggraph.glossary import Glossary
    from suchenggraph.model import to_graph

    plan = parse_plan(SAMPLE)
    task = plan.tasks[0]
    clause = Clause(leads=["省商务厅"], cooperating=["市发改委", "区商务局"],
                    span=task.clauses[0].span)
    plan = dataclasses.replace(plan, tasks=[dataclasses.replace(task, clauses=[clause])])
    graph = to_graph(plan, Glossary.load()).graph
    store = ds.new_dataset()
    info = ds.add_plan(store, graph)
    assert info.other_org_graphs == (ORG + "320000", ORG + "321300")
    assert info.graphs == [info.iri, ORG + "sucheng", ORG + "320000", ORG + "321300"]
    rows = store.query("""
        SELECT ?name WHERE { ?t <https://w3id.org/suchenggraph/ontology#lead> ?o .
                             ?o <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }""",
                       **pl.scope(store, info.id))
    assert "省商务厅" in {r["name"].value for r in rows}


def test_the_plans_of_one_notice_go_into_a_dataset_together_or_not_at_all(tmp_path, monkeypatch):
    """A notice that issues two plans: when the second cannot be added, the dataset file
    is left exactly as it was (it held the first plan before the fix)."""
    from click.testing import CliRunner

    from suchenggraph.cli import main

    two = Path(__file__).resolve().parent / "data" / "corpus" / \
        "heldout4-hebei-province-two-docs-row-lines.txt"
    target = tmp_path / "plans.nq"
    assert CliRunner().invoke(main, ["build", "--dataset", str(target)]).exit_code == 0
    before = target.read_bytes()
    real, calls = pl.split_plan, []

    def second_fails(source):
        calls.append(source)
        if len(calls) == 2:
            raise DataError("the second plan cannot be split")
        return real(source)

    monkeypatch.setattr(ds, "split_plan", second_fails)
    done = CliRunner().invoke(main, ["build", str(two), "--dataset", str(target)])
    assert done.exit_code == 1, done.output
    assert "the second plan cannot be split" in done.output
    assert target.read_bytes() == before
    monkeypatch.setattr(ds, "split_plan", real)
    done = CliRunner().invoke(main, ["build", str(two), "--dataset", str(target)])
    assert done.exit_code == 0, done.output
    assert len(pl.list_plans(ds.read_dataset(target))) == 3
