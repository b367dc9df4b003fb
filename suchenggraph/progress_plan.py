"""Progress, stage 2: the plan side of an assessment, read from the graph.

What the plan asks for, from the named queries: each indicator's targets per year, unit
and lead (:func:`targets`, query ``progress_targets``), and each task's deadline and who
holds which role on it (:func:`task_deadlines` and :func:`task_owners`, queries
``progress_tasks`` and ``matrix``). Each is computed once per engine. A ``--store`` or an
``--endpoint`` gives the same answers as a file, as the queries run on any engine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .answers import select_named as select
from .progress_rule import parse_date

__all__ = ["name_fields", "targets", "task_owners", "task_deadlines"]


def _listed(text: str | None) -> str | None:
    """A "; "-separated list without its empty items; None when nothing is left."""
    return "; ".join(x for x in (text or "").split("; ") if x) or None


def name_fields(row: dict, prefix: str = "name", to: str = "name") -> dict:
    """The three names of ``row`` (``{prefix}_en``, ``{prefix}_zh_hans``,
    ``{prefix}_zh_hant``) under the keys ``{to}_en``, ``{to}_zh_hans``, ``{to}_zh_hant``.

    >>> name_fields({"lead_en": "Bureau", "lead_zh_hans": "局"}, "lead")
    {'name_en': 'Bureau', 'name_zh_hans': '局', 'name_zh_hant': None}
    """
    return {f"{to}_{k}": row.get(f"{prefix}_{k}") for k in ("en", "zh_hans", "zh_hant")}


def targets(engine) -> dict[str, dict]:
    """Indicator IRI -> ``number``, names, ``units``, ``plan``, ``period`` (first, last
    year), ``targets`` (year -> (value, comparator)), ``increase`` and ``lead`` (named query
    ``progress_targets``); computed once per engine."""
    cached = getattr(engine, "_progress_targets", None)
    if cached is not None:
        return cached
    out: dict[str, dict] = {}
    for r in select(engine, "progress_targets"):
        row = out.setdefault(r["indicator"], {
            "number": r["number"], **name_fields(r), "iri": r["indicator"], "plan": r["plan"],
            "unit": r["unit"], "unit_zh_hant": r["unit_zh_hant"], "unit_en": r["unit_en"],
            "units": [u for u in (r["unit"], r["unit_zh_hant"], r["unit_en"]) if u],
            "start": r["period_start"], "end": r["period_end"],
            "targets": {}, "increase": False, "lead": []})
        if r["year"] is not None and r["value"] is not None:
            row["targets"].setdefault(r["year"], (Decimal(r["value"]), r["comparator"]))
            row["increase"] = row["increase"] or bool(r["increase"])
        if r["lead"] is not None and all(o["iri"] != r["lead"] for o in row["lead"]):
            row["lead"].append({"iri": r["lead"], **name_fields(r, "lead")})
    for row in out.values():
        years = sorted(row["targets"])
        first = row.pop("start") or (years[0] if years else None)
        last = row.pop("end") or (years[-1] if years else None)
        row["period"] = (first, last)
    engine._progress_targets = out
    return out


def task_owners(engine) -> dict[str, dict[str, str]]:
    """Task IRI -> {organisation IRI: its strongest role}, from the named query ``matrix``."""
    cached = getattr(engine, "_progress_owners", None)
    if cached is not None:
        return cached
    rank = {"lead": 0, "cooperating": 1, "responsible": 2}
    out: dict[str, dict[str, str]] = {}
    names: dict[str, dict] = {}
    for r in select(engine, "matrix"):
        roles = out.setdefault(r["task"], {})
        if r["org"] not in roles or rank[r["role"]] < rank[roles[r["org"]]]:
            roles[r["org"]] = r["role"]
        names[r["org"]] = {"iri": r["org"], **name_fields(r)}
    engine._progress_owners = out
    engine._progress_org_names = names
    return out


def task_deadlines(engine) -> dict[str, dict]:
    """Task IRI -> ``number``, names, ``plan``, ``deadline`` (a date or ``None``), ``basis``
    (``clause``, ``ongoing``, ``target year``, ``plan period`` or ``None``), the deadline
    as written (``deadline_zh_hans`` / ``deadline_zh_hant``) and ``lead`` / ``cooperating``
    / ``responsible`` organisations (named queries ``progress_tasks`` and ``matrix``);
    computed once per engine.

    The deadline is the latest clause due date; else none when a clause is ongoing
    (持续推进); else the end of the latest year of the targets the task sets; else the end
    of the plan's period.
    """
    cached = getattr(engine, "_progress_tasks", None)
    if cached is not None:
        return cached
    owners = task_owners(engine)
    names = engine._progress_org_names
    out = {}
    for r in select(engine, "progress_tasks"):
        due = parse_date(r["due"]) if r["due"] else None
        if due is not None:
            deadline, basis = due, "clause"
        elif r["ongoing"]:
            deadline, basis = None, "ongoing"
        elif r["target_year"] is not None:
            deadline, basis = dt.date(int(r["target_year"]), 12, 31), "target year"
        elif r["period_end"] is not None:
            deadline, basis = dt.date(int(r["period_end"]), 12, 31), "plan period"
        else:
            deadline, basis = None, None
        roles = owners.get(r["task"], {})
        row = {"number": r["number"], **name_fields(r), "iri": r["task"], "plan": r["plan"],
               "deadline": deadline, "basis": basis,
               "deadline_zh_hans": _listed(r["deadline_zh_hans"]),
               "deadline_zh_hant": _listed(r["deadline_zh_hant"])}
        for role in ("lead", "cooperating", "responsible"):
            row[role] = [names[o] for o in sorted(roles) if roles[o] == role]
        out[r["task"]] = row
    engine._progress_tasks = out
    return out

