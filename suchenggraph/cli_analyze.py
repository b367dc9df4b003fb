"""CLI commands over the NetworkX projection: ``analyze``, ``check`` and ``export``.

Each reads the graph (``--data FILE``, default data/plan.ttl) or builds it in
memory from a plan text (``--source FILE``), calls one library function from
:mod:`suchenggraph.analyses`, :mod:`suchenggraph.coverage`, :mod:`suchenggraph.conflicts` or
:mod:`suchenggraph.exports`, and prints the result with the shared output
contract. Tables show the main columns; JSON, NDJSON and CSV carry every field.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from .cli import data_option, emit, lang_option, output_options, run
from .errors import UsageError

__all__ = ["analyze", "check", "export"]


def _load(data: str | None, source: str | None):
    """The projection of the graph in ``data``, or of the plan text ``source`` built in memory."""
    from .projection import to_networkx

    if data and source:
        raise UsageError("give either --data (a graph file) or --source (a plan text), not both")
    if source:
        from .build import build_plan

        result = build_plan(source)
        for w in result.warnings:
            click.echo(f"Warning: {w}", err=True)
        return to_networkx(result.graph)
    from .graphio import load_graph
    from .resources import default_plan

    return to_networkx(load_graph(Path(data) if data else default_plan()))


def _where(data: str | None, source: str | None) -> str:
    """The input as the user named it; the default graph relative to the current folder."""
    if source or data:
        return str(source or data)
    from .resources import default_plan

    path = default_plan().resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def source_option(fn):
    """``--source FILE``: build the graph from a plan text in memory instead of reading one."""
    return click.option("--source", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Analyse a plan text (built in memory) instead of a graph file.")(fn)


def _inputs(fn):
    return data_option(source_option(fn))


def _view(*options):
    """An ``analyze`` view: its graph options (``--data``, ``--source``), ``--lang``, then
    ``options``, then the output format. The command gets the projection those open
    (``G``) instead of ``data`` and ``source``."""

    def wrap(fn):
        @functools.wraps(fn)
        def command(data, source, **rest):
            return fn(run(_load, data, source), **rest)

        decorated = output_options(command)
        for option in reversed(options):
            decorated = option(decorated)
        return analyze.command()(_inputs(lang_option(decorated)))

    return wrap


def _show(rows, fmt, columns):
    """Tables show ``columns``; the other formats keep every field."""
    emit(rows, fmt, columns if fmt == "table" else None)


# --------------------------------------------------------------------------- analyze


@click.group()
def analyze():
    """Who carries what, who must work with whom, and what the plan leaves uncovered.

    \b
    workload      tasks led / cooperated on, indicators, platforms, targets, areas
    coordination  degree and betweenness centrality in the coordination network
    pairs         the organisation pairs that share the most tasks
    communities   groups of organisations that work together
    bridges       organisations that connect action areas
    coverage      tasks without cooperation, targets without an indicator, ...
    """


@_view(
    click.option("--all", "include_idle", is_flag=True,
                 help="Also list organisations with no task, indicator or platform."),
)
def workload(G, lang, include_idle, fmt):
    """What each organisation carries, heaviest first.

    targets: the distinct targets it answers for (those written in the tasks it
    leads and the yearly Annex 1 targets of the indicators it leads); areas: the
    action areas of its tasks and platforms.
    """
    from .analyses import workload as compute

    rows = compute(G, lang=lang, include_idle=include_idle)
    cols = ["organisation", "tasks_led", "tasks_cooperating", "tasks_responsible",
            "indicators_led", "platforms_led", "targets", "areas", "led"]
    if not any(r["tasks_responsible"] for r in rows):
        cols.remove("tasks_responsible")
    _show(rows, fmt, cols)


@_view()
def coordination(G, lang, fmt):
    """Centrality in the coordination network (organisations linked by shared tasks).

    partners: organisations it shares a task with; shared_tasks: the sum over
    partners of shared tasks; degree_centrality: partners / (n - 1);
    betweenness: the share of shortest paths between other organisations that
    run through it (normalised).
    """
    from .analyses import coordination as compute

    _show(compute(G, lang=lang), fmt,
          ["organisation", "partners", "shared_tasks", "degree_centrality", "betweenness"])


@_view(
    click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
                 help="How many pairs to list (0: all)."),
)
def pairs(G, lang, top, fmt):
    """The pairs of organisations that share the most tasks, with those tasks."""
    from .analyses import strongest_pairs

    _show(strongest_pairs(G, top=top or None, lang=lang), fmt,
          ["a", "b", "shared_tasks", "tasks"])


@_view(
    click.option("--method", type=click.Choice(["greedy", "louvain"]), default="greedy",
                 show_default=True, help="Greedy modularity, or Louvain with a fixed --seed."),
    click.option("--seed", type=int, default=0, show_default=True, help="Seed for louvain."),
)
def communities(G, lang, method, seed, fmt):
    """Groups of organisations that share more tasks with each other than with the rest.

    tasks: the tasks the group's members lead; areas: the action areas of those
    tasks. The modularity of the grouping goes to stderr.
    """
    from .analyses import communities as compute

    result = compute(G, method=method, seed=seed, lang=lang)
    _show(result["communities"], fmt, ["community", "size", "members", "tasks", "areas"])
    click.echo(f"{len(result['communities'])} communities ({method}), modularity "
               f"{result['modularity']}", err=True)


@_view(
    click.option("--min-areas", type=click.IntRange(min=1), default=2, show_default=True,
                 help="List organisations active in at least this many action areas."),
)
def bridges(G, lang, min_areas, fmt):
    """Organisations that connect action areas by working in several.

    lead_areas: the areas where it leads a task; sole_links: pairs of areas that
    no other organisation works in together.
    """
    from .analyses import bridges as compute

    _show(compute(G, min_areas=min_areas, lang=lang), fmt,
          ["organisation", "areas", "area_numbers", "lead_areas", "tasks", "sole_links"])


@_view(
    click.option("--kind", "kinds", multiple=True,
                 type=click.Choice(["task-without-cooperation", "target-without-indicator",
                                    "indicator-without-task", "collective-actor"]),
                 help="Only these kinds of gap (repeatable)."),
)
def coverage(G, lang, kinds, fmt):
    """What the plan leaves uncovered, and what collective actors are asked to do.

    \b
    task-without-cooperation  a task that names no cooperating organisation
    target-without-indicator  a target in the text that no Annex 1 indicator measures
    indicator-without-task    an Annex 1 indicator whose target no task text sets
    collective-actor          a task that a collective actor (各园区, 各街道) takes part in
    """
    from .coverage import coverage_rows

    _show(coverage_rows(G, lang=lang, kinds=kinds or None), fmt,
          ["kind", "subject", "name", "detail", "line"])


# --------------------------------------------------------------------------- check


@click.command()
@_inputs
@lang_option
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["indicator-lead", "platform-area", "target-number",
                                 "indicator-lead-partial", "target-comparator", "target-year"]),
              help="Only these kinds of finding (repeatable).")
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also list warnings (e.g. the text says 'at least 1500' where the annex "
                   "says 1500).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@output_options
def check(data, source, lang, kinds, warnings, strict, fmt):
    """Where the plan names a different owner or number for the same thing.

    \b
    conflicts (exit 1):
      indicator-lead          Annex 1 indicator lead != lead of the task setting that target
      platform-area           Annex 2 platform led by an organisation that leads no task
                              in the platform's action area
      target-number           task/goal text and Annex 1 differ on a target (in base units)
    warnings:
      indicator-lead-partial  the two share a lead, but one names more leads
      target-comparator       same number, different comparator (at least / about ...)
      target-year             the text sets a target for a year Annex 1 leaves blank

    Each finding names both places (a_*: the annex, b_*: the text) with line,
    quote and organisation. Exit 0 when no conflict is found, 1 otherwise.
    """
    from .conflicts import find_conflicts, summarise

    G = run(_load, data, source)
    findings = find_conflicts(G, lang=lang, kinds=kinds or None)
    counts = summarise(findings)
    shown = [f for f in findings if warnings or f["severity"] == "conflict"]
    if shown:
        _show(shown, fmt, ["severity", "kind", "subject", "a_line", "a_org", "b_place",
                           "b_line", "b_org", "detail"])
    elif fmt == "json":
        emit([], fmt)
    failed = counts["conflict"] or (strict and counts["warning"])
    state = "inconsistent" if counts["conflict"] else "consistent"
    click.echo(f"{_where(data, source)}: {state} ({counts['conflict']} conflict(s), "
               f"{counts['warning']} warning(s))", err=True)
    if failed:
        raise SystemExit(1)


# --------------------------------------------------------------------------- export


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["graphml", "gexf", "json", "matrix"]))
@_inputs
@lang_option
@click.option("-o", "--out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of stdout.")
@click.option("--network", "which", type=click.Choice(["plan", "coordination"]), default=None,
              help="plan: every node kind and typed edge (default); coordination: "
                   "organisations linked by shared tasks. matrix is always coordination.")
def export(fmt, data, source, lang, out, which):
    """Export the graph for Gephi, Cytoscape, yEd, d3 or a spreadsheet.

    \b
    graphml  GraphML (scalar attributes; lists joined with "; ")
    gexf     GEXF 1.2
    json     node-link JSON
    matrix   organisation x organisation shared-task counts, CSV (UTF-8 with BOM)
    """
    from .exports import export as render
    from .exports import network

    run(_check_network, fmt, which)
    which = which or ("coordination" if fmt == "matrix" else "plan")
    G = run(_load, data, source)
    text = render(G, fmt, lang=lang, which=which)
    if out is None:
        click.echo(text, nl=False)
        return
    from .graphio import write_atomic

    path = run(write_atomic, out, text)
    net = network(G, which)
    click.echo(f"Wrote {path}: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges "
               f"({which} network, {fmt})", err=str(out) == "-")  # -o -: the export is on stdout


def _check_network(fmt: str, which: str | None) -> None:
    if fmt == "matrix" and which == "plan":
        raise UsageError("the matrix export is the organisation x organisation coordination "
                         "matrix: use graphml, gexf or json for the plan network")
