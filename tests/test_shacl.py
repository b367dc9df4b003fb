"""suchenggraph.shacl checks shapes in Oxigraph: it must give exactly pyshacl's results.

pyshacl is the reference: on the seed, on corpus plans, on a mutation of every constraint
of data/shapes.ttl and on shapes that use the other property paths, both engines must
report the same findings (severity, node, path, message). Shapes outside the part of SHACL
Core that shacl.py evaluates go to pyshacl.
"""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

from suchenggraph import shacl
from suchenggraph.build import build_document
from suchenggraph.shacl import SH
from suchenggraph.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "data" / "shapes.ttl"
CORPUS = ROOT / "tests" / "data" / "corpus"


def same_findings(graph, shapes=None):
    """Both engines' findings on ``graph``; fails the test where they differ."""
    reference = validate_graph(graph, shapes, engine="pyshacl")
    fast = validate_graph(graph, shapes, engine="oxigraph")
    assert Counter(fast[1]) == Counter(reference[1]), (
        f"only pyshacl: {Counter(reference[1]) - Counter(fast[1])}\n"
        f"only oxigraph: {Counter(fast[1]) - Counter(reference[1])}")
    assert fast[0] == reference[0]
    return fast


def test_the_project_shapes_are_checked_in_oxigraph():
    assert shacl.supports(Graph().parse(SHAPES))


def test_the_seed_gives_the_same_findings(plan_ttl_graph):
    conforms, findings = same_findings(plan_ttl_graph)
    assert conforms and not [f for f in findings if f.severity == "violation"]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt"))[::7])
def test_corpus_plans_give_the_same_findings(name):
    for build in build_document(CORPUS / name, lenient=True):
        same_findings(build.graph)


def _property_shapes(shapes):
    """(target class, property shape) for every property shape of a class-targeted shape."""
    for shape in sorted(shapes.subjects(SH.targetClass, None)):
        cls = shapes.value(shape, SH.targetClass)
        for ps in sorted(shapes.objects(shape, SH.property), key=str):
            if isinstance(shapes.value(ps, SH.path), URIRef):
                yield cls, ps


def _mutate(graph, shapes, how):
    """One mutation per property shape, each on another instance of its class; returns
    the (focus, path) pairs mutated."""
    done, used = [], set()
    for cls, ps in _property_shapes(shapes):
        path = shapes.value(ps, SH.path)
        focus = next((n for n in sorted(graph.subjects(RDF.type, cls)) if n not in used), None)
        if focus is None:
            continue
        used.add(focus)
        if how == "remove":
            graph.remove((focus, path, None))
        elif how == "add":
            graph.add((focus, path, URIRef("urn:example:extra")))
            graph.add((focus, path, Literal("extra", lang="en")))
            graph.add((focus, path, Literal("extra 2", lang="en")))
        elif how == "retype":
            for value in list(graph.objects(focus, path)):
                graph.remove((focus, path, value))
                graph.add((focus, path, Literal(f"x{value}", datatype=XSD.integer)))
        done.append((focus, path))
    return done


@pytest.mark.parametrize("how", ["remove", "add", "retype"])
def test_a_mutation_of_every_constraint_gives_the_same_findings(plan_ttl_graph, how):
    shapes = Graph().parse(SHAPES)
    graph = Graph()
    for triple in plan_ttl_graph:
        graph.add(triple)
    mutated = _mutate(graph, shapes, how)
    assert len(mutated) >= 20
    conforms, findings = same_findings(graph)
    assert not conforms
    # the mutations matter: most of them are found (a few shapes allow what they do)
    assert len({f.node for f in findings if f.severity == "violation"}) >= len(mutated) // 2


PATHS_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:example:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
    sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ; sh:message "inverse" ] ,
        [ sh:path ( ex:p ex:q ) ; sh:maxCount 1 ; sh:message "sequence" ] ,
        [ sh:path [ sh:alternativePath ( ex:p ex:r ) ] ; sh:datatype xsd:integer ;
          sh:message "alternative" ] ,
        [ sh:path [ sh:oneOrMorePath ex:p ] ; sh:class ex:C ; sh:severity sh:Warning ;
          sh:message "one or more" ] ,
        [ sh:path [ sh:zeroOrOnePath ex:r ] ; sh:in ( 1 2 "a" ) ; sh:message "zero or one" ] ,
        [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:node ex:N ; sh:message "zero or more" ] .
ex:N sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:T a sh:NodeShape ; sh:targetObjectsOf ex:q ; sh:targetNode ex:lonely ;
    sh:or ( [ sh:path ex:name ; sh:minCount 1 ] [ sh:path ex:r ; sh:minCount 2 ] ) ;
    sh:message "name or two r" .
ex:U a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ;
    sh:property [ sh:path ex:name ; sh:minCount 5 ] .
"""
PATHS_DATA = """
@prefix ex: <urn:example:> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:D rdfs:subClassOf ex:C .
ex:a ex:p ex:b ; ex:r 1, "01", "a" ; ex:name "a" .
ex:b a ex:D ; ex:p ex:c ; ex:q ex:a, ex:c ; ex:r 3 .
ex:c ex:q ex:b ; ex:r 2, 4 ; ex:name "c" .
ex:d ex:p "literal" .
"""


def test_every_kind_of_path_gives_the_same_findings(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PATHS_SHAPES, encoding="utf-8")
    graph = Graph().parse(data=PATHS_DATA, format="turtle")
    assert shacl.supports(Graph().parse(shapes))
    conforms, findings = same_findings(graph, shapes)
    messages = {f.message for f in findings}
    assert {"inverse", "sequence", "alternative", "one or more", "zero or one",
            "zero or more", "name or two r"} <= messages


@pytest.mark.parametrize("extra", [
    'ex:S sh:property [ sh:path ex:name ; sh:pattern "^a" ] .',
    'ex:S sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?x }" ] .',
    "ex:S a rdfs:Class .",  # an implicit class target
    "ex:S sh:property [ sh:path [ ex:unknownPath ex:p ] ; sh:minCount 1 ] .",
    'ex:T sh:targetClass "not an IRI" .',
])
def test_other_shapes_go_to_pyshacl(tmp_path, extra):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                      + PATHS_SHAPES + extra + "\n", encoding="utf-8")
    assert not shacl.supports(Graph().parse(shapes))


def test_a_pattern_outside_the_subset_is_still_checked(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <urn:example:> .
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
            sh:property [ sh:path ex:name ; sh:pattern "^c" ; sh:message "starts with c" ] .
        """, encoding="utf-8")
    graph = Graph().parse(data=PATHS_DATA, format="turtle")
    conforms, findings = validate_graph(graph, shapes)
    assert not conforms
    assert [(f.node, f.message) for f in findings] == [("<urn:example:a>", "starts with c")]


def test_datatype_checks_the_lexical_form():
    shapes = Graph()
    shape, prop = URIRef("urn:example:S"), URIRef("urn:example:P")
    shapes.add((shape, SH.targetSubjectsOf, URIRef("urn:example:n")))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, URIRef("urn:example:n")))
    shapes.add((prop, SH.datatype, XSD.integer))
    store = shacl.ox.Store()
    for i, text in enumerate(["12", "-3", "1.5", "two", ""]):
        store.add(shacl.ox.Quad(shacl.ox.NamedNode(f"urn:example:s{i}"),
                                shacl.ox.NamedNode("urn:example:n"),
                                shacl.ox.Literal(text, datatype=shacl.ox.NamedNode(str(XSD.integer)))))
    bad = sorted(str(r.focus) for r in shacl.check(shapes, store))
    assert bad == ["urn:example:s2", "urn:example:s3", "urn:example:s4"]


def test_a_build_does_not_import_pyshacl():
    """pyshacl's import is 0.1 s of a build: the shapes of the project never need it."""
    code = ("import sys; from suchenggraph.build import build_checked; build_checked(); "
            "print('pyshacl' in sys.modules, 'pyshacl' in str(list(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_date_times_are_checked_as_pyshacl_checks_them(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <urn:example:> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:t ;
            sh:property [ sh:path ex:t ; sh:datatype xsd:dateTime ; sh:message "dt" ] .
        """, encoding="utf-8")
    graph = Graph()
    for i, text in enumerate(["2024-05-01T12:00:00Z", "2024-05-01", "2024-05-01T12:00:00",
                              "x", "2024-13-01T00:00:00Z", "2024-05-01T12:00:00.5+08:00"]):
        graph.add((URIRef(f"urn:example:s{i}"), URIRef("urn:example:t"),
                   Literal(text, datatype=XSD.dateTime)))
    conforms, findings = same_findings(graph, shapes)
    assert sorted(f.node for f in findings) == ["<urn:example:s3>", "<urn:example:s4>"]
