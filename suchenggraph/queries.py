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
    "pick",
    "names",
    "leads",
    "cooperates",
    "owner",
    "task",
    "organisations",
    "areas",
    "area",
    "indicators",
    "platforms",
    "matrix",
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
    from pathlib import Path

    return Path(_queries_folder(folder))


def _queries_folder(folder=None) -> str:
    if folder is not None:
        return os.fspath(folder)
    from .resources import queries_folder

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
    from .resources import clean_path

    path = clean_path(os.path.join(_queries_folder(folder), f"{name}.rq"))
    plain = name.isascii() and all(c.isalnum() or c in "_-" for c in name)  # [A-Za-z0-9_-]+
    if name and plain and os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if folder is None:  # read from the package's own queries/: the guard knows them
            from .readonly import _SHIPPED

            _SHIPPED.add(text)
        return parse_query_text(text, name, path)
    from difflib import get_close_matches

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
    from pathlib import Path

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


# --------------------------------------------------------------------------- answers
# The questions the CLI asks, as library functions: each takes an engine (see
# :func:`suchenggraph.engines.factory.open_engine`) and returns plain rows with every name in
# all three languages (``name_en``, ``name_zh_hans``, ``name_zh_hant``).

LANG_KEYS = {"en": ("en", "zh_hans", "zh_hant"), "zh-Hans": ("zh_hans", "zh_hant", "en"),
             "zh-Hant": ("zh_hant", "zh_hans", "en")}


def pick(row: dict, lang: str = "en", prefix: str = "name") -> str | None:
    """The ``prefix`` label of ``row`` in ``lang``, falling back to the other languages.

    >>> pick({"name_en": None, "name_zh_hans": "区商务局"}, "en")
    '区商务局'
    """
    for key in LANG_KEYS[lang]:
        value = row.get(f"{prefix}_{key}")
        if value:
            return value
    return None


def names(row: dict, prefix: str = "name", to: str = "name") -> dict:
    """The three ``prefix_*`` labels of ``row``, renamed ``to_*``."""
    return {f"{to}_{k}": row.get(f"{prefix}_{k}") for k in ("en", "zh_hans", "zh_hant")}


def _select(engine, query: str, timeout: float | None = None, **terms) -> list[dict]:
    """Run a named query; ``timeout`` defaults to the engine's own (``engine.timeout``, set
    by :func:`suchenggraph.engines.factory.open_any` from ``--timeout``), else :data:`DEFAULT_TIMEOUT`."""
    if timeout is None:
        timeout = getattr(engine, "timeout", None) or DEFAULT_TIMEOUT
    return engine.select(get(query).text, terms, timeout=timeout).rows


def leads(engine, org: str):
    """What ``org`` leads: ``(candidate, rows)``; rows have ``kind``, ``number``, names,
    ``area`` (the action area's number) and ``iri``.

    >>> from suchenggraph.engines.factory import open_engine
    >>> who, rows = leads(open_engine(), "Bureau of Commerce")
    >>> who.label("zh-Hans"), rows[0]["kind"], rows[0]["name_en"] is not None
    ('区商务局', 'task', True)
    """
    who = engine.resolve(org, "organisation")
    rows = _select(engine, "leads", org=iri(who.iri))
    return who, [{"kind": r["kind"], "number": r["number"], **names(r), "area": r["area"],
                  "iri": r["thing"]} for r in rows]


def cooperates(engine, org: str):
    """The tasks ``org`` cooperates on (``role`` ``cooperating``) or is responsible for without
    a named lead (``responsible``): ``(candidate, rows)``."""
    who = engine.resolve(org, "organisation")
    rows = _select(engine, "cooperates", org=iri(who.iri))
    return who, [{"number": r["number"], **names(r), "role": r["role"], "area": r["area"],
                  "iri": r["task"]} for r in rows]


def _owners(engine, thing_iri: str) -> list[dict]:
    rows = _select(engine, "owner", thing=iri(thing_iri))
    return [{"role": r["role"], **names(r), "iri": r["org"]} for r in rows]


def owner(engine, thing: str):
    """Who leads, cooperates on or is responsible for a task, indicator or platform:
    ``(candidate, rows)`` in the order the plan names them."""
    what = engine.resolve(thing, NAME_KINDS["thing"])
    return what, _owners(engine, what.iri)


def task(engine, name: str) -> dict:
    """One task with its area, owners and targets, as a dict (see ``suchenggraph task``)."""
    what = engine.resolve(name, "task")
    rows = _select(engine, "task", task=iri(what.iri))
    if not rows:  # pragma: no cover - resolve only returns tasks that exist
        raise NameNotFound(f"there is no task {name!r}")
    r = rows[0]
    owners = _owners(engine, what.iri)
    targets = _select(engine, "task_targets", task=iri(what.iri))
    return {
        "number": r["number"], **names(r), "iri": what.iri,
        "area": r["area"], **names(r, "area", "area"),
        "lead": [o for o in owners if o["role"] == "lead"],
        "cooperating": [o for o in owners if o["role"] == "cooperating"],
        "responsible": [o for o in owners if o["role"] == "responsible"],
        "targets": [{**{k: t[k] for k in ("metric_zh_hans", "metric_zh_hant", "comparator",
                                          "value", "unit", "unit_zh_hant", "unit_en", "year")},
                     "year_inferred": bool(t["year_inferred"]), "increase": bool(t["increase"]),
                     "recurrence": t["recurrence"], "indicator": t["indicator"]}
                    for t in targets],
        "line": r["line"], "text_zh_hans": r["text_zh_hans"], "text_zh_hant": r["text_zh_hant"],
    }


def organisations(engine) -> list[dict]:
    """Every organisation with its ``type`` and its ``lead`` / ``cooperating`` /
    ``responsible`` task counts and ``indicators`` / ``platforms`` lead counts."""
    return [{**names(r), "type": r["type"], "lead": r["lead"], "cooperating": r["cooperating"],
             "responsible": r["responsible"], "indicators": r["indicators"],
             "platforms": r["platforms"], "iri": r["org"]}
            for r in _select(engine, "orgs")]


def areas(engine) -> list[dict]:
    """The action areas with their ``tasks`` and ``platforms`` counts."""
    return [{"number": r["number"], **names(r), "tasks": r["tasks"], "platforms": r["platforms"],
             "iri": r["area"]} for r in _select(engine, "areas")]


def area(engine, name: str):
    """The tasks and platforms of one action area: ``(candidate, rows)``."""
    what = engine.resolve(name, "area")
    rows = _select(engine, "area", area=iri(what.iri))
    return what, [{"kind": r["kind"], "number": r["number"], **names(r), "iri": r["thing"]}
                  for r in rows]


def _org(r: dict, prefix: str) -> dict:
    return {"iri": r[prefix], **names(r, prefix)}


def _and(items) -> str:
    """``a, b and c``.

    >>> _and([2022, 2023, 2024]), _and(["x"]), _and([])
    ('2022, 2023 and 2024', 'x', '')
    """
    items = [str(x) for x in items]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def indicators(engine, year: int | None = None) -> list[dict]:
    """The indicators, each with ``targets`` (year -> value), ``unit`` and ``lead`` organisations.

    With ``year``, ``targets`` holds that year only (``None`` where the annex sets no value
    for an indicator); a year the plan sets no indicator target for raises
    :class:`~suchenggraph.errors.UsageError` naming the years it does.

    >>> from suchenggraph.engines.factory import open_engine
    >>> indicators(open_engine(), 2021)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: the plan sets no indicator target for 2021; it sets them for 2022, 2023 and 2024
    """
    out: dict[str, dict] = {}
    for r in _select(engine, "indicators"):
        row = out.setdefault(r["indicator"], {
            "number": r["number"], **names(r), **names(r, "category", "category"),
            "unit": r["unit"], "unit_zh_hant": r["unit_zh_hant"], "unit_en": r["unit_en"],
            "targets": {}, "lead": [],
            "iri": r["indicator"]})
        if r["year"] is not None and r["value"] is not None:
            row["targets"].setdefault(r["year"], r["value"])
        if r["lead"] is not None and all(o["iri"] != r["lead"] for o in row["lead"]):
            row["lead"].append(_org(r, "lead"))
    rows = list(out.values())
    if year is not None:
        years = sorted({y for row in rows for y in row["targets"]})
        if year not in years:
            sets = f"; it sets them for {_and(years)}" if years else " (it sets none)"
            raise UsageError(f"the plan sets no indicator target for {year}{sets}")
        for row in rows:
            row["targets"] = {year: row["targets"].get(year)}
    return rows


def platforms(engine) -> list[dict]:
    """The platforms with their action ``area`` (number and names) and ``lead`` organisations."""
    out: dict[str, dict] = {}
    for r in _select(engine, "platforms"):
        row = out.setdefault(r["platform"], {
            "number": r["number"], **names(r), "area": r["area"], **names(r, "area", "area"),
            "lead": [], "iri": r["platform"]})
        if r["lead"] is not None and all(o["iri"] != r["lead"] for o in row["lead"]):
            row["lead"].append(_org(r, "lead"))
    return list(out.values())


_CODE = {"lead": "L", "cooperating": "C", "responsible": "R"}


def matrix(engine) -> tuple[list[int], list[dict]]:
    """The responsibility matrix: ``(task numbers, rows)``, one row per organisation that holds
    any role, ``roles`` mapping a task number to ``L`` (lead), ``C`` (cooperating) or ``R``
    (responsible only), plus ``lead`` / ``cooperating`` / ``responsible`` counts."""
    tasks = sorted(c.number for c in engine.candidates("task") if c.number is not None)
    out: dict[str, dict] = {}
    for r in _select(engine, "matrix"):
        row = out.setdefault(r["org"], {**names(r), "iri": r["org"], "roles": {}})
        code = _CODE[r["role"]]
        current = row["roles"].get(r["number"])
        if current is None or "LCR".index(code) < "LCR".index(current):
            row["roles"][r["number"]] = code
    rows = list(out.values())
    for row in rows:
        codes = list(row["roles"].values())
        row["lead"], row["cooperating"], row["responsible"] = (codes.count(c) for c in "LCR")
    rows.sort(key=lambda x: (-x["lead"], -x["cooperating"], -x["responsible"],
                             x["name_zh_hans"] or "", x["iri"]))
    return tasks, rows
