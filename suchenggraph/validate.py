"""SHACL validation of a plan graph against ``data/shapes.ttl`` (with pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from .resources import data_dir

__all__ = ["Finding", "validate_graph"]


@dataclass(frozen=True)
class Finding:
    severity: str  # "violation" | "warning" | "info"
    node: str
    path: str
    message: str

    def as_row(self) -> dict:
        return {"severity": self.severity, "node": self.node, "path": self.path,
                "message": self.message}


def _short(nsm, term) -> str:
    """``plan-id/task/19`` for plan things, ``sg:actionArea`` for vocabulary terms."""
    if term is None:
        return ""
    text = str(term)
    if "/plan/" in text:
        return text.split("/plan/", 1)[1]
    try:
        return nsm.normalizeUri(term)
    except Exception:
        return text


def _label(graph, node) -> str | None:
    from rdflib import SKOS

    labels = {lit.language: str(lit) for lit in graph.objects(node, SKOS.prefLabel)}
    return labels.get("en") or labels.get("zh-Hans") or labels.get("zh-Hant")


def _graph_rules(graph, shapes_graph, nsm) -> list[Finding]:
    """The graph-wide rules: each ``sh:SPARQLConstraint`` no shape points to, run once.

    Each solution is a violation at ``?this`` (with ``?path`` where bound); ``{?var}`` in
    the rule's message is replaced by that variable's value.
    """
    import re

    from rdflib import RDF, Literal, Namespace

    SH = Namespace("http://www.w3.org/ns/shacl#")
    findings = []
    store = None
    for rule in sorted(shapes_graph.subjects(RDF.type, SH.SPARQLConstraint)):
        if (None, SH.sparql, rule) in shapes_graph:
            continue  # pyshacl checks it per focus node
        query = str(shapes_graph.value(rule, SH.select)).replace("$this", "?this")
        template = str(shapes_graph.value(rule, SH.message) or "breaks a rule")
        severity = {SH.Warning: "warning", SH.Info: "info"}.get(
            shapes_graph.value(rule, SH.severity), "violation")
        if store is None:
            store = _oxigraph_copy(graph)  # rdflib's SPARQL took 1.4 s for these on the seed
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {n: _from_ox(solution[n]) for n in names if solution[n] is not None}
            def value(m, values=values):
                v = values.get(m.group(1))
                return str(v) if isinstance(v, Literal) else _short(nsm, v)

            text = re.sub(r"\{\?(\w+)\}", value, template)
            text += f" [{str(rule).rsplit('#', 1)[-1]}]"
            label = _label(graph, values["this"])
            if label is not None and "/plan/" in str(values["this"]):
                text += f" ({label})"
            findings.append(Finding(severity, _short(nsm, values["this"]),
                                    _short(nsm, values.get("path")), text))
    return findings


def _oxigraph_copy(graph):
    """The triples of an rdflib graph in an in-memory Oxigraph store (its SPARQL is fast)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    def term(t):
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))) if t.datatype \
                else ox.Literal(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        return ox.NamedNode(str(t))

    store = ox.Store()
    store.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)
    return store


def _from_ox(t):
    """An Oxigraph term as the rdflib term it stands for."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def validate_graph(graph, shapes=None) -> tuple[bool, list[Finding]]:
    """Validate ``graph``; return (conforms, findings), violations first.

    ``conforms`` is False only when there is a violation; warnings do not fail.
    Besides the shapes, the shapes file's graph-wide rules run once each.
    """
    from pyshacl import validate
    from rdflib import RDF, BNode, Graph, Namespace

    from .vocab import bind_prefixes

    SH = Namespace("http://www.w3.org/ns/shacl#")
    shapes_graph = Graph().parse(shapes or data_dir() / "shapes.ttl", format="turtle")
    _conforms, results, _text = validate(graph, shacl_graph=shapes_graph, inference="none",
                                         allow_warnings=True)
    nsm = bind_prefixes(Graph()).namespace_manager
    findings = []
    severity_name = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = severity_name.get(results.value(r, SH.resultSeverity), "violation")
        node = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage)
        label = _label(graph, node) if node is not None else None
        text = str(message) if message else "breaks a shape"
        if label is not None and "/plan/" in str(node):
            text += f" ({label})"
        if isinstance(path, BNode):  # a complex path, e.g. [ sh:inversePath rdf:type ]
            inverse = results.value(path, SH.inversePath)
            path_text = "^" + _short(nsm, inverse) if inverse is not None else "(path)"
        else:
            path_text = _short(nsm, path)
        findings.append(Finding(sev, _short(nsm, node), path_text, text))
    findings.extend(_graph_rules(graph, shapes_graph, nsm))
    order = {"violation": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.node, f.path, f.message))
    return not any(f.severity == "violation" for f in findings), findings
