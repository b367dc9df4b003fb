"""The query engines: Oxigraph (fast, the CLI's default) and rdflib (the second engine).

Both run the same standard SPARQL 1.1 text and give the same answer in the same
plain form: :class:`Result` with ``columns`` and ``rows`` (dicts of plain Python
values: IRIs and strings as ``str``, ``xsd:integer`` as ``int``, ``xsd:decimal`` as
``Decimal``, ``xsd:gYear`` as ``int``, booleans as ``bool``).

User text never becomes query text: values reach a query only as bound terms
(:class:`Term`), through Oxigraph's substitution API or rdflib's ``initBindings``.

No cache of any kind: :func:`open_engine` parses the graph file every time it is
called (Oxigraph loads the plan in about 10 ms), so an answer is never stale. Keep
the engine it returns for as long as the file should be taken as it was.

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

import functools
import os
import re
import sys
import threading
from typing import TYPE_CHECKING, NamedTuple

from .errors import DataError, QueryError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = [
    "ENGINES",
    "DEFAULT_TIMEOUT",
    "Term",
    "IRI",
    "iri",
    "literal",
    "Result",
    "Engine",
    "OxigraphEngine",
    "RdflibEngine",
    "open_engine",
    "check_read_only",
    "check_rdflib_query",
    "QueryTimeout",
    "plain_value",
]

ENGINES = ("oxigraph", "rdflib")

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


# --------------------------------------------------------------------------- read-only guard
# Two layers. (1) A token scan that reads the text the way the SPARQL 1.1 grammar does
# (strings, IRIs, comments, variables and prefixed names as the grammar delimits them)
# and refuses the keywords of updates, SERVICE and FROM wherever they stand outside
# those; it reads the text as written (as Oxigraph does) and again with \uXXXX escapes
# expanded (as rdflib does, following SPARQL 1.1 section 19.2). (2) The parsed query:
# rdflib's algebra is walked for SERVICE and a dataset clause; a query that Oxigraph
# parses but rdflib cannot is refused, since it cannot be checked.

_PN_CHARS_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
                  "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf"
                  "\ufdf0-\ufffd\U00010000-\U000effff")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_VARNAME = _PN_CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VARNAME + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?#@%-]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# A token that hides its text (string, IRI, comment, variable, name) must never reach
# further than the grammar's: each pattern below is the grammar's own, or shorter.
_STRINGS = (r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n]|\\.)*"'  # short strings (no line end inside)
            r"|'(?:[^'\\\n]|\\.)*'")
_IRI = rf'<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>'  # IRIs, as IRIREF (with \u escapes)
_COMMENT = r"#[^\r\n]*"  # comments: to the end of the line (\n or \r)
_VAR = rf"[?$][{_VARNAME}]+"
# prefixed names and blank nodes: a prefix, then ":" and a local part
_PN_PREFIX = rf"[{_PN_CHARS_U}][{_PN_CHARS}.]*"
_PN_LOCAL = rf":(?:(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:[{_PN_CHARS}.:]|{_PLX})*)?"
_WORD = r"[^\W\d_]+"  # words, of any letters (rdflib reads "ſERVICE" as SERVICE)

# The guard's scan: the prefix of a prefixed name (group 1) is checked as a word too,
# since Oxigraph reads "SERVICE:x" as the keyword SERVICE and the name :x.
_TOKEN_PATTERN = "|".join((_STRINGS, _IRI, _COMMENT, _VAR, f"({_PN_PREFIX})?{_PN_LOCAL}",
                           f"({_WORD})"))
# The same lexemes, named by kind, for code that needs to find the query's structure.
_KINDS_PATTERN = (f"(?P<skip>{_STRINGS}|{_IRI}|{_COMMENT}|(?:{_PN_PREFIX})?{_PN_LOCAL})"
                  f"|(?P<var>{_VAR})|(?P<word>{_WORD})|(?P<punct>[{{}}()*])")


@functools.cache
def _lexer(pattern: str) -> re.Pattern:
    """``pattern`` compiled when first needed: the Unicode classes of SPARQL names take
    about 20 ms to compile, which a named question on the command line never pays."""
    return re.compile(pattern, re.DOTALL)


def sparql_tokens(text: str):
    """``(kind, value, start, end)`` for the variables, words and ``{ } ( ) *`` of a query,
    lexed as the read-only guard lexes it (strings, IRIs, comments and prefixed names
    are skipped as wholes).

    >>> [t[:2] for t in sparql_tokens('SELECT ?x { ?x a:b "}" } # {')]
    [('word', 'SELECT'), ('var', '?x'), ('punct', '{'), ('var', '?x'), ('punct', '}')]
    """
    for m in _lexer(_KINDS_PATTERN).finditer(text):
        kind = m.lastgroup
        if kind != "skip":
            yield kind, m.group(kind), m.start(), m.end()


_UPDATE = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_ESCAPE_PATTERN = r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})"


def _refuse(word: str) -> QueryError:
    if word == "SERVICE":
        return QueryError("refused: SERVICE (a federated query to another endpoint) is not "
                          "allowed; the query runs on the plan graph only")
    if word == "FROM":
        return QueryError("refused: FROM / FROM NAMED would read another graph; the query "
                          "runs on the plan graph only")
    return QueryError(f"refused: {word} is a SPARQL update; only read-only queries "
                      "(SELECT, ASK, CONSTRUCT, DESCRIBE) run here")


def _expand_escapes(text: str) -> str:
    r"""``text`` with ``\uXXXX`` / ``\UXXXXXXXX`` replaced by the characters they stand for.

    >>> _expand_escapes(r"\u0053ERVICE \U0000004C")
    'SERVICE L'
    """
    def one(m):
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return re.sub(_ESCAPE_PATTERN, one, text)


def _scan(text: str) -> None:
    """The token scan of ``text`` (line ends ``\\r\\n`` and ``\\r`` read as ``\\n``)."""
    text = re.sub(r"\r\n?", "\n", text)
    for m in _lexer(_TOKEN_PATTERN).finditer(text):
        for word in (m.group(1), m.group(2)):
            if not word:
                continue
            # the word as a whole (rdflib upper-cases it) and its ASCII runs (Oxigraph)
            for upper in (word.upper(), *(w.upper() for w in re.findall("[A-Za-z]+", word))):
                if upper in _UPDATE or upper in ("SERVICE", "FROM"):
                    raise _refuse(upper)


def _walk(node):
    """Every part of an rdflib query: algebra nodes, their values, lists."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def check_rdflib_query(query) -> None:
    r"""Refuse an rdflib-prepared query whose algebra holds ``SERVICE`` or ``FROM``.

    >>> from rdflib.plugins.sparql import prepareQuery
    >>> check_rdflib_query(prepareQuery(r"SELECT * { \u0053ERVICE <http://x/> { ?s ?p ?o } }"))
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: refused: SERVICE (a federated query to another endpoint) is not allowed; the query runs on the plan graph only
    """
    for part in _walk(query.algebra):
        if getattr(part, "name", None) == "ServiceGraphPattern":
            raise _refuse("SERVICE")
        # dict.get: an algebra node's own get() answers the key itself for a missing key
        if isinstance(part, dict) and dict.get(part, "datasetClause"):
            raise _refuse("FROM")


class _QuietRdflibTerms:
    """Silence the ``rdflib.term`` logger while rdflib parses a query: a literal such as
    ``"abc"^^xsd:integer`` is valid SPARQL, but rdflib logs a traceback for each one."""

    def __enter__(self):
        import logging

        self.logger = logging.getLogger("rdflib.term")
        self.disabled, self.logger.disabled = self.logger.disabled, True
        return self

    def __exit__(self, *exc):
        self.logger.disabled = self.disabled
        return False


def _parse_check(text: str) -> None:
    """The second layer: rdflib's algebra of ``text``; see :func:`check_read_only`."""
    from rdflib.plugins.sparql import prepareQuery

    from .vocab import PREFIXES

    try:
        with _QuietRdflibTerms():
            parsed = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # rdflib cannot parse it: can Oxigraph?
        if _oxigraph_parses(text, PREFIXES):
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise QueryError("refused: the query cannot be checked as read-only (rdflib cannot "
                             f"parse it: {reason}); write it in plain SPARQL 1.1") from None
        return  # no engine can run it: the engine reports the syntax error itself
    check_rdflib_query(parsed)


def _oxigraph_parses(text: str, prefixes: dict[str, str]) -> bool:
    """Whether Oxigraph parses ``text``, without running it.

    A substitution for a variable the query does not have makes Oxigraph stop right
    after the parse (before any evaluation) with a "does not contain variable" error.
    """
    import pyoxigraph as ox

    name = "suchenggraph_parse_only"
    while name in text or name in _expand_escapes(text):
        name += "_"
    try:
        answer = ox.Store().query(text, prefixes=prefixes,
                                  substitutions={ox.Variable(name): ox.Literal("")})
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - "does not contain variable": parsed (or failed later)
        return True
    del answer  # it ran, on an empty store (never expected): parsed all the same
    return True


_SHIPPED: set[str] = set()


def _is_shipped(text: str) -> bool:
    """Whether ``text`` is one of the package's own named queries (``queries/*.rq``), as
    read from its file. Only the files of the same size are read."""
    if text in _SHIPPED:
        return True
    from .resources import queries_folder

    size = len(text.encode("utf-8"))
    try:
        with os.scandir(queries_folder()) as entries:
            for entry in entries:
                if entry.name.endswith(".rq") and entry.stat().st_size == size:
                    with open(entry.path, encoding="utf-8") as fh:
                        if fh.read() == text:
                            _SHIPPED.add(text)
                            return True
    except OSError:  # pragma: no cover - a broken installation: check everything
        pass
    return False


def check_read_only(text: str, *, deep: bool = True) -> None:
    r"""Refuse anything but a read-only query over the loaded graph.

    Updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...) and ``SERVICE`` (a
    federated call to another endpoint) raise :class:`QueryError`, as do ``FROM`` /
    ``FROM NAMED`` (rdflib would fetch the named IRI from the network or disk).
    Keywords inside strings, IRIs, comments or variable names do not count.

    Two checks: a scan of the tokens as the SPARQL grammar delimits them (a comment
    ends at ``\n`` or ``\r``; ``\u`` escapes are read both as written and expanded)
    and, with ``deep`` (the default), the parsed query: rdflib's algebra must hold no
    ``SERVICE`` and no dataset clause, and a query that Oxigraph parses but rdflib
    cannot is refused, as it cannot be checked. The package's own named queries
    (``queries/*.rq``; the tests check each of them both ways) are not checked again,
    so a question on the command line neither imports rdflib nor compiles the scanner.

    >>> check_read_only('SELECT ?x WHERE { ?x ?p "DELETE { } SERVICE" } # LOAD')
    >>> check_read_only("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: refused: DELETE is a SPARQL update; only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here
    >>> check_read_only("SELECT * WHERE { # ends at a carriage return\rSERVICE <http://x/> {} }")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: refused: SERVICE (a federated query to another endpoint) is not allowed; the query runs on the plan graph only
    """
    if _is_shipped(text):
        return
    _scan(text)
    expanded = _expand_escapes(text)
    if expanded != text:
        _scan(expanded)
    if deep:
        _parse_check(text)


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
    import traceback

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


class QueryTimeout(QueryError):
    """A query that ran past its time limit."""


class Engine:
    """A loaded graph that answers SPARQL. Subclasses: Oxigraph and rdflib.

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
        """The plans a query reads (:class:`suchenggraph.dataset.PlanInfo`): one, or every
        plan of a dataset; ``None`` for a single graph file (one plan, or none declared)."""
        return None

    def _check_read_only(self, text: str) -> None:
        """:func:`check_read_only` as this engine reads ``text``."""
        check_read_only(text)

    def candidates(self, kinds=None):
        """What a user can name (see :mod:`suchenggraph.resolve`), of ``kinds`` (default: all
        kinds); computed once per engine and kinds."""
        key = (kinds,) if isinstance(kinds, str) else tuple(kinds) if kinds else None
        if key not in self._candidates:
            self._candidates[key] = self._load_candidates(list(key) if key else None)
        return self._candidates[key]

    def resolve(self, name: str, kinds=None):
        """:func:`suchenggraph.resolve.resolve` over this graph's candidates (of ``kinds``)."""
        from .resolve import resolve

        return resolve(name, self.candidates(kinds), kinds)

    def _run(self, text, bindings) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def _load_candidates(self, kinds):  # pragma: no cover - abstract
        raise NotImplementedError


def _query_error(exc: Exception) -> QueryError:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return QueryError(f"cannot run the query: {text}")


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
