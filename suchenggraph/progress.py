"""Monitoring and assessment: the plan's targets and deadlines against what happened.

Two spreadsheets an office keeps are read, checked against the plan and stored as
standard statistical data; then each indicator and task gets a status. The stages, each
a module a reader can hold:

1. :mod:`suchenggraph.progress_rule`: the statuses and their words, the parsers of a
   period, a date, a number and a task status, and the status rule
   (``docs/progress.md``): :func:`~suchenggraph.progress_rule.indicator_status`;
2. :mod:`suchenggraph.progress_plan`: what the plan asks for (targets, leads,
   deadlines), from the named queries ``progress_targets``, ``progress_tasks`` and
   ``matrix``, so a ``--store`` or an ``--endpoint`` gives the same answers as a file;
3. :mod:`suchenggraph.progress_read`: reading and checking the files,
   :func:`read_actuals` (``indicator,period,value,unit,source,reported_on``) and
   :func:`read_task_reports` (``task,status,as_of,note,reported_by``); each problem is a
   :class:`~suchenggraph.errors.DataError` naming ``FILE:LINE`` (exit 1);
4. :mod:`suchenggraph.progress_store`: an import as one named graph, a W3C RDF Data
   Cube ``qb:DataSet`` (:func:`import_store`, :func:`import_trig`), read back with the
   named queries ``observations`` and ``task_reports`` (:func:`observations`);
5. this module: the answer, :func:`progress`, a :class:`Progress` of indicator and task
   rows (and :func:`node_status`, the graph's colours).

The functions a notebook uses are importable from here.

>>> from suchenggraph.engines.factory import open_engine
>>> from suchenggraph.resources import repo_root
>>> engine = open_engine(repo_root() / "tests" / "data" / "progress_plan.ttl")
>>> text = "indicator,period,value,unit,source,reported_on\\n1,2023-Q2,60,个,区统计局,2023-07-10\\n"
>>> figures = read_actuals(text.encode("utf-8"), engine, name="q2.csv")
>>> report = progress(engine, figures, as_of="2023-07-15")
>>> [(r["number"], r["status"]) for r in report.indicators][:3]
[(1, 'on track'), (2, 'no data'), (3, 'no data')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .answers import and_list
from .errors import UsageError
from .progress_plan import name_fields, targets, task_deadlines
from .progress_read import Import, read_actuals, read_task_reports
from .progress_rule import STATUSES, indicator_status, parse_date, parse_period, year_target
from .progress_store import import_store, import_trig, observations, task_reports

__all__ = [
    "STATUSES",
    "read_actuals",
    "read_task_reports",
    "import_store",
    "import_trig",
    "observations",
    "Progress",
    "progress",
    "node_status",
]


@dataclass
class Progress:
    """What :func:`progress` finds: ``indicators`` and ``tasks`` rows, ``warnings``,
    ``as_of``; :attr:`failed` when anything is behind or overdue."""

    as_of: dt.date
    indicators: list[dict]
    tasks: list[dict]
    warnings: list[str]

    @property
    def failed(self) -> bool:
        return (any(r["status"] == "behind" for r in self.indicators)
                or any(r["status"] == "behind" or r["overdue"] for r in self.tasks))

    def counts(self) -> dict[str, int]:
        """How many indicators have each status, and how many tasks are overdue / behind."""
        out = {s: sum(r["status"] == s for r in self.indicators) for s in STATUSES}
        out["overdue"] = sum(bool(r["overdue"]) for r in self.tasks)
        out["tasks behind"] = sum(r["status"] == "behind" for r in self.tasks)
        return out

    def summary(self) -> str:
        """One line: ``as of 2023-07-15: 1 met, 2 on track, 1 behind, 3 no data; ...``."""
        c = self.counts()
        text = f"as of {self.as_of}: " + ", ".join(f"{c[s]} {s}" for s in STATUSES)
        if self.tasks:
            text += (f"; {len(self.tasks)} task(s): {c['overdue']} overdue, "
                     f"{c['tasks behind']} behind")
        return text




def _as_date(value) -> dt.date:
    if value is None:
        return dt.date.today()
    found = parse_date(value)
    if found is None:
        raise UsageError(f"--as-of {value!r} is not a date (YYYY-MM-DD)")
    return found


def _stored(imports):
    """A store of ``imports``: an :class:`Import`, or a store of saved imports as it is."""
    return import_store(imports) if isinstance(imports, Import) else imports


def _rounded(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    value = value.quantize(Decimal(places)).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def progress(engine, actuals=None, tasks=None, *, year: int | None = None, org: str | None = None,
             as_of=None) -> Progress:
    """Each indicator's target against its latest actual figure, and each task's status.

    ``actuals`` / ``tasks``: an :class:`Import` (from :func:`read_actuals` /
    :func:`read_task_reports`), a ``pyoxigraph.Store`` of saved imports, or ``None``.
    ``year``: assess that year's targets with that year's figures (default: each
    indicator's latest figure against its year's target). ``org``: only what that
    organisation (a name, or a resolved candidate) leads (indicators) or holds a role on (tasks). ``as_of``: the date of the
    assessment (default: today); figures reported and task reports dated after it are
    left out. Task rows are given only when ``tasks`` is.

    Indicator rows: ``number``, names, ``year``, ``target``, ``comparator``, ``actual``,
    ``period``, ``unit``, ``gap`` (actual - target), ``share`` (actual as a percentage of
    the target), ``status`` (one of :data:`STATUSES`), ``lead``. Task rows: ``number``,
    names, ``status`` (one of :data:`~suchenggraph.progress_rule.TASK_STATES` or
    ``no data``), ``as_of``, ``deadline``, ``basis``, ``overdue``, ``lead``, ``cooperating``.
    """
    day = _as_date(as_of)
    info = targets(engine)
    who = org if hasattr(org, "iri") else engine.resolve(org, "organisation") if org else None
    if year is not None:
        years = sorted({y for row in info.values() for y in row["targets"]})
        if year not in years:
            sets = f"; it sets them for {and_list(years)}" if years else " (it sets none)"
            raise UsageError(f"the plan sets no indicator target for {year}{sets}")
    figures = _figures(actuals, day, year)
    rows = [_indicator_row(iri, ind, figures.get(iri, []), year, day)
            for iri, ind in info.items()
            if who is None or any(o["iri"] == who.iri for o in ind["lead"])]
    task_rows = [] if tasks is None else _task_rows(engine, tasks, who, day)
    warnings = list(getattr(actuals, "warnings", []) or []) + list(
        getattr(tasks, "warnings", []) or [])
    return Progress(day, rows, task_rows, warnings)


def _figures(actuals, day: dt.date, year: int | None) -> dict[str, list[dict]]:
    """Indicator IRI -> its figures reported by ``day`` (of ``year`` when given), each with
    its :class:`~suchenggraph.progress_rule.Period`."""
    figures: dict[str, list[dict]] = {}
    for f in [] if actuals is None else observations(_stored(actuals)):
        period = parse_period(f["period"])
        if period is None or (f["reported_on"] and f["reported_on"] > day):
            continue
        if year is not None and period.year != year:
            continue
        figures.setdefault(f["indicator"], []).append({**f, "period": period})
    return figures


def _indicator_row(iri: str, ind: dict, figures: list[dict], year: int | None,
                   day: dt.date) -> dict:
    """One indicator's row: its latest figure against the target of its year."""
    found = sorted(figures, key=lambda f: (
        f["period"].end, f["period"].start, f["reported_on"] or dt.date.min,
        f["source"] or "", f["line"] or 0))
    latest = found[-1] if found else None
    years = sorted(ind["targets"])
    if year is not None:
        y = year
    elif latest is not None:
        y = latest["period"].year
    elif years:
        y = min(max(day.year, years[0]), years[-1])
    else:
        y = None
    target_year, level, comparator = (year_target(ind["targets"], y) if y is not None
                                      else (None, None, None))
    status = (indicator_status(ind["targets"], latest, y, day)
              if y is not None else "no data")
    value = latest["value"] if latest else None
    gap = value - level if value is not None and level is not None else None
    share = (_rounded(value / level * 100, "0.1") if value is not None and level
             else None)
    return {
        "number": ind["number"], **name_fields(ind), "year": target_year, "target": level,
        "comparator": comparator, "actual": value,
        "period": latest["period"].text if latest else None,
        "unit": ind["unit"], "unit_zh_hant": ind["unit_zh_hant"], "unit_en": ind["unit_en"],
        "gap": _rounded(gap), "share": share, "status": status,
        "source": latest["source"] if latest else None,
        "reported_on": latest["reported_on"].isoformat()
        if latest and latest["reported_on"] else None,
        "lead": ind["lead"], "iri": iri, "plan": ind["plan"]}


def node_status(result: Progress) -> dict[str, str]:
    """Indicator and task IRI -> status, ``overdue`` for an overdue task (the graph's colours).

    >>> node_status(Progress(dt.date(2023, 7, 1), [{"iri": "i", "status": "met"}],
    ...                      [{"iri": "t", "status": "in progress", "overdue": True}], []))
    {'i': 'met', 't': 'overdue'}
    """
    out = {r["iri"]: r["status"] for r in result.indicators}
    out.update({r["iri"]: "overdue" if r["overdue"] else r["status"] for r in result.tasks})
    return out


def _task_rows(engine, tasks, who, day: dt.date) -> list[dict]:
    """Each task's row (of those ``who`` holds a role on): its latest report by ``day``
    against its deadline."""
    latest: dict[str, dict] = {}
    for r in sorted(task_reports(_stored(tasks)),
                    key=lambda r: (r["as_of"] or dt.date.min, r["line"] or 0)):
        if r["as_of"] is not None and r["as_of"] <= day:
            latest[r["task"]] = r
    out = []
    for iri, t in task_deadlines(engine).items():
        holders = t["lead"] + t["cooperating"] + t["responsible"]
        if who is not None and all(o["iri"] != who.iri for o in holders):
            continue
        report = latest.get(iri)
        status = report["status"] if report else "no data"
        overdue = bool(t["deadline"] is not None and t["deadline"] < day and status != "done")
        out.append({
            "number": t["number"], **name_fields(t), "status": status,
            "as_of": report["as_of"].isoformat() if report else None,
            "deadline": t["deadline"].isoformat() if t["deadline"] else None,
            "basis": t["basis"], "deadline_zh_hans": t["deadline_zh_hans"],
            "deadline_zh_hant": t["deadline_zh_hant"], "overdue": overdue,
            "note": report["note"] if report else None,
            "reported_by": report["reported_by"] if report else None,
            "lead": t["lead"], "cooperating": t["cooperating"],
            "responsible": t["responsible"], "iri": iri, "plan": t["plan"]})
    return out
