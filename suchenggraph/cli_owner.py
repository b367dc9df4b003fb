"""CLI commands on one organisation's part or one thing's owners: ``cooperates``, ``owner``,
``task``. Thin wrappers over :mod:`suchenggraph.queries`, sharing the helpers of
:mod:`suchenggraph.cli_query` (kept apart from ``leads``, so that the question the tool
exists for builds only its own options)."""

from __future__ import annotations

import click

from .cli import emit, lang_option, output_options, run, source_options
from .cli_query import _engine, _localise, _note, _org_rows, _place, _Scope, _wrap


@click.command()
@click.argument("org")
@source_options
@lang_option
@output_options
def cooperates(org, data, plan, store, endpoint, timeout, lang, fmt):
    """The tasks an organisation cooperates on (or is responsible for without a named lead).

    ORG is named as for `leads`. The role column says "cooperating" or "responsible".
    """
    from .answers import cooperates as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    _org_rows(answer, engine, org, lang, fmt, ["number", "name", "role", "area"],
              "cooperates on nothing")


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
    from .answers import owner as answer

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
    from .answers import pick
    from .answers import task as answer
    from .targetsfmt import describe_target

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
