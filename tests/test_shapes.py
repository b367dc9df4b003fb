"""The shapes catch what matters (issue 15.4): each mutated copy of the seed graph must fail
``validate``, naming the node at fault and the rule it breaks.

Each case is a row of :data:`CASES`: the triples it removes and adds, the node that must be
named and a part of the rule's message."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from suchenggraph.validate import validate_graph
from suchenggraph.vocab import SCHEMA, SG

PLAN_TTL = Path(__file__).resolve().parent.parent / "data" / "plan.ttl"
P = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024/"
ORG_NS = "https://w3id.org/suchenggraph/org/sucheng/"
COMMERCE = URIRef(ORG_NS + "commerce-bureau")
FINANCE = URIRef(ORG_NS + "finance-bureau")
TASK1, TARGET = URIRef(P + "task/1"), URIRef(P + "task/2/target/1")
MONEY = URIRef(P + "task/13/target/1")  # 亿元
R1 = URIRef(P + "task/1/responsibility/1-lead-1")
BUILD = URIRef(P + "build")


@dataclass(frozen=True)
class Of:
    """The first (sorted) object of ``subject predicate`` in the seed: a value a case reuses."""

    subject: URIRef
    predicate: URIRef


@dataclass(frozen=True)
class Lang:
    """In a removal: the object literals of one language."""

    language: str


@dataclass(frozen=True)
class Case:
    id: str
    node: str
    message: str
    remove: tuple = ()
    add: tuple = field(default=())


def extra_responsibility(local: str, org, role, shortcut, order: int) -> tuple:
    """The triples of one more responsibility of task 1's first clause, with its shortcut."""
    r = URIRef(f"{TASK1}/responsibility/{local}")
    return ((TASK1, SG.responsibility, r), (r, SG.organisation, org), (r, SG.role, role),
            (r, SG.order, Literal(order)), (r, SG.clause, Literal(1)), (TASK1, shortcut, org),
            (r, SG.source, Of(TASK1, SG.source)))


YEAR_2031 = Literal("2031", datatype=XSD.gYear)
CASES = [
    Case("organisation without a traditional label", "org/sucheng/commerce-bureau",
         "needs a Traditional Chinese label (zh-Hant)",
         remove=((COMMERCE, SKOS.prefLabel, Lang("zh-Hant")),)),
    Case("task without a simplified label", "task/3", "needs a Simplified Chinese label (zh-Hans)",
         remove=((URIRef(P + "task/3"), SKOS.prefLabel, Lang("zh-Hans")),)),
    Case("two english labels", "org/sucheng/commerce-bureau",
         "two preferred labels in one language",
         add=((COMMERCE, SKOS.prefLabel, Literal("Commerce Bureau", lang="en")),)),
    Case("target without unit", "task/2/target/1", "needs a unit",
         remove=((TARGET, SG.unit, None),)),
    Case("target with two years", "task/2/target/1", "at most one year",
         add=((TARGET, SG.year, YEAR_2031),)),
    Case("target year outside the period", "task/2/target/1",
         "year 2031 lies outside the plan's period",
         remove=((TARGET, SG.year, None),), add=((TARGET, SG.year, YEAR_2031),)),
    Case("leads and responsible in one clause", "task/1", "names both leads",
         add=extra_responsibility("1-responsible-1", FINANCE, SG.ResponsibleRole,
                                  SG.responsibleUnit, 1)),
    Case("lead also cooperating", "task/1", "both leads and cooperates in one clause",
         add=extra_responsibility("1-cooperating-9", Of(TASK1, SG.lead), SG.CooperatingRole,
                                  SG.cooperatingUnit, 9)),
    Case("responsibility without source", "task/1/responsibility/1-lead-1",
         "link to the clause or row", remove=((R1, SG.source, None),)),
    Case("responsibility without order", "task/1/responsibility/1-lead-1", "its place (order)",
         remove=((R1, SG.order, None),)),
    Case("responsibility without clause", "task/1", "number of its clause",
         remove=((R1, SG.clause, None),)),
    Case("shortcut without responsibility", "task/1", "[shortcut-has-responsibility]",
         add=((TASK1, SG.lead, FINANCE),)),
    Case("responsibility without shortcut", "indicator/1", "[responsibility-has-shortcut]",
         remove=((URIRef(P + "indicator/1"), SG.lead, None),)),
    Case("money without its currency code", "task/13/target/1", "needs schema:unitCode \"CNY\"",
         remove=((MONEY, SCHEMA.unitCode, None),)),
    Case("money in another currency", "indicator/6", "[money-unit-code]",
         remove=((URIRef(P + "indicator/6"), SCHEMA.unitCode, None),),
         add=((URIRef(P + "indicator/6"), SCHEMA.unitCode, Literal("USD")),)),
    Case("money without its multiplier", "task/13/target/1", "sg:unitMultiplier 100000000",
         remove=((MONEY, SG.unitMultiplier, None),)),
    Case("build with two times", "/build", "ends at most once",
         add=((BUILD, PROV.endedAtTime, Literal("1970-01-01T00:00:00Z", datatype=XSD.dateTime)),
              (BUILD, PROV.endedAtTime, Literal("2024-01-01T00:00:00Z", datatype=XSD.dateTime)))),
    Case("build time not a dateTime", "/build", "ends at most once",
         add=((BUILD, PROV.endedAtTime, Literal("1970")),)),
    Case("build without its tool", "/build", "the tool and its version",
         remove=((BUILD, PROV.wasAssociatedWith, None),)),
]


def mutate(g: Graph, case: Case) -> None:
    def value(term):
        return sorted(g.objects(term.subject, term.predicate))[0] if isinstance(term, Of) else term

    for s, p, o in case.remove:
        for found in list(g.objects(s, p)):
            if o is None or (isinstance(o, Lang) and getattr(found, "language", None) == o.language):
                g.remove((s, p, found))
    for triple in [tuple(value(t) for t in triple) for triple in case.add]:
        g.add(triple)


@pytest.fixture(scope="module")
def seed():
    return Graph().parse(PLAN_TTL)


def test_the_seed_conforms(seed):
    conforms, findings = validate_graph(seed)
    assert conforms and not findings, findings


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_mutated_seed_fails_naming_node_and_rule(seed, case):
    g = Graph()
    g += seed
    mutate(g, case)
    assert set(g) != set(seed)  # the case changed the graph
    conforms, findings = validate_graph(g)
    assert not conforms
    hits = [f for f in findings if f.severity == "violation" and case.node in f.node
            and case.message in f.message]
    assert hits, [f.as_row() for f in findings]
