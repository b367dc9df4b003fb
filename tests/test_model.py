"""The model on plans the seed does not show: no period, no number, no date, task keys,
deadlines, units of other governments, collective actors, the government a plan belongs to,
stable plan ids, and English names of units the glossary lacks (issues 11 and 15)."""

import dataclasses
from datetime import date

import pytest
from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Literal, URIRef

from suchenggraph import graphnodes, model
from suchenggraph.crossplan import CROSS_PLAN_QUERIES
from suchenggraph.errors import NameNotFound
from suchenggraph.extract import SAMPLE, Clause, Notice, Span, parse_plan
from suchenggraph.glossary import Glossary
from suchenggraph.model import ROLE_PROP, default_plan_id, derive_shortcuts, org_iri, to_graph
from suchenggraph.vocab import ORG, SCHEMA, SG

GOV = "https://w3id.org/suchenggraph/gov/"


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load()


def sample(**changes):
    """The extractor's SAMPLE plan, with fields replaced."""
    return dataclasses.replace(parse_plan(SAMPLE), **changes)


def with_clause(plan, clause: Clause, key: str | None = None):
    """``plan`` whose only task has ``clause`` (and task key ``key``)."""
    task = plan.tasks[0]
    span = task.clauses[0].span
    clause = dataclasses.replace(clause, span=span)
    new = dataclasses.replace(task, clauses=[clause], key=key or task.key)
    return dataclasses.replace(plan, tasks=[new])


def labels(g, node, lang):
    return sorted(str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == lang)


def test_a_plan_without_period_number_or_date_builds(glossary):
    plan = sample(period=None, doc_number=None, date=None, issuer=None)
    result = to_graph(plan, glossary, government="321302")
    g, P = result.graph, result.plan_iri
    assert g.value(P, DCTERMS.temporal) is None
    assert g.value(P, DCTERMS.identifier) is None and g.value(P, DCTERMS.issued) is None
    assert str(P).endswith("/plan/" + default_plan_id(plan))  # from the title
    assert (P, SG.issuingGovernment, URIRef(GOV + "321302")) in g


def test_date_and_issuer_come_from_the_notice_when_the_plan_has_none(glossary):
    notice = Notice(title="关于印发样例行动计划的通知", doc_number="苏政办发〔2022〕7号",
                    issuer="江苏省人民政府办公厅", date=(2022, 3, 4), addressee="各市人民政府：",
                    span=Span(1, 0, 5, "", "关于印发"))
    plan = sample(issuer=None, date=None, notice=notice, doc_number="苏政办发〔2022〕7号")
    result = to_graph(plan, glossary)
    g, P = result.graph, result.plan_iri
    assert g.value(P, DCTERMS.issued) == Literal("2022-03-04", datatype=XSD.date)
    assert g.value(P, SG.issuingGovernment) == URIRef(GOV + "320000")
    creator = g.value(P, DCTERMS.creator)
    assert labels(g, creator, "zh-Hans") == ["江苏省人民政府办公厅"]
    assert (creator, ORG.subOrganizationOf, URIRef(GOV + "320000")) in g


@pytest.mark.parametrize("doc_number, issuer, code", [
    ("宿区样例发〔2022〕9号", None, "321302"),  # the number's prefix
    ("苏政办发〔2022〕7号", None, "320000"),
    ("宿政办发〔2022〕3号", None, "321300"),
    ("X发〔2022〕1号", "宿迁市人民政府", "321300"),  # the issuer
    ("X发〔2022〕1号", "宿迁市宿城区人民政府办公室", "321302"),  # the most specific name
])
def test_the_government_comes_from_the_document(glossary, doc_number, issuer, code):
    plan = sample(doc_number=doc_number, issuer=issuer)
    result = to_graph(plan, glossary)
    gov = URIRef(GOV + code)
    assert result.graph.value(result.plan_iri, SG.issuingGovernment) == gov
    assert (gov, SKOS.notation, Literal(code)) in result.graph


def test_government_overrides_and_disagreements(glossary):
    plan = sample(doc_number="苏政办发〔2022〕7号", issuer="宿迁市人民政府")
    result = to_graph(plan, glossary)
    assert result.graph.value(result.plan_iri, SG.issuingGovernment) == URIRef(GOV + "321300")
    assert any("took the issuer's" in w for w in result.warnings)
    for given in ("320000", "江苏省", "Jiangsu", "Jiangsu Province"):
        result = to_graph(plan, glossary, government=given)
        assert result.graph.value(result.plan_iri, SG.issuingGovernment) == URIRef(GOV + "320000")
    with pytest.raises(NameNotFound, match="did you mean"):
        to_graph(plan, glossary, government="Jiangsu Provinc")


def test_an_unknown_government_is_a_warning_not_a_guess(glossary):
    result = to_graph(sample(doc_number="未知发〔2022〕1号", issuer=None), glossary)
    assert result.graph.value(result.plan_iri, SG.issuingGovernment) is None
    assert any("--government" in w for w in result.warnings)


def test_plan_ids_are_stable_and_distinct_for_the_plans_of_one_notice(glossary):
    first = sample(doc_number="苏政办发〔2021〕9号", index=0)
    second = sample(doc_number="苏政办发〔2021〕9号", index=1, title="若干政策措施")
    a, b = to_graph(first, glossary), to_graph(second, glossary)
    assert a.plan_iri != b.plan_iri
    assert to_graph(first, glossary).plan_iri == a.plan_iri  # rebuilding keeps it
    assert a.plan_iri.endswith("/plan/" + default_plan_id(first))
    # the glossary's id belongs to the notice's first plan only
    seedlike = sample(doc_number="宿区数字发〔2022〕1号")
    assert to_graph(seedlike, glossary).plan_iri.endswith("/sucheng-digital-economy-2022-2024")
    later = sample(doc_number="宿区数字发〔2022〕1号", index=1, title="另一文件")
    assert "sucheng-digital" not in to_graph(later, glossary).plan_iri


def test_task_iris_come_from_the_task_key(glossary):
    plan = with_clause(sample(), Clause(leads=["区商务局"]), key="2.1.3")
    g = to_graph(plan, glossary).graph
    task = next(g.subjects(RDF.type, SG.Task))
    assert str(task).endswith("/task/2.1.3")
    assert g.value(task, SKOS.notation) == Literal("2.1.3")
    seed = to_graph(sample(), glossary).graph
    plain = next(seed.subjects(RDF.type, SG.Task))
    assert str(plain).endswith("/task/1") and seed.value(plain, SKOS.notation) is None


def test_deadlines_are_written_on_the_responsibilities(glossary):
    clause = Clause(leads=["区商务局", "区科技局"], deadline="5月底完成", due=date(2022, 5, 31))
    g = to_graph(with_clause(sample(), clause), glossary).graph
    rs = sorted(g.subjects(RDF.type, SG.Responsibility))
    assert [str(r).rsplit("/", 1)[1] for r in rs] == ["1-lead-1", "1-lead-2"]
    for r in rs:
        assert g.value(r, SG.dueDate) == Literal("2022-05-31", datatype=XSD.date)
        assert {(str(o), o.language) for o in g.objects(r, SG.deadlineText)} == {
            ("5月底完成", "zh-Hans"), ("5月底完成", "zh-Hant")}
        assert g.value(r, SG.ongoing) is None
    ongoing = Clause(leads=["区商务局"], deadline="持续推进", ongoing=True)
    g = to_graph(with_clause(sample(), ongoing), glossary).graph
    r = next(g.subjects(RDF.type, SG.Responsibility))
    assert g.value(r, SG.ongoing) == Literal(True) and g.value(r, SG.dueDate) is None


def test_units_of_other_governments_are_distinct_nodes(glossary, monkeypatch):
    monkeypatch.setattr(graphnodes, "english_name", None)
    # (a central agency such as 南京海关 has no government of its own in the model yet:
    # it is scoped to the plan's government, like any unit without a level or place)
    clause = Clause(leads=["省商务厅", "市发改委"], cooperating=["区商务局", "宿迁市行政审批局"])
    g = to_graph(with_clause(sample(), clause), glossary).graph
    task = next(g.subjects(RDF.type, SG.Task))
    govs = {labels(g, o, "zh-Hans")[0]: str(g.value(o, ORG.subOrganizationOf))
            for o in set(g.objects(task, SG.lead)) | set(g.objects(task, SG.cooperatingUnit))}
    assert govs == {"省商务厅": GOV + "320000", "市发改委": GOV + "321300",
                    "区商务局": GOV + "321302", "宿迁市行政审批局": GOV + "321300"}
    leads = sorted(str(o) for o in g.objects(task, SG.lead))
    assert leads[0].startswith("https://w3id.org/suchenggraph/org/320000/")
    assert leads[1].startswith("https://w3id.org/suchenggraph/org/321300/")
    # the province's 商务厅 in a district plan is the same node as in a provincial plan
    provincial = with_clause(sample(doc_number="苏政办发〔2022〕7号"), Clause(leads=["省商务厅"]))
    pg = to_graph(provincial, glossary).graph
    assert leads[0] in {str(o) for o in pg.subjects(RDF.type, ORG.Organization)}


@pytest.mark.parametrize("group, en", [
    ("区推进数字经济工作领导小组", ["Office of the Digital Economy Leading Group"]),  # the glossary's
    ("区人才工作领导小组", ["Office of the Sucheng District Talent Work Leading Group"]),
])
def test_a_leading_groups_office_is_minted_under_the_group(glossary, group, en):
    """Issue 15.2: the office is the group's, not one per government; the glossary's names
    of 领导小组办公室 belong to the office of the group its entry names, not to another's."""
    plan = sample()
    plan = dataclasses.replace(plan, leading_group=dataclasses.replace(plan.leading_group,
                                                                       name=group))
    g = to_graph(plan, glossary).graph
    office = next(g.subjects(RDF.type, SG.LeadingGroupOffice))
    group_node = next(s for s in g.subjects(RDF.type, SG.LeadingGroup)
                      if labels(g, s, "zh-Hans") == [group])
    assert office == URIRef(f"{group_node}/office")
    assert (office, ORG.subOrganizationOf, group_node) in g
    assert labels(g, office, "en") == en and labels(g, office, "zh-Hans") == ["领导小组办公室"]
    assert str(g.value(office, SG.hostedBy)).endswith("/commerce-bureau")


def test_collective_actors_are_collective(glossary):
    names = ["各市人民政府", "各县（市、区）", "各有关企业", "省数字经济领导小组成员单位"]
    plan = with_clause(sample(doc_number="苏政办发〔2022〕7号"), Clause(responsible=names))
    g = to_graph(plan, glossary).graph
    actors = {labels(g, o, "zh-Hans")[0] for o in g.subjects(RDF.type, SG.CollectiveActor)}
    assert actors == set(names)


def test_without_orgnames_a_new_unit_has_no_english_label_and_a_warning(glossary, monkeypatch):
    monkeypatch.setattr(graphnodes, "english_name", None)
    result = to_graph(with_clause(sample(), Clause(leads=["区新设局"])), glossary)
    node = org_iri("sucheng", "org-" + graphnodes.stable_hash("区新设局", 8))
    assert labels(result.graph, node, "en") == []
    assert any("'区新设局'" in w and "no English label" in w for w in result.warnings)


def test_orgnames_gives_english_labels_and_names_unknown_parts(glossary, monkeypatch):
    calls = []

    def english_name(name, level_hint=None):
        calls.append((name, level_hint))
        return ("Jiangsu Provincial Department of Commerce", []) if name == "省商务厅" else (
            None, ["新设"])

    monkeypatch.setattr(graphnodes, "english_name", english_name)
    plan = with_clause(sample(), Clause(leads=["省商务厅"], cooperating=["区新设局"]))
    result = to_graph(plan, glossary)
    g = result.graph
    dept = next(o for o in g.subjects(RDF.type, ORG.Organization)
                if labels(g, o, "zh-Hans") == ["省商务厅"])
    assert labels(g, dept, "en") == ["Jiangsu Provincial Department of Commerce"]
    assert ("省商务厅", "province") in calls and ("区新设局", "district") in calls
    assert any("'区新设局'" in w and "'新设'" in w for w in result.warnings)
    assert not any("'省商务厅'" in w and "English" in w for w in result.warnings)


def test_every_shortcut_is_derived_from_a_responsibility(glossary):
    from suchenggraph.build import build_plan

    g = build_plan().graph
    rebuilt = derive_shortcuts(g.__class__())
    for triple in g.triples((None, SG.responsibility, None)):
        rebuilt.add(triple)
    for r in g.subjects(RDF.type, SG.Responsibility):
        for p in (SG.organisation, SG.role):
            rebuilt.add((r, p, g.value(r, p)))
    derive_shortcuts(rebuilt)
    for prop in ROLE_PROP.values():
        assert set(g.subject_objects(prop)) == set(rebuilt.subject_objects(prop)), prop
    # every annex lead is a Responsibility too
    indicator = next(g.subjects(RDF.type, SG.Indicator))
    assert list(g.objects(indicator, SG.responsibility))


def test_the_ontology_names_each_roles_shortcut():
    from rdflib import Graph

    from suchenggraph.model import ROLE
    from suchenggraph.resources import data_dir

    onto = Graph().parse(data_dir() / "ontology.ttl")
    for key, role in ROLE.items():
        assert onto.value(role, ORG.roleProperty) == ROLE_PROP[key]


def test_period_legal_id_rises_and_inferred_matches(glossary):
    from rdflib import RDF as R

    from suchenggraph.vocab import DCAT, ELI

    result = to_graph(sample(), glossary)
    g, P = result.graph, result.plan_iri
    period = g.value(P, DCTERMS.temporal)
    assert (g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)) == (
        Literal("2022", datatype=XSD.gYear), Literal("2024", datatype=XSD.gYear))
    assert (P, R.type, ELI.LegalResource) in g
    assert g.value(P, ELI.id_local) == Literal("宿区样例发〔2022〕9号")


@pytest.mark.parametrize("unit, code, multiplier", [
    ("亿元", "CNY", 100000000), ("万元", "CNY", 10000), ("元", "CNY", None),
    ("%", "P1", None), ("万户", None, 10000), ("家", None, None),
])
def test_money_is_in_cny_with_its_multiplier(glossary, unit, code, multiplier):
    """Issue 15.5: money has schema:unitCode CNY beside the unit as written, and a unit with
    万 or 亿 its multiplier; schema:value stays the number the plan writes."""
    plan = sample()
    goal = plan.goals[0]
    target = dataclasses.replace(goal.targets[0], unit=unit)
    plan = dataclasses.replace(plan, goals=[dataclasses.replace(goal, targets=[target])])
    g = to_graph(plan, glossary).graph
    node = next(t for t in g.subjects(SG.unit, None) if "/goal/" in str(t))
    assert [str(o) for o in g.objects(node, SCHEMA.unitCode)] == ([code] if code else [])
    assert [o.toPython() for o in g.objects(node, SG.unitMultiplier)] == (
        [multiplier] if multiplier else [])
    assert g.value(node, SCHEMA.value).toPython() == 450


def test_inferred_indicator_links_say_how_they_were_matched():
    from suchenggraph.build import build_plan

    g = build_plan().graph
    matches = list(g.subjects(RDF.type, SG.IndicatorMatch))
    assert matches
    for m in matches:
        target = g.value(None, SG.indicatorMatch, m)
        assert g.value(target, SG.measures) == g.value(m, SG.matchedIndicator)
        assert int(g.value(m, SG.commonRun)) >= 3 and g.value(m, SG.commonEnding) is not None
    # an annex target's link is stated by the annex: no match behind it
    annex = [t for t in g.subjects(SG.measures, None) if "/indicator/" in str(t)]
    assert annex and not any(g.value(t, SG.indicatorMatch) for t in annex)
    rises = set(g.subjects(SG.increase, Literal(True)))
    assert rises == set(g.subjects(RDF.type, SG.RiseTarget))


def test_the_build_is_a_prov_activity_over_checksummed_inputs():
    from rdflib import PROV

    from suchenggraph.build import build_plan

    g = build_plan().graph
    activity = next(g.subjects(RDF.type, PROV.Activity))
    used = {str(g.value(e, RDFS.label)): str(e) for e in g.objects(activity, PROV.used)}
    assert set(used) == {"source", "glossary", "governments"}
    assert all(iri.startswith("ni:///sha-256;") and len(iri) == 57 for iri in used.values())
    plan = next(g.subjects(PROV.wasGeneratedBy, activity))
    assert str(g.value(plan, PROV.wasDerivedFrom)) == used["source"]


def test_indicators_of_two_plans_meet_in_one_concept():
    """Two wordings the glossary maps to one concept count as one recurring indicator."""
    from suchenggraph.engines import dataset as ds
    from suchenggraph.extract import Indicator

    gl = Glossary.load()
    gl.tables["indicator_concept"] = {"电商交易额": "电子商务交易额"}

    def plan_with(doc_number, name):
        base = sample(doc_number=doc_number)
        span = base.tasks[0].span
        ind = Indicator(number=1, name=name, category=None, unit="亿元", leads=["区商务局"],
                        targets=[], span=span)
        return dataclasses.replace(base, indicators=[ind])

    a = to_graph(plan_with("宿区样例发〔2022〕9号", "电子商务交易额"), gl).graph
    b = to_graph(plan_with("苏政办发〔2022〕7号", "电商交易额"), gl).graph
    concept = URIRef("https://w3id.org/suchenggraph/indicator-concept/e-commerce-transaction-volume")
    for g in (a, b):
        assert set(g.objects(None, SG.indicatorConcept)) == {concept}
    store = ds.new_dataset()
    ds.add_plan(store, a)
    ds.add_plan(store, b)
    answer = store.query(CROSS_PLAN_QUERIES["recurring_indicators"],
                         use_default_graph_as_union=True)
    rows = [tuple(s[v.value].value for v in answer.variables) for s in answer]
    assert rows == [("电子商务交易额", "E-commerce transaction volume", "2", "2")]


def test_organisations_are_classified_from_one_scheme_of_unit_kinds():
    from rdflib import Graph

    from suchenggraph.resources import data_dir

    g = to_graph(sample(), Glossary.load()).graph
    onto = Graph().parse(data_dir() / "ontology.ttl")
    for org in g.subjects(RDF.type, ORG.Organization):
        kind = g.value(org, ORG.classification)
        assert (org, RDF.type, kind) in g
        assert (kind, SKOS.inScheme, SG.UnitKinds) in onto


def test_every_stage_of_the_build_is_named_in_the_module_docstring():
    # a reader finds each stage from the docstring, in the order build() runs them
    import ast
    import inspect


    build = ast.parse(inspect.getsource(model._Builder.build).strip())
    called = [n.func.attr for n in ast.walk(build) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
              and n.func.value.id == "self" and hasattr(model._Builder, n.func.attr)
              and n.func.attr.startswith("_")]
    assert len(called) >= 12
    doc = model.__doc__
    places = [doc.find(f"``{stage}``") for stage in called]
    assert -1 not in places, [s for s, p in zip(called, places, strict=True) if p < 0]
    assert places == sorted(places)
    for stage in called:
        assert getattr(model._Builder, stage).__doc__, f"{stage} has no docstring"
