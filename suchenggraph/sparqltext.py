"""Query text as users write it: the project's prefixes declared for them, and errors at
their own line and column.

:func:`with_prefixes` puts ``PREFIX`` declarations for the project's prefixes
(:data:`suchenggraph.vocab.PREFIXES`) the text does not declare on its first line, so line
numbers stay the user's; :func:`located` turns an engine's parse error back into the
user's line and column, and shortens Oxigraph's list of what it expected. The ``%%sparql``
magic and ``suchenggraph query`` (a file or stdin) share them.
"""

from __future__ import annotations

import re

from .errors import QueryError
from .vocab import PREFIXES

__all__ = ["code_only", "with_prefixes", "located", "tidy"]


_MASK = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_DECLARED = re.compile(r"(?i)(?<![\w?$])PREFIX\s+((?:[^\W\d_][\w.-]*)?)\s*:")
_PREFIXED = re.compile(r"(?<![\w.:-])((?:[^\W\d_](?:[\w.-]*[\w-])?)?):")


def code_only(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked (same length, same lines)."""
    return _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with ``PREFIX`` declarations for the project's prefixes it does not declare
    itself, and how many characters were put in front of its first line.

    The declarations go on the first line, so line numbers stay those of ``text``.
    A prefix the query uses that is neither declared nor known raises :class:`QueryError`.

    >>> text, shift = with_prefixes("SELECT ?t WHERE { ?t a sg:Task }")
    >>> text[shift:], "PREFIX sg: <https://w3id.org/suchenggraph/ontology#>" in text
    ('SELECT ?t WHERE { ?t a sg:Task }', True)
    >>> with_prefixes("SELECT ?t WHERE {\\n  ?t a ex:Thing }")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: line 2: unknown prefix ex: (declare it with PREFIX ex: <...>; \
these are declared for you: dcat: dcterms: eli: oa: org: owl: plan: prov: qb: rdf: rdfs: schema: \
sdmx-attribute: sdmx-dimension: sdmx-measure: sg: sgorg: skos: xsd:)
    """
    code = code_only(text)
    declared = {m.group(1) for m in _DECLARED.finditer(code)}
    for m in _PREFIXED.finditer(code):
        name = m.group(1)
        if name not in declared and name not in PREFIXES:
            known = " ".join(f"{p}:" for p in sorted(PREFIXES))
            raise QueryError(f"unknown prefix {name}: (declare it with PREFIX {name}: <...>; "
                             f"these are declared for you: {known})",
                             line=code.count("\n", 0, m.start()) + 1)
    prologue = "".join(f"PREFIX {p}: <{ns}> " for p, ns in sorted(PREFIXES.items())
                       if p not in declared)
    return prologue + text, len(prologue)


_OXIGRAPH_AT = re.compile(r"error at (\d+):(\d+)")
_PYPARSING_AT = re.compile(r"\(at char (\d+)\), \(line:(\d+), col:(\d+)\)")


_EXPECTED = re.compile(r"expected one of (.*)$")
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s][^,]*')


def tidy(message: str, keep: int = 12) -> str:
    """Oxigraph's "expected one of ..." list without character classes, at most ``keep`` long.

    >>> tidy('error at 1:9: expected one of DESCRIBE, "(", [0..=9], [_]')
    'error at 1:9: expected one of DESCRIBE, "(", [_]'
    """
    m = _EXPECTED.search(message)
    if not m:
        return message
    items = [i.strip() for i in _ITEM.findall(m.group(1))]
    items = [i for i in items if not (i.startswith("[") and "..=" in i)]
    if len(items) > keep:
        items = [*items[:keep], "…"]
    return message[:m.start(1)] + ", ".join(items)


def located(exc: QueryError, text: str, shift: int) -> QueryError:
    """The engine's error with positions in the user's own ``text`` (before
    :func:`with_prefixes` put ``shift`` characters in front of its first line) and the line
    it names; the engine's list of expected tokens shortened (:func:`tidy`)."""
    message = exc.message
    line = None

    def oxigraph(m):
        nonlocal line
        row, col = int(m.group(1)), int(m.group(2))
        if row == 1 and col > shift:
            col -= shift
        line = line or row
        return f"error at {row}:{col}"

    def pyparsing(m):
        nonlocal line
        char, row, col = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if char >= shift:
            char -= shift
        if row == 1 and col > shift:
            col -= shift
        line = line or row
        return f"(at char {char}), (line:{row}, col:{col})"

    message = tidy(_OXIGRAPH_AT.sub(oxigraph, message))
    message = _PYPARSING_AT.sub(pyparsing, message)
    if line is None:
        return exc
    lines = text.splitlines()
    where = f"line {line}"
    if 1 <= line <= len(lines) and lines[line - 1].strip():
        source = " ".join(lines[line - 1].split())
        where += f" ({source[:60]}{'…' if len(source) > 60 else ''})"
    return type(exc)(f"{where}: {message}")
