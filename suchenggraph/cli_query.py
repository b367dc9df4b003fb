"""``suchenggraph leads``, the question the tool exists for, and the helpers every question
command shares: thin wrappers over :mod:`suchenggraph.queries`.

This module is on the fast path (``suchenggraph leads ...``): it imports click and,
inside the commands, pyoxigraph; never rdflib, networkx or pyvis. The other commands
live in :mod:`~suchenggraph.cli_owner`, :mod:`~suchenggraph.cli_lists` and
:mod:`~suchenggraph.cli_sparql`, so ``leads`` builds no options but its own.
"""

from __future__ import annotations

import click

from .cli import emit, lang_option, output_options, run, source_options

# --------------------------------------------------------------------------- helpers


def _engine(data=None, engine: str = "oxigraph", *, plan=None, store=None, endpoint=None,
            timeout=None):
    """The engine for ``--data`` / ``--store`` / ``--endpoint`` / ``--plan``
    (:func:`suchenggraph.engines.factory.open_any`); options that cannot go together are a usage error."""
    from .engines.factory import check_source_options, open_any
    from .errors import UsageError

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
    from .naming import where_from

    place = where_from(iri) or ""
    return place.split(" ", 1)[1] if place.startswith(what + " ") else None


def _note(name: str, found, lang: str = "en", scope: _Scope | None = None) -> None:
    """Say on stderr which thing a name was taken to mean, unless the user typed a label."""
    from .naming import parse_number

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
    from .answers import pick

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
    from .answers import leads as answer

    engine = _engine(data, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    _org_rows(answer, engine, org, lang, fmt, ["kind", "number", "name", "area"],
              "leads nothing")


def _org_rows(answer, engine, org: str, lang: str, fmt: str, columns: list[str],
              nothing: str) -> None:
    """Print what ``answer`` (``leads`` or ``cooperates``) finds for ``org``: the name it
    resolved to (on stderr when it differs), the rows, or that it has ``nothing``."""
    who, rows = run(answer, engine, org)
    scope = _Scope(engine)
    _note(org, who, lang, scope)
    rows = _localise(rows, lang)
    emit(rows, fmt, scope.add_plan(rows, columns))
    if not rows:
        click.echo(f"{scope.display(who, lang)} {nothing} in {scope.phrase()}", err=True)
