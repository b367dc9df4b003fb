"""The second engine: an rdflib ``Graph``, queries prepared once and run with bindings.

:class:`RdflibEngine` runs the same SPARQL 1.1 text as the embedded Oxigraph engine
(:mod:`suchenggraph.engines.oxigraph`) and answers in the same plain form; values reach a
query only as ``initBindings``. :func:`rdflib_graph` parses a graph file for it (and for
:func:`suchenggraph.engines.factory.open_engine`). Not on the command line's fast path: the
factory imports this module only when ``--engine rdflib`` asks for it.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ..candidates import candidates_from_graph
from ..errors import QueryError
from ..graphio import parse_error
from ..readonly import QuietRdflibTerms, check_rdflib_query, check_read_only
from ..resolve import resolve
from ..resources import file_uri
from .interface import IRI, RDF_LANG_STRING, XSD, Engine, Result, Term, plain_value, query_error

__all__ = ["RdflibEngine", "rdflib_graph"]


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
            try:
                with QuietRdflibTerms():
                    prepared = prepareQuery(text)
            except Exception as exc:  # pyparsing and rdflib raise several types
                raise QueryError(f"cannot parse the query: {' '.join(str(exc).split())}") \
                    from None
            self._prepared[text] = prepared
        return prepared

    @staticmethod
    def _term(term: Term):
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
            raise query_error(exc) from None

    def _load_candidates(self, kinds):
        return candidates_from_graph(self.graph, kinds)

    def resolve(self, name: str, kinds=None):
        """:func:`suchenggraph.resolve.resolve` over this graph's candidates (of ``kinds``)."""
        return resolve(name, self.candidates(kinds), kinds)


def rdflib_graph(data: bytes, path: str, fmt: str) -> Graph:
    """The graph file ``path`` (its bytes ``data``, in rdflib's format ``fmt``) parsed into
    an rdflib ``Graph``; a parser's error becomes :class:`DataError` naming the file and line."""
    graph = Graph()
    try:
        graph.parse(data=data, format=fmt, publicID=file_uri(path))
    except Exception as exc:  # rdflib raises several parser-specific types
        raise parse_error(exc, path, data=data, fmt=fmt) from None
    return graph
