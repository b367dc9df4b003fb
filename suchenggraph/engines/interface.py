"""The engine interface: what every query engine offers and answers with.

:class:`Engine` (``select`` a SPARQL text with bound :class:`Term` values, under a time
limit, into a :class:`Result` of plain Python values), the terms (:func:`iri`,
:func:`literal`, :class:`IRI`), :func:`plain_value`, :data:`DEFAULT_TIMEOUT`, the errors
a query raises (:class:`~suchenggraph.errors.QueryError`, :class:`QueryTimeout`).

This module imports nothing of the package but :mod:`suchenggraph.errors` (the package's
one exception hierarchy, which imports nothing): the engines (see
:mod:`suchenggraph.engines`) build on it, the factory
(:mod:`suchenggraph.engines.factory`) knows them all, and the named queries
(:mod:`suchenggraph.queries`) sit above. Its two imports inside functions keep
:mod:`decimal` and :mod:`traceback` off the command line's fast path.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from typing import NamedTuple

from ..errors import QueryError

__all__ = [
    "DEFAULT_TIMEOUT",
    "query_error",
    "QueryError",
    "XSD",
    "Term",
    "IRI",
    "iri",
    "literal",
    "plain_value",
    "Result",
    "Engine",
    "QueryTimeout",
]

#: Seconds a query may run before :class:`QueryError`.
DEFAULT_TIMEOUT = 10.0

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Term(NamedTuple):
    """An RDF term, engine-neutral: an IRI or a literal (with a datatype or a language).

    >>> iri("https://example.org/x"), literal(2024, datatype=XSD + "gYear").value
    (Term(kind='iri', value='https://example.org/x', datatype=None, lang=None), '2024')
    """

    kind: str  # "iri" or "literal"
    value: str
    datatype: str | None = None
    lang: str | None = None


#: characters an IRI may not hold (IRIREF): controls, space, <>"{}|^`\\
_IRI_BAD = frozenset(map(chr, range(0x21))) | frozenset('<>"{}|^`\\')
_SCHEME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def iri(value: str) -> Term:
    """An IRI term; refuses text that is not an absolute IRI (a scheme, then ``:``; none of
    the characters IRIREF excludes).

    >>> iri("not an iri")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: not an absolute IRI: 'not an iri'
    >>> iri("1x:y").value
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: not an absolute IRI: '1x:y'
    """
    value = str(value)
    scheme, colon, _ = value.partition(":")
    if (not colon or not scheme or not scheme[0].isascii() or not scheme[0].isalpha()
            or not set(scheme) <= _SCHEME or not _IRI_BAD.isdisjoint(value)):
        raise QueryError(f"not an absolute IRI: {value!r}")
    return Term("iri", value)


def _is_decimal(value) -> bool:
    """Whether ``value`` is a ``decimal.Decimal``, without importing :mod:`decimal` (none
    can exist before it is imported; a question on the command line never needs it)."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def literal(value, datatype: str | None = None, lang: str | None = None) -> Term:
    """A literal term: ``str`` -> ``xsd:string``, ``int`` -> ``xsd:integer`` unless told."""
    if datatype is None and lang is None:
        if isinstance(value, bool):
            datatype, value = XSD + "boolean", "true" if value else "false"
        elif isinstance(value, int):
            datatype = XSD + "integer"
        elif _is_decimal(value):
            datatype = XSD + "decimal"
    return Term("literal", str(value), datatype, lang)


def plain_value(kind: str, value: str, datatype: str | None = None):
    """The Python value of a term, the same whichever engine returned it.

    >>> plain_value("literal", "1500.0", XSD + "decimal"), plain_value("literal", "2024", XSD + "gYear")
    (Decimal('1500.0'), 2024)
    >>> plain_value("iri", "https://example.org/x"), plain_value("literal", "x", XSD + "string")
    ('https://example.org/x', 'x')
    """
    if kind != "literal" or datatype is None:
        return value
    local = datatype[len(XSD):] if datatype.startswith(XSD) else None
    try:
        if local in ("integer", "int", "long", "short", "nonNegativeInteger",
                     "positiveInteger", "negativeInteger", "nonPositiveInteger"):
            return int(value)
        if local == "decimal":
            from decimal import Decimal  # imported only for an answer that holds one

            return Decimal(value)
        if local in ("double", "float"):
            return float(value)
        if local == "boolean":
            return value in ("true", "1")
        if local == "gYear" and re.fullmatch(r"-?\d{4,}", value):
            return int(value)
    except (ValueError, ArithmeticError):  # decimal.InvalidOperation is one
        return value
    return value


class IRI(str):
    """A value that was an IRI (a named node) in a query's answer, not a literal.

    It is a ``str`` and equal to the plain string, so rows compare, print and serialise
    as before; only code that must tell the two apart (the notebook's labels) looks.

    >>> IRI("https://example.org/x") == "https://example.org/x", isinstance(IRI("a:b"), str)
    (True, True)
    """

    __slots__ = ()


class Result(NamedTuple):
    """The answer to a query: ``columns`` (the projected variables) and ``rows``.

    An ``ASK`` query gives one row ``{"result": True|False}``; ``CONSTRUCT`` and
    ``DESCRIBE`` give ``subject``, ``predicate``, ``object`` rows.
    """

    columns: list[str]
    rows: list[dict]

    def values(self) -> list[tuple]:
        """The rows as tuples in column order (handy to compare engines)."""
        return [tuple(r.get(c) for c in self.columns) for r in self.rows]


# --------------------------------------------------------------------------- engines


class _Worker(threading.Thread):
    """A daemon thread that runs one job at a time for :func:`_with_timeout`; kept for the
    next job unless its job ran past the time limit (then it is left to finish alone)."""

    def __init__(self):
        super().__init__(name="suchenggraph-query", daemon=True)
        self.job = None
        self.given = threading.Event()
        self.done = threading.Event()
        self.start()

    def run(self):
        while True:
            self.given.wait()
            self.given.clear()
            fn, box = self.job
            self.job = None
            try:
                box["value"] = fn()
            except BaseException as exc:  # handed to the caller
                _drop_locals(exc)
                box["error"] = exc
            del fn, box
            self.done.set()


_IDLE: list[_Worker] = []  # workers waiting for a job (list.pop/append are atomic)
if hasattr(os, "register_at_fork"):  # a forked child has none of its parent's threads
    os.register_at_fork(after_in_child=_IDLE.clear)


def _with_timeout(fn, timeout: float | None):
    """Run ``fn()``; raise :class:`QueryError` if it takes longer than ``timeout`` seconds.

    The work runs in a daemon thread (reused from one query to the next: starting a thread
    costs more than a small query): on a timeout the caller gets the error at once (the
    CLI then exits, which ends the thread).
    """
    if not timeout:
        return fn()
    try:
        worker = _IDLE.pop()
    except IndexError:
        worker = _Worker()
    box: dict = {}
    worker.done.clear()
    worker.job = (fn, box)
    worker.given.set()
    if not worker.done.wait(timeout):
        raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s "
                           "(use --timeout to allow more)")
    _IDLE.append(worker)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _drop_locals(exc: BaseException) -> None:
    """Clear the finished frames of ``exc`` and its chained exceptions, in this thread.

    Oxigraph's result iterators may only be dropped by the thread that made them; left in
    a frame of the traceback, one would be dropped later by the main thread, which prints
    "RuntimeError: ... PyQuerySolutions is unsendable" on stderr.
    """
    import traceback  # only when a query failed: off the fast path

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


class QueryTimeout(QueryError):
    """A query that ran past its time limit."""


class Engine:
    """A loaded graph that answers SPARQL. Subclasses: one per engine (see :mod:`suchenggraph.engines`).

    ``timeout``: the seconds a query may run when :meth:`select` is not told
    (``None``: no limit).
    """

    name = "?"

    def __init__(self, path: str | None = None):
        self.path = path
        self.timeout: float | None = None
        self._candidates: dict = {}

    def select(self, text: str, bindings: dict[str, Term] | None = None, *,
               timeout: float | None = None, read_only: bool = True) -> Result:
        """Run ``text`` with ``bindings`` (variable name -> :class:`Term`); see :class:`Result`."""
        bindings = dict(bindings or {})
        for name, term in bindings.items():
            if not isinstance(term, Term):
                raise TypeError(f"binding {name!r} must be a Term, not {type(term).__name__}")

        def work():
            if read_only:
                self._check_read_only(text)
            return self._run(text, bindings)

        return _with_timeout(work, timeout if timeout is not None else self.timeout)

    def plans_in_scope(self) -> list | None:
        """The plans a query reads (:class:`suchenggraph.engines.plans.PlanInfo`): one, or every
        plan of a dataset; ``None`` for a single graph file (one plan, or none declared)."""
        return None

    def _check_read_only(self, text: str) -> None:  # pragma: no cover - abstract
        """Refuse ``text`` unless it is a read-only query, as this engine reads it
        (:func:`suchenggraph.readonly.check_read_only`)."""
        raise NotImplementedError

    def candidates(self, kinds=None):
        """What a user can name (see :mod:`suchenggraph.candidates`), of ``kinds`` (default: all
        kinds); computed once per engine and kinds."""
        key = (kinds,) if isinstance(kinds, str) else tuple(kinds) if kinds else None
        if key not in self._candidates:
            self._candidates[key] = self._load_candidates(list(key) if key else None)
        return self._candidates[key]

    def resolve(self, name: str, kinds=None):  # pragma: no cover - abstract
        """The one thing ``name`` names, of ``kinds`` (:mod:`suchenggraph.resolve`)."""
        raise NotImplementedError

    def _run(self, text, bindings) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def _load_candidates(self, kinds):  # pragma: no cover - abstract
        raise NotImplementedError


def query_error(exc: Exception) -> QueryError:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return QueryError(f"cannot run the query: {text}")
