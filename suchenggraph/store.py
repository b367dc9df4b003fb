"""The query engines: Oxigraph (fast, the CLI's default) and rdflib (the second engine).

Both run the same standard SPARQL 1.1 text and give the same answer in the same
plain form: :class:`suchenggraph.engine.Result` with ``columns`` and ``rows`` (dicts of plain Python
values: IRIs and strings as ``str``, ``xsd:integer`` as ``int``, ``xsd:decimal`` as
``Decimal``, ``xsd:gYear`` as ``int``, booleans as ``bool``).

User text never becomes query text: values reach a query only as bound terms
(:class:`suchenggraph.engine.Term`), through Oxigraph's substitution API or rdflib's ``initBindings``.

No cache of any kind: :func:`open_engine` parses the graph file every time it is
called (Oxigraph loads the plan in about 10 ms), so an answer is never stale. Keep
the engine it returns for as long as the file should be taken as it was.

>>> from suchenggraph.engine import iri
>>> engine = open_engine()
>>> task = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024/task/23"
>>> result = engine.select(
...     "SELECT ?t ?n WHERE { ?t <https://w3id.org/suchenggraph/ontology#number> ?n }",
...     {"t": iri(task)})
>>> result.rows[0]["n"]
23

A bound variable must be in the ``SELECT`` clause (Oxigraph substitutes only
projected variables; rdflib keeps bound variables in every row anyway).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from .engine import IRI, XSD, Engine, Result, Term, _query_error, plain_value
from .errors import DataError, QueryError
from .readonly import _QuietRdflibTerms, check_rdflib_query, check_read_only

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["ENGINES", "OxigraphEngine", "RdflibEngine", "open_engine"]

ENGINES = ("oxigraph", "rdflib")
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class OxigraphEngine(Engine):
    """An in-memory ``pyoxigraph.Store``: the CLI's engine (no rdflib import)."""

    name = "oxigraph"

    def __init__(self, store, path: str | None = None):
        super().__init__(path)
        self.store = store

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None, fmt: str = "turtle"):
        import pyoxigraph as ox

        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
                   "nquads": ox.RdfFormat.N_QUADS, "n3": ox.RdfFormat.N3,
                   "json-ld": ox.RdfFormat.JSON_LD}
        if fmt not in formats:
            raise DataError(f"Oxigraph cannot read {fmt} files; use --engine rdflib", path=path)
        from .resources import file_uri

        store = ox.Store()
        try:
            store.load(input=data, format=formats[fmt],
                       base_iri=file_uri(path) if path else None)
        except SyntaxError as exc:
            message = " ".join(str(exc.msg if exc.msg else exc).split())
            raise DataError(f"cannot parse: {message}", path=path, line=exc.lineno) from None
        except (ValueError, OSError) as exc:
            raise DataError(f"cannot parse: {' '.join(str(exc).split())}", path=path) from None
        return cls(store, path)

    @staticmethod
    def _term(term: Term):
        import pyoxigraph as ox

        if term.kind == "iri":
            return ox.NamedNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)

    @staticmethod
    def _value(term):
        import pyoxigraph as ox

        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return IRI(term.value)
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        if isinstance(term, ox.Literal):
            return plain_value("literal", term.value, term.datatype.value)
        return str(term)

    def _run(self, text, bindings) -> Result:
        import pyoxigraph as ox

        subs = {ox.Variable(k): self._term(t) for k, t in bindings.items()}
        try:
            answer = self.store.query(text, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"cannot parse the query: {' '.join(str(exc).split())}") from None
        except (RuntimeError, OSError, ValueError) as exc:
            m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection",
                          str(exc))
            if m:
                raise QueryError(f"the parameter ?{m.group(1)} must be in the query's SELECT "
                                 "clause to be bound") from None
            raise _query_error(exc) from None
        try:
            if isinstance(answer, ox.QueryBoolean):
                return Result(["result"], [{"result": bool(answer)}])
            if isinstance(answer, ox.QuerySolutions):
                columns = [v.value for v in answer.variables]
                rows = []
                for solution in answer:
                    rows.append({c: self._value(solution[c]) for c in columns})
                return Result(columns, rows)
            columns = ["subject", "predicate", "object"]
            return Result(columns, [{"subject": self._value(t.subject),
                                     "predicate": self._value(t.predicate),
                                     "object": self._value(t.object)} for t in answer])
        except (RuntimeError, OSError, ValueError) as exc:
            raise _query_error(exc) from None

    def _check_read_only(self, text: str) -> None:
        check_read_only(text)

    def _load_candidates(self, kinds):
        from .resolve import candidates_from_store

        return candidates_from_store(self.store, kinds)

    def resolve(self, name: str, kinds=None):
        """Exact, indexed label lookups first (:func:`suchenggraph.lookup.resolve_fast`),
        the scan over every label only when nothing carries the name exactly."""
        from .lookup import resolve_fast

        return resolve_fast(self, name, kinds)


class RdflibEngine(Engine):
    """An rdflib ``Graph``: queries prepared with ``prepareQuery``, run with ``initBindings``."""

    name = "rdflib"

    def __init__(self, graph, path: str | None = None):
        super().__init__(path)
        self.graph = graph
        self._prepared: dict[str, object] = {}

    def _prepare(self, text):
        prepared = self._prepared.get(text)
        if prepared is None:
            from rdflib.plugins.sparql import prepareQuery

            try:
                with _QuietRdflibTerms():
                    prepared = prepareQuery(text)
            except Exception as exc:  # pyparsing and rdflib raise several types
                raise QueryError(f"cannot parse the query: {' '.join(str(exc).split())}") \
                    from None
            self._prepared[text] = prepared
        return prepared

    @staticmethod
    def _term(term: Term):
        from rdflib import Literal, URIRef

        if term.kind == "iri":
            return URIRef(term.value)
        if term.lang:
            return Literal(term.value, lang=term.lang)
        datatype = term.datatype
        if datatype == XSD + "string":
            datatype = None
        return Literal(term.value, datatype=URIRef(datatype) if datatype else None)

    @staticmethod
    def _value(term):
        from rdflib import BNode, Literal, URIRef

        if term is None:
            return None
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype else (
                RDF_LANG_STRING if term.language else XSD + "string")
            return plain_value("literal", str(term), datatype)
        if isinstance(term, BNode):
            return "_:" + str(term)
        if isinstance(term, URIRef):
            return IRI(str(term))
        return str(term)

    def _check_read_only(self, text: str) -> None:
        check_read_only(text, deep=False)
        check_rdflib_query(self._prepare(text))  # the query exactly as rdflib will run it

    def _run(self, text, bindings) -> Result:
        prepared = self._prepare(text)
        init = {k: self._term(t) for k, t in bindings.items()}
        try:
            answer = self.graph.query(prepared, initBindings=init)
            if answer.type == "ASK":
                return Result(["result"], [{"result": bool(answer.askAnswer)}])
            if answer.type == "SELECT":
                columns = [str(v) for v in answer.vars]
                rows = [{c: self._value(row[i]) for i, c in enumerate(columns)}
                        for row in answer]
                return Result(columns, rows)
            columns = ["subject", "predicate", "object"]
            return Result(columns, [dict(zip(columns, map(self._value, t), strict=True))
                                    for t in answer])
        except QueryError:
            raise
        except Exception as exc:  # rdflib's evaluation errors have no common base
            raise _query_error(exc) from None

    def _load_candidates(self, kinds):
        from .resolve import candidates_from_graph

        return candidates_from_graph(self.graph, kinds)

    def resolve(self, name: str, kinds=None):
        """:func:`suchenggraph.resolve.resolve` over this graph's candidates (of ``kinds``)."""
        from .resolve import resolve

        return resolve(name, self.candidates(kinds), kinds)


# --------------------------------------------------------------------------- opening a graph

_FORMATS = {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".xml": "xml",
            ".n3": "n3", ".jsonld": "json-ld"}


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a graph file", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=str(path)) from None


def _rdflib_graph(data: bytes, path: str, fmt: str):
    from rdflib import Graph

    graph = Graph()
    try:
        from .resources import file_uri

        graph.parse(data=data, format=fmt, publicID=file_uri(path))
    except Exception as exc:  # rdflib raises several parser-specific types
        from .graphio import parse_error

        raise parse_error(exc, path, data=data, fmt=fmt) from None
    return graph


def open_engine(path: str | Path | None = None, engine: str = "oxigraph") -> Engine:
    """The graph in ``path`` (default: ``data/plan.ttl``) loaded into ``engine``.

    The file is read and parsed on every call (nothing is cached). A missing or
    malformed file raises :class:`DataError` naming the file and the parser's line.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    from .resources import clean_path, default_plan_file

    path = clean_path(default_plan_file() if path is None else path)
    data = _read(path)
    fmt = _FORMATS.get(_suffix(path), "turtle")
    if engine == "oxigraph":
        return OxigraphEngine.from_bytes(data, path, fmt)
    return RdflibEngine(_rdflib_graph(data, path, fmt), path)


def _suffix(path) -> str:
    """The file name's suffix, lower-cased, as ``Path(path).suffix.lower()`` gives it.

    >>> _suffix("plans.NQ"), _suffix("a.b/c"), _suffix(".nq"), _suffix("x.")
    ('.nq', '', '', '')
    """
    name = os.path.basename(os.fspath(path).rstrip("/"))
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""
