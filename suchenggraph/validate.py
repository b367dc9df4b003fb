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


def _short(graph, term) -> str:
    if term is None:
        return ""
    try:
        return graph.namespace_manager.normalizeUri(term) if "/plan/" not in str(term) else \
            str(term).split("/plan/", 1)[1]
    except Exception:
        return str(term)


def validate_graph(graph, shapes=None) -> tuple[bool, list[Finding]]:
    """Validate ``graph``; return (conforms, findings), violations first.

    ``conforms`` is False only when there is a violation; warnings do not fail.
    """
    from pyshacl import validate
    from rdflib import RDF, Graph, Namespace

    from .vocab import bind_prefixes

    SH = Namespace("http://www.w3.org/ns/shacl#")
    shapes_graph = Graph().parse(shapes or data_dir() / "shapes.ttl", format="turtle")
    _conforms, results, _text = validate(graph, shacl_graph=shapes_graph, inference="none",
                                         allow_warnings=True)
    bind_prefixes(results)
    findings = []
    severity_name = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = severity_name.get(results.value(r, SH.resultSeverity), "violation")
        node = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage)
        label = graph.value(node, graph.namespace_manager.expand_curie("skos:prefLabel")) \
            if node is not None else None
        text = str(message) if message else "breaks a shape"
        if label is not None and "/plan/" in str(node):
            text += f" ({label})"
        findings.append(Finding(sev, _short(graph, node), _short(graph, path), text))
    order = {"violation": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.node, f.path, f.message))
    return not any(f.severity == "violation" for f in findings), findings
