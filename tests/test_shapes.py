"""The shapes catch what matters (issue 15.4): each mutated copy of the seed graph must fail
``validate``, naming the node at fault and the rule it breaks."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from suchenggraph.validate import validate_graph
from suchenggraph.vocab import SG

PLAN_TTL = Path(__file__).resolve().parent.parent / "data" / "plan.ttl"
P = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024/"
ORG_NS = "https://w3id.org/suchenggraph/org/sucheng/"


@pytest.fixture(scope="module")
def seed():
    return Graph().parse(PLAN_TTL)


def _first(g, s, p):
    return sorted(g.objects(s, p))[0]


def two_english_labels(g):
    g.add((URIRef(ORG_NS + "commerce-bureau"), SKOS.prefLabel, Literal("Commerce Bureau", lang="en")))
    return "org/sucheng/commerce-bureau", "two preferred labels in one language"


def target_without_unit(g):
    t = URIRef(P + "task/2/target/1")
    g.remove((t, SG.unit, None))
    return "task/2/target/1", "needs a unit"


def target_with_two_years(g):
    g.add((URIRef(P + "task/2/target/1"), SG.year, Literal("2031", datatype=XSD.gYear)))
    return "task/2/target/1", "at most one year"


def target_year_outside_the_period(g):
    t = URIRef(P + "task/2/target/1")
    g.remove((t, SG.year, None))
    g.add((t, SG.year, Literal("2031", datatype=XSD.gYear)))
    return "task/2/target/1", "year 2031 lies outside the plan's period"


def leads_and_responsible_in_one_clause(g):
    task = URIRef(P + "task/1")
    r = URIRef(P + "task/1/responsibility/1-responsible-1")
    for triple in [(task, SG.responsibility, r), (r, SG.organisation, URIRef(ORG_NS + "finance-bureau")),
                   (r, SG.role, SG.ResponsibleRole), (r, SG.order, Literal(1)),
                   (r, SG.clause, Literal(1)), (task, SG.responsibleUnit, URIRef(ORG_NS + "finance-bureau")),
                   (r, SG.source, _first(g, task, SG.source))]:
        g.add(triple)
    return "task/1", "names both leads"


def lead_also_cooperating(g):
    task = URIRef(P + "task/1")
    lead = _first(g, task, SG.lead)
    r = URIRef(P + "task/1/responsibility/1-cooperating-9")
    for triple in [(task, SG.responsibility, r), (r, SG.organisation, lead),
                   (r, SG.role, SG.CooperatingRole), (r, SG.order, Literal(9)),
                   (r, SG.clause, Literal(1)), (task, SG.cooperatingUnit, lead),
                   (r, SG.source, _first(g, task, SG.source))]:
        g.add(triple)
    return "task/1", "both leads and cooperates in one clause"


def _responsibility(g, n=1):
    return URIRef(P + f"task/{n}/responsibility/1-lead-1")


def responsibility_without_source(g):
    g.remove((_responsibility(g), SG.source, None))
    return "task/1/responsibility/1-lead-1", "link to the clause or row"


def responsibility_without_order(g):
    g.remove((_responsibility(g), SG.order, None))
    return "task/1/responsibility/1-lead-1", "its place (order)"


def responsibility_without_clause(g):
    g.remove((_responsibility(g), SG.clause, None))
    return "task/1", "number of its clause"


def shortcut_without_responsibility(g):
    g.add((URIRef(P + "task/1"), SG.lead, URIRef(ORG_NS + "finance-bureau")))
    return "task/1", "[shortcut-has-responsibility]"


def responsibility_without_shortcut(g):
    task = URIRef(P + "indicator/1")
    g.remove((task, SG.lead, None))
    return "indicator/1", "[responsibility-has-shortcut]"


def organisation_without_a_traditional_label(g):
    org = URIRef(ORG_NS + "commerce-bureau")
    for label in list(g.objects(org, SKOS.prefLabel)):
        if label.language == "zh-Hant":
            g.remove((org, SKOS.prefLabel, label))
    return "org/sucheng/commerce-bureau", "needs a Traditional Chinese label (zh-Hant)"


def task_without_a_simplified_label(g):
    task = URIRef(P + "task/3")
    for label in list(g.objects(task, SKOS.prefLabel)):
        if label.language == "zh-Hans":
            g.remove((task, SKOS.prefLabel, label))
    return "task/3", "needs a Simplified Chinese label (zh-Hans)"


MUTATIONS = [organisation_without_a_traditional_label, task_without_a_simplified_label,
             two_english_labels, target_without_unit, target_with_two_years,
             target_year_outside_the_period, leads_and_responsible_in_one_clause,
             lead_also_cooperating, responsibility_without_source, responsibility_without_order,
             responsibility_without_clause, shortcut_without_responsibility,
             responsibility_without_shortcut]


def test_the_seed_conforms(seed):
    conforms, findings = validate_graph(seed)
    assert conforms and not findings, findings


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__)
def test_a_mutated_seed_fails_naming_node_and_rule(seed, mutate):
    g = Graph()
    g += seed
    node, message = mutate(g)
    conforms, findings = validate_graph(g)
    assert not conforms
    hits = [f for f in findings if f.severity == "violation" and node in f.node
            and message in f.message]
    assert hits, [f.as_row() for f in findings]
