"""CLI commands that answer "who owns what": thin wrappers over :mod:`suchenggraph.queries`.

This module is on the fast path (``suchenggraph leads ...``): it imports click and,
inside the commands, pyoxigraph; never rdflib, networkx or pyvis.
"""

from __future__ import annotations

import click

from .cli import emit, lang_option, output_options, run, source_options

# --------------------------------------------------------------------------- helpers


def _engine(data=None, engine: str = "oxigraph", *, plan=None, store=None, endpoint=None,
            timeout=None):
    """The engine for ``--data`` / ``--store`` / ``--endpoint`` / ``--plan``
    (:func:`suchenggraph.store.open_any`); options that cannot go together are a usage error."""
    from .errors import UsageError
    from .store import check_source_options, open_any

    try:
        check_source_options(data, store, endpoint, engine)
    except UsageError as exc:
        raise click.UsageError(exc.message, ctx=click.get_current_context(silent=True)) from None
    return run(open_any, data, store=store, endpoint=endpoint, plan=plan, engine=engine,
               timeout=timeout)


class _Scope:
    """The plans a command's engine reads: with more than one, rows say which plan (or, for
    organisations, which government) they belong to."""

    def __init__(self, engine):
        self.plans = run(engine.plans_in_scope) or []
        self.many = len(self.plans) > 1
        self.governments = sorted({p.government for p in self.plans})

    def phrase(self) -> str:
        return f"these {len(self.plans)} plans" if self.many else "this plan"

    def display(self, found, lang: str) -> str:
        return found.display(lang, where=self.many)

    def add_plan(self, rows: list[dict], columns: list[str]) -> list[str]:
        """Put a ``plan`` (the id of the plan each row's thing is part of) first, and the
        rows in plan order (each plan's in the order the query gave them)."""
        if not self.many:
            return columns
        rows[:] = sorted(({"plan": _place(row["iri"], "plan"), **row} for row in rows),
                         key=lambda row: row["plan"] or "")
        return ["plan", *columns]

    def add_government(self, rows: list[dict], columns: list[str]) -> list[str]:
        """Put a ``government`` after each organisation's name when the plans span several."""
        if len(self.governments) <= 1:
            return columns
        for row in rows:
            row["government"] = _place(row["iri"], "government")
        at = columns.index("name") + 1
        return [*columns[:at], "government", *columns[at:]]


def _place(iri: str, what: str) -> str | None:
    """The plan id (or government) in a plan thing's (or organisation's) IRI."""
    from .resolve import where_from

    place = where_from(iri) or ""
    return place.split(" ", 1)[1] if place.startswith(what + " ") else None


def _note(name: str, found, lang: str = "en", scope: _Scope | None = None) -> None:
    """Say on stderr which thing a name was taken to mean, unless the user typed a label."""
    from .resolve import parse_number

    if parse_number(name) or " ".join(name.split()) in found.labels:  # a label as written
        return
    shown = scope.display(found, lang) if scope is not None else found.display(lang)
    click.echo(" ".join(f"{name} -> {shown}".split()), err=True)


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


def _ask(fmt, lang, fn, engine, *, columns, lists=()):
    rows = _localise(run(fn, engine), lang, lists)
    emit(rows, fmt, _Scope(engine).add_plan(rows, columns))


# --------------------------------------------------------------------------- who owns what


@click.command()
@click.argument("org")
@source_options
@lang_option
@output_options
def leads(org, data, plan, store, endpoint, timeout, lang, fmt):
    """What an organisation leads: tasks, indicators and platforms.

    ORG is a name in English ("Bureau of Commerce", "commerce"), Simplified
    (商务局, 区商务局) or Traditional (商務局) Chinese, or an alias. An ambiguous
    name lists the candidates and an unknown one suggests close names (exit 2).

    Over many plans (a dataset, --store, --endpoint) a `plan` column says which plan
    each row is from; --plan ID asks one plan.

    \b
    Example:
      suchenggraph leads "Bureau of Commerce"
      suchenggraph leads 商务局 --lang zh-Hans --csv > commerce.csv
      suchenggraph leads 商务局 --store plans.store --plan sucheng-digital-economy-2022-2024
    """
    from .queries import leads as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    who, rows = run(answer, engine, org)
    scope = _Scope(engine)
    _note(org, who, lang, scope)
    rows = _localise(rows, lang)
    emit(rows, fmt, scope.add_plan(rows, ["kind", "number", "name", "area"]))
    if not rows:
        click.echo(f"{scope.display(who, lang)} leads nothing in {scope.phrase()}", err=True)


@click.command()
@click.argument("org")
@source_options
@lang_option
@output_options
def cooperates(org, data, plan, store, endpoint, timeout, lang, fmt):
    """The tasks an organisation cooperates on (or is responsible for without a named lead).

    ORG is named as for `leads`. The role column says "cooperating" or "responsible".
    """
    from .queries import cooperates as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    who, rows = run(answer, engine, org)
    scope = _Scope(engine)
    _note(org, who, lang, scope)
    rows = _localise(rows, lang)
    emit(rows, fmt, scope.add_plan(rows, ["number", "name", "role", "area"]))
    if not rows:
        click.echo(f"{scope.display(who, lang)} cooperates on nothing in {scope.phrase()}",
                   err=True)


@click.command()
@click.argument("thing")
@source_options
@lang_option
@output_options
def owner(thing, data, plan, store, endpoint, timeout, lang, fmt):
    """Who leads and who cooperates on a task, indicator or platform.

    THING is "task 23", "indicator 9", "platform 3", or a title in any of the
    three languages. Organisations are listed in the order the plan names them.
    """
    from .queries import owner as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    what, rows = run(answer, engine, thing)
    _note(thing, what, lang, _Scope(engine))
    emit(_localise(rows, lang), fmt, ["role", "name"])


@click.command()
@click.argument("number")
@source_options
@lang_option
@output_options
def task(number, data, plan, store, endpoint, timeout, lang, fmt):
    """One task: title, action area, lead, cooperating units, targets and text.

    NUMBER is the task's number (23) or its title. The table shows one field per
    line; --json / --nl give one record with every name in all three languages.
    """
    from .queries import describe_target, pick
    from .queries import task as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    record = run(answer, engine, number)
    many = _Scope(engine).many
    if many:
        record = {"plan": _place(record["iri"], "plan"), **record}
    if fmt in ("json", "nl"):
        emit([record], fmt)
        return
    text = record["text_zh_hant"] if lang == "zh-Hant" else record["text_zh_hans"]
    area = pick(record, lang, "area")
    fields = [("plan", record["plan"])] if many else []
    fields += [("number", record["number"]), ("title", pick(record, lang)),
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
