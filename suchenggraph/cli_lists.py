"""CLI commands that list the plan's things: organisations, areas, indicators, platforms, the
responsibility matrix. Thin wrappers over :mod:`suchenggraph.queries`, sharing the helpers
of :mod:`suchenggraph.cli_query` (kept apart from it so that ``suchenggraph leads`` does not
build these commands' options)."""

from __future__ import annotations

import functools

import click

from .cli import emit, lang_option, output_options, run, source_options
from .cli_query import _ask, _engine, _localise, _note, _Scope


def _asks_the_plans(fn):
    """The options of a command that asks the plans: where they are (``--data``, ``--plan``,
    ``--store``, ``--endpoint``, ``--timeout``), ``--lang`` and the output format. The
    command gets the engine the first ones open, ``lang`` and ``fmt``."""

    @functools.wraps(fn)
    def command(data, plan, store, endpoint, timeout, **rest):
        engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
        return fn(engine=engine, **rest)

    return source_options(lang_option(output_options(command)))


# --------------------------------------------------------------------------- lists


@click.command()
@_asks_the_plans
def orgs(engine, lang, fmt):
    """The organisations, with how many tasks each leads, cooperates on and is responsible
    for, and how many indicators and platforms it leads.

    Over plans of several governments a `government` column tells apart the organisations
    of the same name (a district's 商务局 is not the city's); the counts add up every plan.
    """
    from .answers import organisations

    rows = _localise(run(organisations, engine), lang)
    columns = ["name", "type", "lead", "cooperating", "responsible", "indicators", "platforms"]
    emit(rows, fmt, _Scope(engine).add_government(rows, columns))


@click.command()
@_asks_the_plans
def areas(engine, lang, fmt):
    """The action areas, with their numbers of tasks and platforms."""
    from .answers import areas as answer

    _ask(fmt, lang, answer, engine, columns=["number", "name", "tasks", "platforms"])


@click.command()
@click.argument("name")
@_asks_the_plans
def area(name, engine, lang, fmt):
    """The tasks (and platforms) of one action area.

    NAME is the area's number ("2", "area 2") or its title in any language.
    """
    from .answers import area as answer

    what, rows = run(answer, engine, name)
    _note(name, what, lang, _Scope(engine))
    emit(_localise(rows, lang), fmt, ["kind", "number", "name"])


@click.command()
@click.option("--year", type=int, help="Only the targets for this year (one target column).")
@_asks_the_plans
def indicators(year, engine, lang, fmt):
    """The indicators (Annex 1) with their targets and lead organisations.

    Without --year, one column per target year; with --year, the target for that year.
    """
    from .answers import indicators as answer

    rows = run(answer, engine, year)
    years = sorted({y for r in rows for y in r["targets"]})
    if year is not None:
        years = [year]
    out = []
    for row in _localise(rows, lang, lists=("lead",)):
        unit = {"en": row["unit_en"], "zh-Hant": row["unit_zh_hant"]}.get(lang) or row["unit"]
        shaped = {"number": row["number"], "name": row["name"], "unit": unit}
        if year is None:
            shaped.update({str(y): row["targets"].get(y) for y in years})
        else:
            shaped["year"] = year
            shaped["target"] = row["targets"].get(year)
        shaped["lead"] = row["lead"]
        shaped.update({k: v for k, v in row.items() if k not in shaped and k != "targets"})
        if fmt in ("json", "nl"):
            shaped["targets"] = {str(y): v for y, v in sorted(row["targets"].items())}
        out.append(shaped)
    columns = ["number", "name", "unit", *(map(str, years) if year is None else ["target"]),
               "lead"]
    emit(out, fmt, _Scope(engine).add_plan(out, columns))


@click.command()
@_asks_the_plans
def platforms(engine, lang, fmt):
    """The platforms, with their action area and lead organisations."""
    from .answers import platforms as answer

    _ask(fmt, lang, answer, engine, columns=["number", "name", "area_name", "lead"],
         lists=("lead",))


@click.command()
@_asks_the_plans
def matrix(engine, lang, fmt):
    """The responsibility matrix: organisations x tasks.

    L = lead, C = cooperating, R = responsible (a responsible unit where the
    plan names no lead or cooperating role for it). One column per task
    number; the spreadsheet an office keeps (--csv opens in Excel). The
    matrix is one plan's: over many plans, choose one with --plan ID.
    """
    from .answers import matrix as answer
    from .answers import pick

    scope = _Scope(engine)
    if scope.many:
        ids = [p.id for p in scope.plans]
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise click.UsageError(f"the matrix is drawn for one plan: choose one with --plan ID "
                               f"({len(ids)} plans here: {shown})")
    tasks, rows = run(answer, engine)
    out = []
    for row in rows:
        shaped = {"organisation": pick(row, lang)}
        shaped.update({str(n): row["roles"].get(n, "") for n in tasks})
        shaped.update({"L": row["lead"], "C": row["cooperating"], "R": row["responsible"]})
        if fmt in ("json", "nl"):
            shaped.update({k: row[k] for k in ("name_en", "name_zh_hans", "name_zh_hant",
                                               "iri")})
        out.append(shaped)
    emit(out, fmt, ["organisation", *map(str, tasks), "L", "C", "R"])
