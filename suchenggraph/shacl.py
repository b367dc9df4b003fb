"""SHACL Core shapes checked with Oxigraph: the validator of every build.

pyshacl checks a shape's constraints node by node in Python: on the seed that is 0.3 s of
evaluation and 0.1 s of import, 40% of a build. The shapes in ``data/shapes.ttl`` use a
small part of SHACL Core (targets; property shapes with a path; minCount, maxCount,
datatype, class, in, uniqueLang, node, or; message, severity, deactivated). For a shapes
graph that stays inside that part, this module asks Oxigraph once per path for every
(node, value) pair and checks the constraint components in Python, as the SHACL
Recommendation (section 4) defines them.

:func:`supports` says whether a shapes graph stays inside that part: ``validate_graph``
uses pyshacl for any other (``sh:pattern``, ``sh:sparql`` on a shape, implicit class
targets ...). tests/test_shacl.py checks that both give the same results on the seed, on
the corpus and on a mutation of every constraint of the shapes.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef
from rdflib.collection import Collection

__all__ = ["Result", "check", "ox_term", "rdflib_term", "supports"]

SH = Namespace("http://www.w3.org/ns/shacl#")

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_CONSTRAINTS = (SH.property, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"],
                SH.uniqueLang, SH.node, SH["or"])
# what a shape may say besides its constraints and targets without changing the results
_NEUTRAL = (RDF.type, SH.path, SH.message, SH.severity, SH.deactivated, SH.name,
            SH.description, SH.order, SH.group, RDFS.label, RDFS.comment)
_SUPPORTED = frozenset(_TARGETS + _CONSTRAINTS + _NEUTRAL)
_PATHS = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath,
          SH.zeroOrOnePath)

# lexical forms of the XSD types whose values a datatype constraint must check (SHACL 4.1.2:
# an ill-formed literal such as "two"^^xsd:integer does not have the datatype)
_LEXICAL = {
    XSD.integer: r"[+-]?\d+",
    XSD.decimal: r"[+-]?(\d+(\.\d*)?|\.\d+)",
    XSD.double: r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    XSD.float: r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    XSD.boolean: r"true|false|1|0",
    XSD.gYear: r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?",
    XSD.date: r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?",
    XSD.dateTime: r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?",
}


@dataclass(frozen=True)
class Result:
    """One validation result: the focus node, the path (a term of the shapes graph, or
    None for a constraint of a node shape), the shape's message, and its severity."""

    severity: URIRef
    focus: object
    path: object
    message: str


def _shapes_below(shapes, shape):
    """The shapes a shape points to: its property shapes, sh:node and the members of sh:or."""
    for p in (SH.property, SH.node):
        yield from shapes.objects(shape, p)
    for members in shapes.objects(shape, SH["or"]):
        yield from Collection(shapes, members)


def _top_shapes(shapes) -> list:
    return sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str)


def supports(shapes) -> bool:
    """True if every shape of ``shapes`` uses only what :func:`check` evaluates."""
    seen, todo = set(), _top_shapes(shapes)
    if any((s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, _OWL_CLASS) in shapes
           for s in shapes.subjects(RDF.type, SH.NodeShape)):
        return False  # implicit class targets
    if any(not isinstance(o, URIRef) for p in (SH.targetClass, SH.targetSubjectsOf,
                                               SH.targetObjectsOf) for o in shapes.objects(None, p)):
        return False  # a target that is not an IRI: pyshacl says what it makes of it
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.add(shape)
        if any(p not in _SUPPORTED for p in shapes.predicates(shape, None)):
            return False
        path = shapes.value(shape, SH.path)
        if path is not None and _sparql_path(shapes, path) is None:
            return False
        todo.extend(_shapes_below(shapes, shape))
    return True


_OWL_CLASS = URIRef("http://www.w3.org/2002/07/owl#Class")


def _sparql_path(shapes, path) -> str | None:
    """A SHACL property path as a SPARQL property path (None if it is not well-formed)."""
    if isinstance(path, URIRef):
        return str(ox.NamedNode(str(path)))  # Oxigraph checks the IRI: nothing else gets in
    if not isinstance(path, BNode):
        return None
    if (path, RDF.first, None) in shapes:  # a sequence path
        parts = [_sparql_path(shapes, p) for p in Collection(shapes, path)]
        return None if not parts or None in parts else "(" + "/".join(parts) + ")"
    kinds = [(p, o) for p, o in shapes.predicate_objects(path) if p in _PATHS]
    if len(kinds) != 1:
        return None
    kind, inner = kinds[0]
    if kind == SH.alternativePath:
        parts = [_sparql_path(shapes, p) for p in Collection(shapes, inner)]
        return None if not parts or None in parts else "(" + "|".join(parts) + ")"
    inner_path = _sparql_path(shapes, inner)
    if inner_path is None:
        return None
    if kind == SH.inversePath:
        return f"(^{inner_path})"
    suffix = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}[kind]
    return f"({inner_path}{suffix})"


def ox_term(term):
    """An rdflib term as the Oxigraph term it stands for."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def rdflib_term(term):
    """An Oxigraph term as the rdflib term it stands for."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)  # rdflib's plain literal: equal to the shapes' "..."
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class _Checker:
    def __init__(self, shapes, store: ox.Store):
        self.shapes = shapes
        self.store = store
        self._pairs: dict[str, dict] = {}
        self._instances: dict[object, set] = {}
        self._compiled: dict[object, _Shape] = {}

    # -- reading the data graph ------------------------------------------------------------
    def values(self, path_sparql: str) -> dict:
        """{node: [value, ...]} for every node with a value on the path (one query)."""
        if path_sparql not in self._pairs:
            pairs = defaultdict(list)
            for row in self.store.query(f"SELECT ?s ?o WHERE {{ ?s {path_sparql} ?o }}"):
                pairs[row["s"]].append(row["o"])
            self._pairs[path_sparql] = pairs
        return self._pairs[path_sparql]

    def instances(self, cls) -> set:
        if cls not in self._instances:
            rows = self.store.query(
                "SELECT ?x WHERE { ?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
                f"<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {ox.NamedNode(str(cls))} }}")
            self._instances[cls] = {r["x"] for r in rows}
        return self._instances[cls]

    def focus_nodes(self, shape) -> list:
        nodes = {ox_term(t) for t in self.shapes.objects(shape, SH.targetNode)}
        for cls in self.shapes.objects(shape, SH.targetClass):
            nodes |= self.instances(cls)
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            nodes |= set(self.values(_sparql_path(self.shapes, p)))
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            nodes |= {v for vs in self.values(_sparql_path(self.shapes, p)).values() for v in vs}
        return sorted(nodes, key=_order)

    # -- the constraint components ---------------------------------------------------------
    def failing(self, shape, nodes) -> set:
        """The nodes among ``nodes`` that do not conform to ``shape``."""
        return {r.focus for r in self.results(shape, nodes)}

    def compiled(self, shape) -> _Shape:
        if shape not in self._compiled:
            self._compiled[shape] = _Shape.read(self.shapes, shape)
        return self._compiled[shape]

    def results(self, shape, nodes) -> list[Result]:
        c = self.compiled(shape)
        if c.deactivated:
            return []
        if c.path is not None:
            pairs = self.values(c.path_sparql)
            values = {n: sorted(set(pairs.get(n, ())), key=_order) for n in nodes}
        else:
            values = {n: [n] for n in nodes}
        out = []

        def fail(node, default):
            out.append(Result(c.severity, node, c.path, c.message or default))

        for n in nodes:
            vs = values[n]
            if c.min_count is not None and len(vs) < c.min_count:
                fail(n, f"has fewer than {c.min_count} value(s)")
            if c.max_count is not None and len(vs) > c.max_count:
                fail(n, f"has more than {c.max_count} value(s)")
            if c.unique_lang:
                langs = [v.language.lower() for v in vs if isinstance(v, ox.Literal) and v.language]
                for lang in sorted({x for x in langs if langs.count(x) > 1}):
                    fail(n, f"has two values in the language {lang}")
            for v in vs:
                for dt in c.datatypes:
                    if not _has_datatype(v, dt):
                        fail(n, f"{v} is not of datatype {dt}")
                for cls in c.classes:
                    if v not in self.instances(cls):
                        fail(n, f"{v} is not an instance of {cls}")
                for allowed in c.allowed:
                    if v not in allowed:
                        fail(n, f"{v} is not one of the allowed values")
        everything = sorted({v for n in nodes for v in values[n]}, key=_order)
        for nested in c.nodes:
            bad = self.failing(nested, everything)
            for n in nodes:
                for v in values[n]:
                    if v in bad:
                        fail(n, f"{v} does not conform to the shape {nested}")
        for alternatives in c.alternatives:
            bad = set(everything)
            for member in alternatives:
                bad &= self.failing(member, sorted(bad, key=_order))
            for n in nodes:
                for v in values[n]:
                    if v in bad:
                        fail(n, f"{v} conforms to none of the alternatives")
        for child in c.properties:
            out.extend(self.results(child, everything))
        return out


@dataclass
class _Shape:
    """What one shape says, read from the shapes graph once."""

    path: object
    path_sparql: str | None
    severity: URIRef
    message: str | None
    deactivated: bool
    min_count: int | None
    max_count: int | None
    unique_lang: bool
    datatypes: list
    classes: list
    allowed: list  # one set per sh:in
    nodes: list
    alternatives: list  # one list of shapes per sh:or
    properties: list

    @classmethod
    def read(cls, s, shape) -> _Shape:
        path = s.value(shape, SH.path)
        message = s.value(shape, SH.message)
        mins = [int(b) for b in s.objects(shape, SH.minCount)]
        maxes = [int(b) for b in s.objects(shape, SH.maxCount)]
        return cls(
            path=path, path_sparql=None if path is None else _sparql_path(s, path),
            severity=s.value(shape, SH.severity) or SH.Violation,
            message=str(message) if message is not None else None,
            deactivated=(shape, SH.deactivated, Literal(True)) in s,
            min_count=max(mins) if mins else None, max_count=min(maxes) if maxes else None,
            unique_lang=(shape, SH.uniqueLang, Literal(True)) in s,
            datatypes=[ox_term(d) for d in sorted(s.objects(shape, SH.datatype))],
            classes=sorted(s.objects(shape, SH["class"])),
            allowed=[{ox_term(v) for v in Collection(s, m)} for m in s.objects(shape, SH["in"])],
            nodes=sorted(s.objects(shape, SH.node), key=str),
            alternatives=[list(Collection(s, m)) for m in s.objects(shape, SH["or"])],
            properties=sorted(s.objects(shape, SH.property), key=str))


_LANG_STRING = ox.NamedNode(str(RDF.langString))
_CALENDAR = {ox.NamedNode(str(XSD.date)), ox.NamedNode(str(XSD.dateTime))}
_LEXICAL_OX = {ox.NamedNode(str(k)): re.compile(v) for k, v in _LEXICAL.items()}


def _has_datatype(value, datatype) -> bool:
    if not isinstance(value, ox.Literal):
        return False
    if datatype == _LANG_STRING:
        return bool(value.language)
    if value.language or value.datatype != datatype:
        return False
    pattern = _LEXICAL_OX.get(datatype)
    text = value.value.strip()
    if pattern is None:
        return True
    if pattern.fullmatch(text) is None:
        return False
    if datatype in _CALENDAR:  # the form is right; is the day a real one (no 13th month)?
        try:
            _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return False
    return True


def _order(term):
    return (type(term).__name__, str(term))


def check(shapes, store: ox.Store) -> list[Result]:
    """Every result of the shapes of ``shapes`` (an rdflib graph that :func:`supports`)
    over the data in ``store``: each top-level shape over its focus nodes."""
    checker = _Checker(shapes, store)
    out = []
    for shape in _top_shapes(shapes):
        out.extend(checker.results(shape, checker.focus_nodes(shape)))
    return [Result(r.severity, rdflib_term(r.focus), r.path, r.message) for r in out]
