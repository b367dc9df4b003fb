"""The questions the command line asks, as library functions that return data.

Each takes an engine (see :func:`suchenggraph.engines.factory.open_engine`), runs one or
more named queries (:mod:`suchenggraph.queries`) with bound values, and returns plain
rows with every name in all three languages (``name_en``, ``name_zh_hans``,
``name_zh_hant``; :func:`pick` chooses one): :func:`leads`, :func:`cooperates`,
:func:`owner`, :func:`task`, :func:`organisations`, :func:`areas`, :func:`area`,
:func:`indicators`, :func:`platforms`, :func:`matrix`.

>>> from suchenggraph.engines.factory import open_engine
>>> who, rows = leads(open_engine(), "商务局")
>>> who.label("en"), len(rows) > 0
('Bureau of Commerce', True)
"""

from __future__ import annotations

from .engines.interface import DEFAULT_TIMEOUT, iri
from .errors import NameNotFound, UsageError
from .queries import NAME_KINDS, get

__all__ = [
    "LANG_KEYS",
    "select_named",
    "and_list",
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


def select_named(engine, query: str, timeout: float | None = None, **terms) -> list[dict]:
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
    rows = select_named(engine, "leads", org=iri(who.iri))
    return who, [{"kind": r["kind"], "number": r["number"], **names(r), "area": r["area"],
                  "iri": r["thing"]} for r in rows]


def cooperates(engine, org: str):
    """The tasks ``org`` cooperates on (``role`` ``cooperating``) or is responsible for without
    a named lead (``responsible``): ``(candidate, rows)``."""
    who = engine.resolve(org, "organisation")
    rows = select_named(engine, "cooperates", org=iri(who.iri))
    return who, [{"number": r["number"], **names(r), "role": r["role"], "area": r["area"],
                  "iri": r["task"]} for r in rows]


def _owners(engine, thing_iri: str) -> list[dict]:
    rows = select_named(engine, "owner", thing=iri(thing_iri))
    return [{"role": r["role"], **names(r), "iri": r["org"]} for r in rows]


def owner(engine, thing: str):
    """Who leads, cooperates on or is responsible for a task, indicator or platform:
    ``(candidate, rows)`` in the order the plan names them."""
    what = engine.resolve(thing, NAME_KINDS["thing"])
    return what, _owners(engine, what.iri)


def task(engine, name: str) -> dict:
    """One task with its area, owners and targets, as a dict (see ``suchenggraph task``)."""
    what = engine.resolve(name, "task")
    rows = select_named(engine, "task", task=iri(what.iri))
    if not rows:  # pragma: no cover - resolve only returns tasks that exist
        raise NameNotFound(f"there is no task {name!r}")
    r = rows[0]
    owners = _owners(engine, what.iri)
    targets = select_named(engine, "task_targets", task=iri(what.iri))
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
            for r in select_named(engine, "orgs")]


def areas(engine) -> list[dict]:
    """The action areas with their ``tasks`` and ``platforms`` counts."""
    return [{"number": r["number"], **names(r), "tasks": r["tasks"], "platforms": r["platforms"],
             "iri": r["area"]} for r in select_named(engine, "areas")]


def area(engine, name: str):
    """The tasks and platforms of one action area: ``(candidate, rows)``."""
    what = engine.resolve(name, "area")
    rows = select_named(engine, "area", area=iri(what.iri))
    return what, [{"kind": r["kind"], "number": r["number"], **names(r), "iri": r["thing"]}
                  for r in rows]


def _org(r: dict, prefix: str) -> dict:
    return {"iri": r[prefix], **names(r, prefix)}


def and_list(items) -> str:
    """``a, b and c``.

    >>> and_list([2022, 2023, 2024]), and_list(["x"]), and_list([])
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
    for r in select_named(engine, "indicators"):
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
            sets = f"; it sets them for {and_list(years)}" if years else " (it sets none)"
            raise UsageError(f"the plan sets no indicator target for {year}{sets}")
        for row in rows:
            row["targets"] = {year: row["targets"].get(year)}
    return rows


def platforms(engine) -> list[dict]:
    """The platforms with their action ``area`` (number and names) and ``lead`` organisations."""
    out: dict[str, dict] = {}
    for r in select_named(engine, "platforms"):
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
    for r in select_named(engine, "matrix"):
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
