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


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _report(source, builds, *, err: bool = False) -> None:
    """What was read: the plans found (title, number, government, period) and counts
    (on stderr with ``err``: when the graph itself goes to stdout)."""
    from .outline import plan_summary

    click.echo(f"Read {_shown(source)}: {_plural(len(builds), 'plan')}", err=err)
    for b in builds:
        p = plan_summary(b.plan)
        period = ("period not given" if not p["period"] else str(p["period"][0])
                   if p["period"][0] == p["period"][1] else f"{p['period'][0]}-{p['period'][1]}")
        facts = " · ".join(x for x in (p["doc_number"], _government(b), period) if x)
        click.echo(f"  {p['index']}. {p['title'] or '(no title)'} ({facts}): "
                   f"{_plural(p['tasks'], 'task')}, {_plural(p['clauses'], 'clause')}, "
                   f"{_plural(p['organisations'], 'organisation')}", err=err)


def _government(build) -> str | None:
    """The government the plan was given: its name in the script of the file, and its code."""
    from rdflib.namespace import RDF, SKOS

    from .vocab import SG

    plan = next(iter(build.graph.subjects(RDF.type, SG.Plan)), None)
    gov = build.graph.value(plan, SG.issuingGovernment) if plan is not None else None
    if gov is None:
        value = build.graph.value(plan, SG.government) if plan is not None else None
        return str(value) if value is not None else None
    labels = {lit.language: str(lit) for lit in build.graph.objects(gov, SKOS.prefLabel)}
    name = labels.get(build.plan.script) or labels.get("zh-Hans") or labels.get("en")
    code = build.graph.value(gov, SKOS.notation)
    return f"{name} {code}" if name and code else str(name or code or gov)


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
@click.option("--strict", is_flag=True, help="Treat warnings (a task without a clause, a "
              "bracket that could not be read, an organisation missing from the glossary) "
              "as errors: exit 1 at the first.")
@click.option("--lenient", is_flag=True, help="Build what can be understood; list what was skipped.")
@click.option("--dataset", type=click.Path(dir_okay=False), metavar="FILE.nq",
              help="Add the plans to this dataset of plans (.nq or .trig, created when "
              "missing), each in its own named graph, replacing an earlier version of the "
              "same plan; the Turtle is then written only with -o.")
@click.option("--government", metavar="CODE|NAME",
              help="The government the plan belongs to, by GB/T 2260 code (321302) or name "
              "(宿城区, Sucheng District), instead of the one the document names.")
@click.option("--build-time", metavar="ISO-8601|now",
              help="Record this time (e.g. 2024-05-01T12:00:00Z, with its zone) as the "
              "end of the build (prov:endedAtTime). Without it, SOURCE_DATE_EPOCH (seconds "
              "since 1970, the reproducible-builds convention) if set; else no time, so the "
              "same inputs give the same bytes.")
def build(source, out, glossary, strict, lenient, dataset, government, build_time):
    """Build the knowledge graph from a plan text (SOURCE: default data/source/*.txt).

    SOURCE is any plan of this genre as published: Traditional or Simplified,
    UTF-8 or GB18030, with or without a covering notice (one notice may issue
    several plans: each becomes a plan of its own). build prints what it read
    (the plans found, with their tasks, clauses and organisations), then each
    warning as FILE:LINE: message. The output is sorted, stable Turtle: the same
    inputs give a byte-identical file. With --dataset, each plan goes into a
    dataset of many plans (its own named graph; sorted N-Quads or TriG, written
    atomically), for --data, --store and serve.

    The graph records the build as a prov:Activity: the SHA-256 of the source,
    glossary and governments files and the tool's version. It records a time
    only when given one that can be given again (--build-time, or else the
    SOURCE_DATE_EPOCH environment variable), so that a plain build of the same
    inputs stays byte-identical; a bad value is an error (exit 2).

    \b
    Examples:
      suchenggraph build
      suchenggraph outline other-plan.txt
      suchenggraph build other-plan.txt -o out/other.ttl
      suchenggraph build other-plan.txt --dataset out/plans.nq
    """
    from .build import build_checked_all, build_to_file, union_turtle
    from .build import summary as count
    from .provenance import build_time as resolve_build_time
    from .resources import default_source

    build_time = run(resolve_build_time, build_time)  # before the work; "now" once
    if dataset is None:
        builds, path = run(build_to_file, source, out, glossary=glossary, strict=strict,
                           lenient=lenient, government=government, build_time=build_time)
        written = [path]
    else:
        from .engines.dataset import add_all_to_dataset_file, check_dataset_path
        from .graphio import write_atomic

        run(check_dataset_path, dataset)  # before the work of building
        builds = run(build_checked_all, source, glossary=glossary, strict=strict,
                     lenient=lenient, government=government, build_time=build_time)
        written = [Path(out)] if out else []
        if out:  # first: an -o that cannot be written must leave the dataset as it was
            run(write_atomic, out, union_turtle(builds))
        # one write for all the plans of the file: all of them go in, or none
        updates = run(add_all_to_dataset_file, dataset, [b.graph for b in builds])
    _report(source or default_source(), builds, err=str(out) == "-")
    for b in builds:
        for w in b.warnings:
            click.echo(f"Warning: {w}", err=True)
        for s in b.skipped:
            click.echo(f"Skipped: {s}", err=True)
    for path in written:
        if len(builds) == 1:
            counts = count(builds[0].graph)
        else:
            from rdflib import Graph

            whole = Graph()
            for b in builds:
                whole += b.graph
            counts = count(whole)
        click.echo(f"Wrote {_shown(path)}: " + ", ".join(_count(v, k) for k, v in counts.items()),
                   err=str(path) == "-")  # -o -: the graph is on stdout
    if dataset is not None:
        for update in updates:
            click.echo(f"{'Replaced' if update.replaced else 'Added'} plan {update.plan.id} "
                       f"(government {update.plan.government}) in {_shown(update.path)}: "
                       f"{_plural(update.plans, 'plan')}, {update.quads:,} quads")


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The outline as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 at the first warning.")
def outline(source, as_json, strict):
    """What the extractor recognises in a plan text, with line numbers.

    The notice, then each plan: its sections, action areas, 专栏 boxes, tasks
    (key and first words) and each clause with its lead, cooperating and
    responsible units and deadline, in the script of the file; then the
    warnings. Check the reading against the document before you build.

    \b
    Examples:
      suchenggraph outline other-plan.txt
      suchenggraph outline other-plan.txt --json
    """
    import json

    from .extract import parse_document
    from .outline import format_outline
    from .outline import outline as make_outline

    doc = run(make_outline, run(parse_document, Path(source), strict=strict))
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(format_outline(doc))
        warnings = len(doc["warnings"]) + sum(len(p["warnings"]) for p in doc["plans"])
        click.echo(f"{_shown(source)}: {_plural(len(doc['plans']), 'plan')}, "
                   f"{_plural(warnings, 'warning')}", err=True)


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@output_options
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Also list warnings (e.g. a missing English label).")
def validate(file, fmt, warnings):
    """Check a graph (default data/plan.ttl) against the SHACL shapes in data/shapes.ttl.

    Lists each finding (node, rule) and exits 1 when there is any violation.
    """
    from .errors import DataError
    from .graphio import load_graph
    from .resources import default_plan
    from .validate import validate_graph

    path = Path(file) if file else default_plan()
    graph = run(load_graph, path)

    def check():
        try:
            return validate_graph(graph)
        except DataError as exc:  # a term Oxigraph refuses: name the file it came from
            raise DataError(exc.message, path=_shown(path)) from None

    conforms, findings = run(check)
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
