r"""The read-only guard: a query runs only if it reads the loaded graph and nothing else.

Two layers. (1) A token scan that reads the text the way the SPARQL 1.1 grammar does
(strings, IRIs, comments, variables and prefixed names as the grammar delimits them)
and refuses the keywords of updates, SERVICE and FROM wherever they stand outside
those; it reads the text as written (as Oxigraph does) and again with \uXXXX escapes
expanded (as rdflib does, following SPARQL 1.1 section 19.2). (2) The parsed query:
rdflib's algebra is walked for SERVICE and a dataset clause; a query that Oxigraph
parses but rdflib cannot is refused, since it cannot be checked.
"""

from __future__ import annotations

import functools
import os
import re

import pyoxigraph as ox

from .errors import QueryError
from .resources import queries_folder

__all__ = ["check_read_only", "check_rdflib_query", "sparql_tokens", "QuietRdflibTerms"]


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


class QuietRdflibTerms:
    """Silence the ``rdflib.term`` logger while rdflib parses a query or a graph file: a
    literal such as ``"abc"^^xsd:integer`` is valid SPARQL and RDF, but rdflib logs a
    traceback for each one."""

    def __enter__(self):
        import logging  # only around an rdflib parse, never on the fast path

        self.logger = logging.getLogger("rdflib.term")
        self.disabled, self.logger.disabled = self.logger.disabled, True
        return self

    def __exit__(self, *exc):
        self.logger.disabled = self.disabled
        return False


def _parse_check(text: str) -> None:
    """The second layer: rdflib's algebra of ``text``; see :func:`check_read_only`."""
    # the second layer is skipped for the shipped queries: the fast path never loads rdflib
    from rdflib.plugins.sparql import prepareQuery

    from .vocab import PREFIXES  # (it imports rdflib)

    try:
        with QuietRdflibTerms():
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
