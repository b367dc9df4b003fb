"""CLI commands that build, validate and summarise the graph."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .cli import emit, output_options, run


def _shown(path) -> str:
    """A path as the user would write it: relative when below the current folder."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _count(n: int, key: str) -> str:
    """``1 plan``, ``2 plans``, ``1 action area``: a summary key with its count.

    >>> _count(1, "plans"), _count(31, "tasks"), _count(1, "action_areas")
    ('1 plan', '31 tasks', '1 action area')
    """
    noun = key.replace("_", " ")
    return f"{n} {noun[:-1] if n == 1 and noun.endswith('s') else noun}"


@click.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--out", type=click.Path(dir_okay=False),
              help="Where to write the Turtle (default: data/plan.ttl).")
@click.option("--glossary", type=click.Path(dir_okay=False),
              help="The glossary to use (default: data/glossary.toml).")
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. an organisation missing "
              "from the glossary) as errors.")
@click.option("--lenient", is_flag=True, help="Build what can be understood; list what was skipped.")
@click.option("--dataset", type=click.Path(dir_okay=False), metavar="FILE.nq",
              help="Add the plan to this dataset of plans (.nq or .trig, created when "
              "missing), replacing an earlier version of the same plan; the Turtle is then "
              "written only with -o.")
def build(source, out, glossary, strict, lenient, dataset):
    """Build the knowledge graph from a plan text (SOURCE: default data/source/*.txt).

    The text may be Traditional or Simplified, UTF-8 or GB18030. The output is
    sorted, stable Turtle: the same inputs give a byte-identical file. With
    --dataset, the plan goes into a dataset of many plans (its own named graph;
    sorted N-Quads or TriG, written atomically), for --data, --store and serve.

    \b
    Examples:
      suchenggraph build
      suchenggraph build other-plan.txt --dataset plans.nq
    """
    from .build import build_checked, build_to_file, summary

    if dataset is None:
        result, path = run(build_to_file, source, out, glossary=glossary, strict=strict,
                           lenient=lenient)
        written = [path]
    else:
        from .dataset import add_to_dataset_file, check_dataset_path
        from .graphio import write_atomic

        run(check_dataset_path, dataset)  # before the work of building
        result = run(build_checked, source, glossary=glossary, strict=strict, lenient=lenient)
        update = run(add_to_dataset_file, dataset, result.graph)
        written = [Path(out)] if out else []
        if out:
            run(write_atomic, out, result.turtle())
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    for s in result.skipped:
        click.echo(f"Skipped: {s}", err=True)
    counts = summary(result.graph)
    for path in written:
        click.echo(f"Wrote {_shown(path)}: " + ", ".join(_count(v, k) for k, v in counts.items()),
                   err=str(path) == "-")  # -o -: the graph is on stdout
    if dataset is not None:
        noun = "plan" if update.plans == 1 else "plans"
        click.echo(f"{'Replaced' if update.replaced else 'Added'} plan {update.plan.id} "
                   f"(government {update.plan.government}) in {_shown(update.path)}: "
                   f"{update.plans} {noun}, {update.quads:,} quads")


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@output_options
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also list warnings (e.g. a missing English label).")
def validate(file, fmt, warnings):
    """Check a graph (default data/plan.ttl) against the SHACL shapes in data/shapes.ttl.

    Lists each finding (node, rule) and exits 1 when there is any violation.
    """
    from .graphio import load_graph
    from .resources import default_plan
    from .validate import validate_graph

    path = Path(file) if file else default_plan()
    graph = run(load_graph, path)
    conforms, findings = run(validate_graph, graph)
    rows = [f.as_row() for f in findings if warnings or f.severity == "violation"]
    if rows:
        emit(rows, fmt)
    violations = sum(f.severity == "violation" for f in findings)
    warns = sum(f.severity == "warning" for f in findings)
    click.echo(f"{_shown(path)}: {'conforms' if conforms else 'does not conform'} "
               f"({violations} violation(s), {warns} warning(s))", err=True)
    if not conforms:
        raise SystemExit(1)


@click.command()
@click.option("--data", type=click.Path(dir_okay=False),
              help="A graph file (default: data/plan.ttl).")
@output_options
def summary(data, fmt):
    """How many tasks, organisations, indicators, platforms and targets the graph holds."""
    from .build import summary as count
    from .graphio import load_graph
    from .resources import default_plan

    graph = run(load_graph, Path(data) if data else default_plan())
    emit([{"what": k.replace("_", " "), "count": v} for k, v in count(graph).items()], fmt)
