"""SHACL validation of a plan graph against ``data/shapes.ttl``.

The shapes are checked in Oxigraph by :mod:`suchenggraph.shacl` (or by pyshacl, for shapes
outside the part of SHACL Core it evaluates); the graph-wide rules (``sh:SPARQLConstraint``
nodes no shape points to) run once each in Oxigraph too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, SKOS, BNode, Graph, Literal, URIRef

from . import shacl
from .errors import DataError
from .resources import data_dir
from .shacl import SH, Result, ox_term, rdflib_term
from .vocab import bind_prefixes

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
    labels = {lit.language: str(lit) for lit in graph.objects(node, SKOS.prefLabel)
              if isinstance(lit, Literal)}
    return labels.get("en") or labels.get("zh-Hans") or labels.get("zh-Hant")


def _graph_rules(graph, shapes_graph, nsm, store) -> list[Finding]:
    """The graph-wide rules: each ``sh:SPARQLConstraint`` no shape points to, run once.

    Each solution is a violation at ``?this`` (with ``?path`` where bound); ``{?var}`` in
    the rule's message is replaced by that variable's value.
    """

    findings = []
    for rule in sorted(shapes_graph.subjects(RDF.type, SH.SPARQLConstraint)):
        if (None, SH.sparql, rule) in shapes_graph:
            continue  # pyshacl checks it per focus node
        query = str(shapes_graph.value(rule, SH.select)).replace("$this", "?this")
        template = str(shapes_graph.value(rule, SH.message) or "breaks a rule")
        severity = {SH.Warning: "warning", SH.Info: "info"}.get(
            shapes_graph.value(rule, SH.severity), "violation")
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {n: rdflib_term(solution[n]) for n in names if solution[n] is not None}
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
    known: dict = {}

    def term(t):
        found = known.get(t)
        if found is None:
            try:
                found = known[t] = ox_term(t)
            except ValueError as exc:  # rdflib reads IRIs Oxigraph refuses (<a b>, %zz)
                shown = f"<{t}>" if isinstance(t, URIRef) else t.n3()  # n3() refuses <a b>
                raise DataError(f"cannot check {shown}: {exc}") from None
        return found

    store = ox.Store()
    store.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)
    return store


def validate_graph(graph, shapes=None, *, engine: str = "auto") -> tuple[bool, list[Finding]]:
    """Validate ``graph``; return (conforms, findings), violations first.

    ``conforms`` is False only when there is a violation; warnings do not fail.
    Besides the shapes, the shapes file's graph-wide rules run once each. ``engine``:
    ``"oxigraph"`` (:mod:`suchenggraph.shacl`), ``"pyshacl"``, or ``"auto"``: Oxigraph when
    the shapes stay inside the part of SHACL Core it evaluates, else pyshacl. A term
    Oxigraph cannot hold (an IRI with a space) raises :class:`DataError` naming it.
    """
    shapes_graph = Graph().parse(shapes or data_dir() / "shapes.ttl", format="turtle")
    if engine == "auto":
        engine = "oxigraph" if shacl.supports(shapes_graph) else "pyshacl"
    store = _oxigraph_copy(graph)
    if engine == "oxigraph":
        results, path_graph = shacl.check(shapes_graph, store), shapes_graph
    elif engine == "pyshacl":
        results, path_graph = _pyshacl_results(graph, shapes_graph)
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}")
    nsm = bind_prefixes(Graph()).namespace_manager
    findings = [_finding(graph, nsm, path_graph, r) for r in results]
    findings.extend(_graph_rules(graph, shapes_graph, nsm, store))
    order = {"violation": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.node, f.path, f.message))
    return not any(f.severity == "violation" for f in findings), findings


def _pyshacl_results(graph, shapes_graph):
    """pyshacl's validation results as :class:`shacl.Result` (and the graph of their paths)."""
    from pyshacl import validate  # 0.1 s of import, only for shapes shacl.py cannot check

    if not graph.store.context_aware:  # pyshacl needs one (a build's graph is not)
        copy = Graph()
        for triple in graph:
            copy.add(triple)
        graph = copy
    _conforms, report, _text = validate(graph, shacl_graph=shapes_graph, inference="none",
                                        allow_warnings=True)
    results = []
    for r in report.objects(None, SH.result):  # not the nested results (sh:detail)
        message = report.value(r, SH.resultMessage)
        results.append(Result(report.value(r, SH.resultSeverity) or SH.Violation,
                              report.value(r, SH.focusNode), report.value(r, SH.resultPath),
                              str(message) if message else "breaks a shape"))
    return results, report


def _finding(graph, nsm, path_graph, result) -> Finding:
    """One result as a finding: short names, the node's label where it is a plan's."""
    severity = {SH.Warning: "warning", SH.Info: "info"}.get(result.severity, "violation")
    node, path, text = result.focus, result.path, result.message
    label = _label(graph, node) if node is not None else None
    if label is not None and "/plan/" in str(node):
        text += f" ({label})"
    if isinstance(path, BNode):  # a complex path, e.g. [ sh:inversePath rdf:type ]
        inverse = path_graph.value(path, SH.inversePath)
        path_text = "^" + _short(nsm, inverse) if inverse is not None else "(path)"
    else:
        path_text = _short(nsm, path)
    return Finding(severity, _short(nsm, node), path_text, text)
