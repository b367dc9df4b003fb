"""The ``graph`` command: write the interactive HTML page."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .cli import run

# the node kinds of suchenggraph.projection.NODE_KINDS, spelt out so --help needs no import
_KINDS = ("organisation", "task", "indicator", "platform", "area", "target", "goal")


def _status(data, actuals, tasks, as_of):
    """Node IRI -> progress status for ``--actuals`` / ``--tasks`` (none when neither)."""
    if actuals is None and tasks is None:
        return None
    from .cli_progress import _read_inputs
    from .engines.factory import open_engine
    from .progress import node_status, progress

    engine = open_engine(data)
    figures, reports = _read_inputs(engine, actuals, tasks)
    return node_status(progress(engine, figures, reports, as_of=as_of))


def _make_page(data, output, **options):
    from .errors import DataError
    from .graphio import load_graph, write_atomic
    from .resources import default_plan
    from .viz import render

    graph = load_graph(Path(data) if data else default_plan())
    page = render(graph, **options)
    try:
        path = write_atomic(output, page.html)
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}", path=str(output)) from None
    return page, path


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (UTF-8; replaced only once complete).")
@click.option("--focus", metavar="NAME",
              help="Draw only the neighbourhood of one organisation, task, indicator, platform "
                   "or area (English, 简体, 繁體, an alias, or e.g. 'task 23').")
@click.option("--depth", type=click.IntRange(min=0), metavar="N",
              help="How many steps around --focus to draw (default 1).")
@click.option("--area", metavar="NAME",
              help="Draw only one action area (name or 'area 3') with its tasks, platforms, "
                   "indicators, targets and organisations.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KINDS),
              help="Draw only nodes of this kind (repeatable).")
@click.option("--lang", type=click.Choice(["en", "zh-Hans", "zh-Hant"]), default="en",
              show_default=True, help="Language of the labels and of the page.")
@click.option("--physics/--no-physics", default=False, show_default=True,
              help="Let vis-network's force layout rearrange the drawing (area names stay "
                   "pinned); without it the computed layered layout is kept.")
@click.option("--title", help="The page title (default: the plan's title).")
@click.option("--data", type=click.Path(dir_okay=False),
              help="The graph file to draw (default: the shipped data/plan.ttl).")
@click.option("--actuals", type=click.Path(dir_okay=False), metavar="FILE",
              help="Colour the indicators by progress status (met, on track, behind, no data) "
                   "from these actual figures (as for `progress`); the legend explains them.")
@click.option("--tasks", type=click.Path(dir_okay=False), metavar="FILE",
              help="Colour the tasks by their reported status (overdue in strong red).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="The date of the assessment for --actuals / --tasks (default: today).")
def graph(output, focus, depth, area, kinds, lang, physics, title, data, actuals, tasks, as_of):
    """Write the plan as one interactive HTML page that works offline.

    The page needs no internet: vis-network and the page's own script are inside the
    file. It shows every kind of node with its own shape and colour, a legend whose
    entries show or hide a kind, an action-area filter, and a search box that finds a
    node by its English, Simplified or Traditional name. Hover or click a node for its
    names, text, targets and source line.

    \b
    Examples:
      suchenggraph graph -o plan.html
      suchenggraph graph -o commerce.html --focus 商务局 --depth 2 --lang zh-Hans
      suchenggraph graph -o area3.html --area "area 3" --kind task --kind organisation
      suchenggraph graph -o progress.html --actuals figures.csv --tasks tasks.csv
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    status = run(_status, data, actuals, tasks, as_of)
    page, path = run(_make_page, data, output, status=status, lang=lang, focus=focus,
                     depth=1 if depth is None else depth, area=area,
                     kinds=list(kinds) or None, physics=physics, title=title)
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    click.echo(f"Wrote {shown}: {page.node_count} nodes, {page.edge_count} edges",
               err=str(output) == "-")  # -o -: the page is on stdout
