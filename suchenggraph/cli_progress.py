"""CLI commands for monitoring and assessment: ``progress`` and ``report``.

Thin wrappers over :mod:`suchenggraph.progress` and :mod:`suchenggraph.report`; on the
fast path (no rdflib, networkx or pyvis).
"""

from __future__ import annotations

import sys

import click

from .cli import emit, lang_option, output_options, run, source_options
from .cli_query import _engine, _Scope

_FILE = click.Path(dir_okay=False)


def _read_inputs(engine, actuals, tasks):
    """The checked imports (or stores of saved imports) for ``--actuals`` / ``--tasks``;
    warnings go to stderr. Nothing is loaded unless both files are clean."""
    from .progress_read import read_actuals, read_task_reports
    from .progress_store import read_import

    def one(path, reader):
        if path is None:
            return None
        if path.lower().endswith((".trig", ".nq")):
            return run(read_import, path)
        return run(reader, path, engine)

    found = one(actuals, read_actuals), one(tasks, read_task_reports)
    for imp in found:
        for warning in getattr(imp, "warnings", []):
            click.echo(warning, err=True)
    return found


def _save(path, *imports) -> None:
    """Add the imports to the TriG file ``path`` (one named graph each; kept graphs stay)."""
    from pathlib import Path

    from .graphio import write_atomic
    from .progress_read import Import
    from .progress_store import import_trig, read_import

    mine = [imp for imp in imports if isinstance(imp, Import)]
    if not mine:
        return
    kept = run(read_import, path) if Path(path).is_file() else None
    run(write_atomic, path, import_trig(kept, *mine))


def _names(orgs, lang):
    from .answers import pick

    return [pick(o, lang) for o in orgs]


def indicator_rows(result, lang: str) -> list[dict]:
    """Indicator rows of a :class:`~suchenggraph.progress.Progress`, shaped for output."""
    from .answers import pick
    from .progress_rule import RULES, status_word

    out = []
    for r in result.indicators:
        unit = {"en": r["unit_en"], "zh-Hant": r["unit_zh_hant"]}.get(lang) or r["unit"]
        out.append({"kind": "indicator", "number": r["number"], "name": pick(r, lang),
                    "year": r["year"], "rule": RULES.get(r["comparator"] or "", "≥"),
                    "target": r["target"], "actual": r["actual"], "period": r["period"],
                    "unit": unit, "gap": r["gap"], "share": r["share"],
                    "status": status_word(r["status"], lang),
                    "lead": _names(r["lead"], lang),
                    **{k: v for k, v in r.items() if k not in (
                        "number", "year", "target", "actual", "period", "unit", "gap", "share",
                        "status", "lead")}, "status_code": r["status"], "lead_orgs": r["lead"]})
    return out


def task_rows(result, lang: str) -> list[dict]:
    """Task rows of a :class:`~suchenggraph.progress.Progress`, shaped for output."""
    from .answers import pick
    from .progress_rule import status_word

    out = []
    for r in result.tasks:
        out.append({"kind": "task", "number": r["number"], "name": pick(r, lang),
                    "status": status_word(r["status"], lang), "as_of": r["as_of"],
                    "deadline": r["deadline"], "overdue": r["overdue"],
                    "lead": _names(r["lead"], lang),
                    **{k: v for k, v in r.items() if k not in (
                        "number", "status", "as_of", "deadline", "overdue", "lead")},
                    "status_code": r["status"], "lead_orgs": r["lead"]})
    return out


INDICATOR_COLUMNS = ["number", "name", "year", "rule", "target", "actual", "period", "unit",
                     "gap", "share", "status", "lead"]
TASK_COLUMNS = ["number", "name", "status", "as_of", "deadline", "overdue", "lead"]


def _json_rows(rows: list[dict]) -> list[dict]:
    """JSON keeps the status words in English (``met``, ``on track``, ...)."""
    out = []
    for row in rows:
        row = {**row, "status": row["status_code"]}
        del row["status_code"]
        out.append(row)
    return out


@click.command()
@click.option("--actuals", required=True, type=_FILE, metavar="FILE",
              help="Actual figures: a CSV with the columns indicator, period, value, unit, "
              "source, reported_on; or imports saved with --save (.trig, .nq).")
@click.option("--tasks", type=_FILE, metavar="FILE",
              help="Task progress: a CSV with the columns task, status, as_of, note, "
              "reported_by; or saved imports.")
@click.option("--year", type=int, help="Assess this year's targets with this year's figures.")
@click.option("--org", metavar="NAME", help="Only what this organisation leads (indicators) or "
              "holds a role on (tasks).")
@click.option("--as-of", "as_of", metavar="DATE", help="The date of the assessment "
              "(YYYY-MM-DD; default: today): later figures and reports are left out.")
@click.option("--save", type=_FILE, metavar="FILE.trig", help="Also keep the checked imports "
              "as RDF Data Cube in this TriG file, one named graph per import (added to "
              "the graphs already there).")
@source_options
@lang_option
@output_options
def progress(actuals, tasks, year, org, as_of, save, data, plan, store, endpoint, timeout,
             lang, fmt):
    """Targets against actual figures, task deadlines, and who is behind.

    Per indicator: the year's target, the latest actual figure, the gap, the share of
    the target, a status (met, on track, behind, no data; the rule is in
    docs/progress.md) and the lead organisation. With --tasks, per task: the latest
    reported status, the deadline and whether it is overdue.

    Both files are checked before anything is loaded: each problem is one line
    `Error: FILE:LINE: ...` (exit 1). Exit 1 also when an indicator or task is behind
    or a task is overdue (a summary line on stderr says how many), 0 otherwise.

    \b
    Example:
      suchenggraph progress --actuals figures.csv --tasks tasks.csv --as-of 2023-07-15
      suchenggraph progress --actuals figures.csv --org 商务局 --json
    """
    from .progress import progress as answer

    if save and not save.lower().endswith(".trig"):
        raise click.UsageError(f"--save {save}: give a file ending .trig",
                               ctx=click.get_current_context())
    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    figures, reports = _read_inputs(engine, actuals, tasks)
    result = run(answer, engine, figures, reports, year=year, org=org, as_of=as_of)
    if save:
        _save(save, figures, reports)
    scope = _Scope(engine)
    inds, tsks = indicator_rows(result, lang), task_rows(result, lang)
    icols = scope.add_plan(inds, list(INDICATOR_COLUMNS))
    tcols = scope.add_plan(tsks, list(TASK_COLUMNS))
    if fmt in ("json", "nl"):
        emit(_json_rows(inds + tsks), fmt)
    elif fmt == "csv":
        emit(inds + tsks, fmt, ["kind", *dict.fromkeys(icols + tcols)])
    else:
        emit(inds, fmt, icols)
        if tasks is not None:
            click.echo()
            emit(tsks, fmt, tcols)
    click.echo(result.summary(), err=True)
    if result.failed:
        sys.exit(1)


@click.command()
@click.argument("org")
@click.option("--actuals", type=_FILE, metavar="FILE", help="Actual figures (CSV or saved "
              "imports), to give each target its status.")
@click.option("--tasks", type=_FILE, metavar="FILE", help="Task progress (CSV or saved "
              "imports), to give each task its status.")
@click.option("--as-of", "as_of", metavar="DATE", help="The date of the assessment "
              "(YYYY-MM-DD; default: today).")
@click.option("-o", "--output", required=True, type=_FILE, metavar="FILE.html|FILE.md",
              help="Where to write the sheet: .html (a printable page that works offline) "
              "or .md (Markdown).")
@source_options
@lang_option
def report(org, actuals, tasks, as_of, output, data, plan, store, endpoint, timeout, lang):
    """One organisation's assessment sheet (考核表), as a printable page.

    What ORG leads and cooperates on, the targets it answers for with their status,
    and its overdue tasks; ORG is named as for `leads`. Without --actuals the targets
    show no status; without --tasks the tasks show their deadlines only.

    \b
    Example:
      suchenggraph report 商务局 --actuals figures.csv --tasks tasks.csv -o commerce.html
    """
    from pathlib import Path

    from .errors import UsageError
    from .graphio import write_atomic
    from .report import assessment, render_report

    suffix = Path(output).suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise click.UsageError(f"{output}: give a file ending .html or .md",
                               ctx=click.get_current_context())
    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    figures, reports = _read_inputs(engine, actuals, tasks)
    try:
        sheet = assessment(engine, org, figures, reports, as_of=as_of)
    except UsageError as exc:
        run(_raise, exc)
    text = render_report(sheet, "md" if suffix == ".md" else "html", lang)
    run(write_atomic, output, text)
    click.echo(f"wrote {output}: {sheet.summary()}", err=True)


def _raise(exc):
    raise exc
