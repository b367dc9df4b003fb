"""CLI commands that answer "who owns what": thin wrappers over :mod:`suchenggraph.queries`.

This module is on the fast path (``suchenggraph leads ...``): it imports click and,
inside the commands, pyoxigraph; never rdflib, networkx or pyvis.
"""

from __future__ import annotations

import click

from .cli import data_option, emit, lang_option, output_options, run

# --------------------------------------------------------------------------- helpers


def _engine(data, engine: str = "oxigraph"):
    from .store import open_engine

    return run(open_engine, data, engine)


def _note(name: str, found, lang: str = "en") -> None:
    """Say on stderr which thing a name was taken to mean, unless the user typed a label."""
    from .resolve import normalise, parse_number

    if parse_number(name) or normalise(name) in {normalise(x) for x in found.labels}:
        return
    click.echo(" ".join(f"{name} -> {found.display(lang)}".split()), err=True)


def _wrap(text: str, width: int = 60) -> list[str]:
    """``text`` cut into pieces at most ``width`` terminal columns wide (CJK counts two)."""
    from .output import display_width

    lines, current = [], ""
    for ch in text:
        if display_width(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines


def _localise(rows, lang: str, lists=()) -> list[dict]:
    """Add ``name`` (and ``area_name``) in ``lang``; turn lists of organisations into names."""
    from .queries import pick

    out = []
    for row in rows:
        new = {}
        if "name_en" in row:
            new["name"] = pick(row, lang)
        new.update(row)
        if "area_en" in row:
            new["area_name"] = pick(row, lang, "area")
        for key in lists:
            new[key] = [pick(o, lang) for o in row[key]]
            new[f"{key}_orgs"] = row[key]
        out.append(new)
    return out


def _ask(fmt, lang, fn, *args, columns=None, lists=()):
    rows = run(fn, *args)
    emit(_localise(rows, lang, lists), fmt, columns)


# --------------------------------------------------------------------------- who owns what


@click.command()
@click.argument("org")
@data_option
@lang_option
@output_options
def leads(org, data, lang, fmt):
    """What an organisation leads: tasks, indicators and platforms.

    ORG is a name in English ("Bureau of Commerce", "commerce"), Simplified
    (商务局, 区商务局) or Traditional (商務局) Chinese, or an alias. An ambiguous
    name lists the candidates and an unknown one suggests close names (exit 2).

    \b
    Example:
      suchenggraph leads "Bureau of Commerce"
      suchenggraph leads 商务局 --lang zh-Hans --csv > commerce.csv
    """
    from .queries import leads as answer

    engine = _engine(data)
    who, rows = run(answer, engine, org)
    _note(org, who, lang)
    emit(_localise(rows, lang), fmt, ["kind", "number", "name", "area"])
    if not rows:
        click.echo(f"{who.display(lang)} leads nothing in this plan", err=True)


@click.command()
@click.argument("org")
@data_option
@lang_option
@output_options
def cooperates(org, data, lang, fmt):
    """The tasks an organisation cooperates on (or is responsible for without a named lead).

    ORG is named as for `leads`. The role column says "cooperating" or "responsible".
    """
    from .queries import cooperates as answer

    engine = _engine(data)
    who, rows = run(answer, engine, org)
    _note(org, who, lang)
    emit(_localise(rows, lang), fmt, ["number", "name", "role", "area"])
    if not rows:
        click.echo(f"{who.display(lang)} cooperates on nothing in this plan", err=True)


@click.command()
@click.argument("thing")
@data_option
@lang_option
@output_options
def owner(thing, data, lang, fmt):
    """Who leads and who cooperates on a task, indicator or platform.

    THING is "task 23", "indicator 9", "platform 3", or a title in any of the
    three languages. Organisations are listed in the order the plan names them.
    """
    from .queries import owner as answer

    engine = _engine(data)
    what, rows = run(answer, engine, thing)
    _note(thing, what, lang)
    emit(_localise(rows, lang), fmt, ["role", "name"])


@click.command()
@click.argument("number")
@data_option
@lang_option
@output_options
def task(number, data, lang, fmt):
    """One task: title, action area, lead, cooperating units, targets and text.

    NUMBER is the task's number (23) or its title. The table shows one field per
    line; --json / --nl give one record with every name in all three languages.
    """
    from .queries import describe_target, pick
    from .queries import task as answer

    engine = _engine(data)
    record = run(answer, engine, number)
    if fmt in ("json", "nl"):
        emit([record], fmt)
        return
    text = record["text_zh_hant"] if lang == "zh-Hant" else record["text_zh_hans"]
    area = pick(record, lang, "area")
    fields = [("number", record["number"]), ("title", pick(record, lang)),
              ("area", f"{record['area']} {area}" if area else record["area"])]
    for role in ("lead", "cooperating", "responsible"):
        if record[role] or role != "responsible":
            fields.append((role, [pick(o, lang) for o in record[role]]))
    for t in record["targets"]:
        fields.append(("target", describe_target(t, lang)))
    if record["line"] is not None:
        fields.append(("line", record["line"]))
    if text and fmt == "table":  # long text: one piece per line
        fields += [("text" if i == 0 else "", piece) for i, piece in enumerate(_wrap(text))]
    elif text:
        fields.append(("text", text))
    emit([{"field": k, "value": v} for k, v in fields], fmt, ["field", "value"])


# --------------------------------------------------------------------------- lists


@click.command()
@data_option
@lang_option
@output_options
def orgs(data, lang, fmt):
    """The organisations, with how many tasks each leads, cooperates on and is responsible
    for, and how many indicators and platforms it leads."""
    from .queries import organisations

    _ask(fmt, lang, organisations, _engine(data),
         columns=["name", "type", "lead", "cooperating", "responsible", "indicators",
                  "platforms"])


@click.command()
@data_option
@lang_option
@output_options
def areas(data, lang, fmt):
    """The action areas, with their numbers of tasks and platforms."""
    from .queries import areas as answer

    _ask(fmt, lang, answer, _engine(data), columns=["number", "name", "tasks", "platforms"])


@click.command()
@click.argument("name")
@data_option
@lang_option
@output_options
def area(name, data, lang, fmt):
    """The tasks (and platforms) of one action area.

    NAME is the area's number ("2", "area 2") or its title in any language.
    """
    from .queries import area as answer

    engine = _engine(data)
    what, rows = run(answer, engine, name)
    _note(name, what, lang)
    emit(_localise(rows, lang), fmt, ["kind", "number", "name"])


@click.command()
@click.option("--year", type=int, help="Only the targets for this year (one target column).")
@data_option
@lang_option
@output_options
def indicators(year, data, lang, fmt):
    """The indicators (Annex 1) with their targets and lead organisations.

    Without --year, one column per target year; with --year, the target for that year.
    """
    from .queries import indicators as answer

    rows = run(answer, _engine(data), year)
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
    emit(out, fmt, columns)


@click.command()
@data_option
@lang_option
@output_options
def platforms(data, lang, fmt):
    """The platforms, with their action area and lead organisations."""
    from .queries import platforms as answer

    _ask(fmt, lang, answer, _engine(data), columns=["number", "name", "area_name", "lead"],
         lists=("lead",))


@click.command()
@data_option
@lang_option
@output_options
def matrix(data, lang, fmt):
    """The responsibility matrix: organisations x tasks.

    L = lead, C = cooperating, R = responsible (a responsible unit where the
    plan names no lead or cooperating role for it). One column per task
    number; the spreadsheet an office keeps (--csv opens in Excel).
    """
    from .queries import matrix as answer
    from .queries import pick

    tasks, rows = run(answer, _engine(data))
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


# --------------------------------------------------------------------------- any query


@click.command()
@output_options
def queries(fmt):
    """The named query catalogue (queries/*.rq): name, title, parameters.

    Run one with `suchenggraph query NAME -p PARAM VALUE`; --json adds the description.
    """
    from .queries import catalogue

    rows = [q.as_row() for q in run(catalogue)]
    emit(rows, fmt, ["name", "title", "params"])


@click.command()
@click.argument("spec", metavar="NAME|FILE|-")
@click.option("-p", "--param", "params", type=(str, str), multiple=True,
              metavar="NAME VALUE", help="Bind a parameter (repeatable). Values are bound, "
              "never pasted into the query; names of things are resolved as in `leads`.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Stop the query after this many seconds (exit 1).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="The SPARQL engine.")
@data_option
@output_options
def query(spec, params, timeout, engine, data, fmt):
    """Run a named query, a query file, or a query from stdin (-), read-only.

    Updates (INSERT, DELETE, LOAD, ...), SERVICE and FROM are refused (exit 1);
    a query that runs past --timeout is stopped (exit 1).

    \b
    Examples:
      suchenggraph query leads -p org 商务局
      suchenggraph query indicators -p year 2024 --csv
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | suchenggraph query -
    """
    from .errors import UsageError
    from .queries import bind, load

    values: dict[str, str] = {}
    for name, value in params:
        if name in values:
            run(_raise, UsageError(f"parameter {name!r} given twice"))
        values[name] = value
    named = run(load, spec)
    from .store import check_read_only

    run(check_read_only, named.text, deep=False)  # refused before the graph is read
    eng = _engine(data, engine)
    terms = run(bind, named, values, eng)
    result = run(eng.select, named.text, terms, timeout=timeout)
    emit(result.rows, fmt, result.columns)


def _raise(exc):
    raise exc
