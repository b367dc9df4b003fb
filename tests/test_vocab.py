"""The closed vocabulary in code and data/ontology.ttl describe the same terms."""

from __future__ import annotations

from conftest import ROOT
from rdflib import RDFS, Graph, URIRef

from suchenggraph.vocab import PREFIXES, SG, sparql_prologue

NS = str(SG._NS)


def _ontology() -> Graph:
    return Graph().parse(ROOT / "data" / "ontology.ttl")


def test_ontology_describes_exactly_the_closed_namespace():
    onto = _ontology()
    described = {str(s)[len(NS):] for s in onto.subjects() if str(s).startswith(NS)}
    assert described == set(SG.__annotations__)


def test_every_term_has_labels_and_comments_in_english_and_chinese():
    onto = _ontology()
    for name in SG.__annotations__:
        term = URIRef(NS + name)
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, prop)}
            assert {"en", "zh-Hans"} <= langs, (name, prop)


def test_data_and_shapes_use_only_declared_terms(plan_ttl_graph):
    shapes = Graph().parse(ROOT / "data" / "shapes.ttl")
    used = set()
    for graph in (plan_ttl_graph, shapes):
        for triple in graph:
            used |= {str(t)[len(NS):] for t in triple if str(t).startswith(NS)}
    assert used <= set(SG.__annotations__)


def test_prefix_table_feeds_the_query_prologue():
    prologue = sparql_prologue()
    for prefix, ns in PREFIXES.items():
        assert f"PREFIX {prefix}: <{ns}>" in prologue
