"""The named query catalogue: ``queries/*.rq``, each with a header, run with bound values.

Each file opens with a comment header::

    # title: What an organisation leads
    # description: The tasks, indicators and platforms an organisation leads ...
    # params: org (organisation)

``params`` lists ``NAME (TYPE)`` or ``NAME (TYPE, optional)``, comma separated, or
nothing. A parameter is a SPARQL variable of the query (and must be in its
``SELECT`` clause); its value is bound, never pasted into the text. Types:

============  ==================================================================
type          what the user gives -> what is bound
============  ==================================================================
organisation  a name, resolved (:mod:`suchenggraph.resolve`) -> the IRI
task          a number or title -> the IRI (likewise ``indicator``, ``platform``,
              ``area``; ``thing`` is any of task, indicator, platform)
iri           an absolute IRI, with or without ``<>``
string        any text -> an ``xsd:string`` literal
integer       digits -> an ``xsd:integer`` literal
year          four digits -> an ``xsd:gYear`` literal
============  ==================================================================

A query given as a file or on stdin may have the same header; without one,
every ``-p`` value is bound as a string, or as an IRI when written ``<...>``.

:func:`run_named` runs one with bound values on any engine
(:mod:`suchenggraph.engines`); the answers the command line shapes from them (``leads``,
``owner``, ...) are :mod:`suchenggraph.answers`, above this module.

>>> q = get("leads")
>>> q.title, [str(p) for p in q.params]
('What an organisation leads', ['org (organisation)'])
>>> [q.name for q in catalogue()][:3]
['area', 'areas', 'cooperates']
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, NamedTuple

from .engines.interface import DEFAULT_TIMEOUT, XSD, Result, Term, iri, literal
from .errors import NameNotFound, QueryError, UsageError
from .readonly import _SHIPPED
from .resources import clean_path, queries_folder

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = [
    "PARAM_TYPES",
    "Param",
    "NamedQuery",
    "parse_query_text",
    "catalogue",
    "get",
    "load",
    "bind",
    "run_named",
]

NAME_KINDS = {"organisation": ("organisation",), "task": ("task",), "indicator": ("indicator",),
              "platform": ("platform",), "area": ("area",),
              "thing": ("task", "indicator", "platform")}
PARAM_TYPES = (*NAME_KINDS, "iri", "string", "integer", "year")

_HEADER_KEYS = ("title", "description", "params")


# The header is read with string methods, not regular expressions: compiling them cost
# more than a named question spends on its header (tests/test_queries.py checks the two
# readings agree).
def _header_line(stripped: str) -> tuple[str, str] | None:
    """``(key, value)`` of a ``# key: value`` header line (already stripped), or ``None``.

    >>> _header_line("#  title :  Who leads  "), _header_line("# other: x"), _header_line("#")
    (('title', 'Who leads'), None, None)
    """
    key, colon, value = stripped[1:].partition(":")
    key = key.strip()
    if not colon or key not in _HEADER_KEYS:
        return None
    return key, value.strip()


def _split_params(value: str) -> list[str]:
    """``value`` cut at each comma whose next parenthesis is not a closing one.

    >>> _split_params("year (year, optional), x, org (organisation)")
    ['year (year, optional)', ' x', ' org (organisation)']
    """
    items, start = [], 0
    for i, ch in enumerate(value):
        if ch != ",":
            continue
        rest = value[i + 1:]
        nxt = min((j for j in (rest.find("("), rest.find(")")) if j >= 0), default=-1)
        if nxt >= 0 and rest[nxt] == ")":
            continue  # inside NAME (TYPE, optional)
        items.append(value[start:i])
        start = i + 1
    return [*items, value[start:]]


def _param(item: str) -> tuple[str, str | None, bool] | None:
    """``(name, type, optional)`` of ``NAME``, ``NAME (TYPE)`` or ``NAME (TYPE, optional)``.

    >>> _param("year (year, optional)"), _param("x"), _param("2x"), _param("x (Type)")
    (('year', 'year', True), ('x', None, False), None, None)
    """
    head, paren, rest = item.partition("(")
    name = head.rstrip()
    if not (name.isascii() and name and (name[0].isalpha() or name[0] == "_")
            and all(c.isalnum() or c == "_" for c in name)):
        return None
    if not paren:
        return (name, None, False) if head == name else None
    if not rest.endswith(")") or "(" in rest or ")" in rest[:-1]:
        return None
    kind, comma, flag = rest[:-1].partition(",")
    kind = kind.strip()
    if not (kind.isascii() and kind.isalpha() and kind.islower()):
        return None
    if comma and flag.strip() != "optional":
        return None
    return name, kind, bool(comma)
_VARIABLE = r"[?$]([A-Za-z_][A-Za-z0-9_]*)"


class Param(NamedTuple):
    """A declared query parameter: ``name`` (the SPARQL variable), ``type``, ``optional``."""

    name: str
    type: str = "string"
    optional: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.type}{', optional' if self.optional else ''})"


class NamedQuery(NamedTuple):
    """A query with its header: ``name``, ``title``, ``description``, ``params``, ``text``."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    path: str | None = None
    has_header: bool = False

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def variables(self) -> set[str]:
        """Variable names the query text uses (outside comments)."""
        body = "\n".join(line for line in self.text.splitlines()
                         if not line.lstrip().startswith("#"))
        return set(re.findall(_VARIABLE, body))

    def as_row(self) -> dict:
        return {"name": self.name, "title": self.title,
                "params": ", ".join(str(p) for p in self.params),
                "description": self.description}


def parse_query_text(text: str, name: str = "-", path: str | None = None) -> NamedQuery:
    """Read the ``# title:`` / ``# description:`` / ``# params:`` header of a query.

    >>> q = parse_query_text("# title: T\\n# params: year (year, optional), x\\nSELECT ?x ?year {}")
    >>> q.title, q.params
    ('T', (Param(name='year', type='year', optional=True), Param(name='x', type='string', optional=False)))
    >>> parse_query_text("# params: x (colour)\\nSELECT ?x {}")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: -:1: unknown parameter type 'colour'; expected one of organisation, task, indicator, platform, area, thing, iri, string, integer, year
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    where = path or name
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        found = _header_line(stripped)
        if found is None:
            continue
        key, value = found
        fields[key] = value
        if key != "params" or not value or value.lower() in ("none", "-"):
            continue
        for item in _split_params(value):
            pm = _param(item.strip())
            if not pm:
                raise QueryError(f"cannot read parameter {item.strip()!r}; write NAME (TYPE)",
                                 path=where, line=number)
            pname, ptype, optional = pm
            ptype = ptype or "string"
            if ptype not in PARAM_TYPES:
                raise QueryError(f"unknown parameter type {ptype!r}; expected one of "
                                 f"{', '.join(PARAM_TYPES)}", path=where, line=number)
            params.append(Param(pname, ptype, bool(optional)))
    return NamedQuery(name=name, text=text, title=fields.get("title", ""),
                      description=fields.get("description", ""), params=tuple(params),
                      path=path, has_header=bool(fields))


def _queries_dir(folder=None) -> Path:
    from pathlib import Path  # the whole catalogue only: a named question does without pathlib

    return Path(_queries_folder(folder))


def _queries_folder(folder=None) -> str:
    if folder is not None:
        return os.fspath(folder)
    return queries_folder()


def catalogue(folder=None) -> list[NamedQuery]:
    """Every named query in ``folder`` (default: the shipped ``queries/``), by name."""
    out = []
    for path in sorted(_queries_dir(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out.append(parse_query_text(text, path.stem, str(path)))
    return out


def get(name: str, folder=None) -> NamedQuery:
    """The named query ``name``; an unknown name raises :class:`NameNotFound` with suggestions.

    >>> get("lead")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.NameNotFound: no named query 'lead' (see `suchenggraph queries`); did you mean 'leads', 'top_leads'?
    """
    path = clean_path(os.path.join(_queries_folder(folder), f"{name}.rq"))
    plain = name.isascii() and all(c.isalnum() or c in "_-" for c in name)  # [A-Za-z0-9_-]+
    if name and plain and os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if folder is None:  # read from the package's own queries/: the guard knows them
            _SHIPPED.add(text)
        return parse_query_text(text, name, path)
    from difflib import get_close_matches  # only for a name that is not in the catalogue

    names = [q.name for q in catalogue(folder)]
    raise NameNotFound(f"no named query {name!r} (see `suchenggraph queries`)",
                       suggestions=get_close_matches(name, names, n=3, cutoff=0.6))


def load(spec: str, folder=None, stdin=None) -> NamedQuery:
    """A query by catalogue name, by file path, or ``-`` for standard input.

    A file that is missing, a folder or unreadable raises :class:`QueryError` (exit 1);
    an unknown catalogue name raises :class:`NameNotFound` (exit 2).
    """
    if spec == "-":
        stream = stdin if stdin is not None else sys.stdin
        text = stream.read()
        if not text.strip():
            raise UsageError("no query on standard input")
        return parse_query_text(text, "-")
    from pathlib import Path  # a query file: off the fast path of a named question

    path = Path(spec)
    if path.suffix.lower() in (".rq", ".sparql", ".txt") or "/" in spec or path.is_file():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise QueryError("no such query file", path=spec) from None
        except IsADirectoryError:
            raise QueryError("is a folder, not a query file", path=spec) from None
        except UnicodeDecodeError as exc:
            raise QueryError(f"cannot read: not UTF-8 text ({exc.reason} at byte {exc.start})",
                             path=spec) from None
        except OSError as exc:
            if path.is_dir():  # Windows says "permission denied" for a folder
                raise QueryError("is a folder, not a query file", path=spec) from None
            raise QueryError(f"cannot read: {exc.strerror or exc}", path=spec) from None
        return parse_query_text(text, path.stem, spec)
    return get(spec, folder)


def _check_value(name: str, value: str) -> None:
    """A ``-p`` value must be text: no bytes that were not UTF-8 on the command line."""
    if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
        raise UsageError(f"the value of {name} is not valid UTF-8 text (give values in UTF-8)")


def _bind_one(p: Param, value: str, engine) -> Term:
    _check_value(p.name, value)
    text = value.strip()
    if p.type in NAME_KINDS:
        if text.startswith("<") and text.endswith(">"):
            return iri(text[1:-1])
        return iri(engine.resolve(value, NAME_KINDS[p.type]).iri)
    if p.type == "iri":
        return iri(text[1:-1] if text.startswith("<") and text.endswith(">") else text)
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise UsageError(f"parameter {p.name} wants a whole number, not {value!r}")
        return literal(int(text))
    if p.type == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise UsageError(f"parameter {p.name} wants a year (four digits), not {value!r}")
        return literal(text, datatype=XSD + "gYear")
    return literal(value)


def bind(query: NamedQuery, values: dict[str, str], engine) -> dict[str, Term]:
    """Turn user values into bound terms, checking them against the declared params.

    Names (organisations, tasks, ...) are resolved on ``engine``'s graph, so an
    unknown or ambiguous name raises before the query runs.
    """
    bound: dict[str, Term] = {}
    if query.has_header:
        for name in values:
            if query.param(name) is None:
                declared = ", ".join(p.name for p in query.params) or "none"
                raise UsageError(f"query {query.name!r} has no parameter {name!r} "
                                 f"(its parameters: {declared})")
        for p in query.params:
            if p.name in values:
                bound[p.name] = _bind_one(p, values[p.name], engine)
            elif not p.optional:
                raise UsageError(f"query {query.name!r} needs -p {p.name} VALUE ({p.type})")
        return bound
    used = query.variables()
    for name, value in values.items():
        if name not in used:
            raise UsageError(f"the query has no variable ?{name}")
        _check_value(name, value)
        text = value.strip()
        bound[name] = (iri(text[1:-1]) if text.startswith("<") and text.endswith(">")
                       else literal(value))
    return bound


def run_named(engine, query: NamedQuery | str, values: dict[str, str] | None = None, *,
              timeout: float | None = DEFAULT_TIMEOUT) -> Result:
    """Run a query (a :class:`NamedQuery` or a catalogue name) on ``engine`` with ``values``.

    >>> from suchenggraph.engines.factory import open_engine
    >>> rows = run_named(open_engine(), "leads", {"org": "商务局"}).rows
    >>> sorted({r["kind"] for r in rows})
    ['indicator', 'platform', 'task']
    """
    if isinstance(query, str):
        query = get(query)
    terms = bind(query, dict(values or {}), engine)
    return engine.select(query.text, terms, timeout=timeout)
