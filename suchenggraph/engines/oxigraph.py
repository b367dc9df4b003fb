"""The embedded engine: Oxigraph in memory, the command line's engine (no rdflib import).

:class:`OxigraphEngine` answers the standard SPARQL 1.1 text that every engine runs, in the
plain form of :class:`suchenggraph.engines.interface.Result` (IRIs and strings as ``str``,
``xsd:integer`` and ``xsd:gYear`` as ``int``, ``xsd:decimal`` as ``Decimal``, booleans as
``bool``). User text never becomes query text: values reach a query only as bound
:class:`~suchenggraph.engines.interface.Term` values, through Oxigraph's substitution API.
A bound variable must be in the ``SELECT`` clause (Oxigraph substitutes only projected
variables). :func:`suchenggraph.engines.factory.open_engine` reads a graph file into it.

>>> from suchenggraph.engines.interface import iri
>>> engine = OxigraphEngine.from_bytes(b"<https://example.org/t> <https://example.org/n> 23 .")
>>> engine.select("SELECT ?t ?n WHERE { ?t <https://example.org/n> ?n }",
...               {"t": iri("https://example.org/t")}).rows
[{'t': 'https://example.org/t', 'n': 23}]
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..candidates import candidates_from_store
from ..errors import DataError, QueryError
from ..lookup import resolve_fast
from ..readonly import check_read_only
from ..resources import file_uri
from .interface import IRI, Engine, Result, Term, plain_value, query_error

__all__ = ["OxigraphEngine"]


class OxigraphEngine(Engine):
    """An in-memory ``pyoxigraph.Store``: the CLI's engine (no rdflib import)."""

    name = "oxigraph"

    def __init__(self, store, path: str | None = None):
        super().__init__(path)
        self.store = store

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None, fmt: str = "turtle"):
        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
                   "nquads": ox.RdfFormat.N_QUADS, "n3": ox.RdfFormat.N3,
                   "json-ld": ox.RdfFormat.JSON_LD}
        if fmt not in formats:
            raise DataError(f"Oxigraph cannot read {fmt} files; use --engine rdflib", path=path)
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
        if term.kind == "iri":
            return ox.NamedNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)

    @staticmethod
    def _value(term):
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
            raise query_error(exc) from None
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
            raise query_error(exc) from None

    def _check_read_only(self, text: str) -> None:
        check_read_only(text)

    def _load_candidates(self, kinds):
        return candidates_from_store(self.store, kinds)

    def resolve(self, name: str, kinds=None):
        """Exact, indexed label lookups first (:func:`suchenggraph.lookup.resolve_fast`),
        the scan over every label only when nothing carries the name exactly."""
        return resolve_fast(self, name, kinds)
