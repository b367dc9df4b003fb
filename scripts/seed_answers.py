"""Every answer the CLI gives about the seed plan, as one JSON fixture.

The model may change (new nodes, other IRIs for Responsibility nodes, more
triples); what the user is told about the seed plan may not. This script runs
every question the CLI answers on a plan graph -- each named query with each
value its parameter takes, each query command for every organisation, task,
indicator, platform and action area, every analysis and every export -- and
writes the command lines with their exit codes and outputs to a fixture.
``tests/test_seed_answers.py`` replays the stored command lines on the current
``data/plan.ttl`` and compares.

The fixture was generated once from main before the model of issue 15, with::

    python scripts/seed_answers.py data/plan.ttl tests/data/seed_answers.json.gz

Regenerate it only for a change of an answer that is meant and reviewed.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

#: The summary's triple count is a property of the model, not an answer about the plan.
SKIP_SUMMARY_ROWS = ("triples",)


def invocations(graph_path: str) -> list[list[str]]:
    """The command lines (without ``--data``) to ask of the plan graph at ``graph_path``."""
    from rdflib import RDF, SKOS, Graph

    from suchenggraph.vocab import ORG, SG

    g = Graph().parse(graph_path, format="turtle")

    def zh(node) -> str:
        return next(str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == "zh-Hans")

    def numbers(cls) -> list[int]:
        return sorted(int(n) for s in g.subjects(RDF.type, cls) for n in g.objects(s, SG.number))

    orgs = sorted(zh(o) for o in set(g.subjects(RDF.type, ORG.Organization)))
    tasks, inds = numbers(SG.Task), numbers(SG.Indicator)
    pfs, areas = numbers(SG.Platform), numbers(SG.ActionArea)
    fmts = ("--json", "--table")
    calls: list[list[str]] = []
    for cmd in ("orgs", "areas", "indicators", "platforms", "matrix", "plans"):
        calls += [[cmd, f] for f in fmts]
    calls += [["indicators", "--year", str(y), "--json"] for y in (2022, 2023, 2024)]
    for name in orgs:
        calls += [["leads", name, "--json"], ["cooperates", name, "--json"]]
    things = [f"task {n}" for n in tasks] + [f"indicator {n}" for n in inds]
    things += [f"platform {n}" for n in pfs]
    calls += [["owner", t, "--json"] for t in things]
    calls += [["task", str(n), "--json"] for n in tasks]
    calls += [["area", str(n), "--json"] for n in areas]
    for q in ("areas", "indicators", "matrix", "orgs", "platforms", "recurring_indicators",
              "top_leads"):
        calls.append(["query", q, "--json"])
    calls += [["query", "indicators", "-p", "year", str(y), "--json"] for y in (2022, 2024)]
    for name in orgs:
        calls += [["query", "leads", "-p", "org", name, "--json"],
                  ["query", "cooperates", "-p", "org", name, "--json"]]
    calls += [["query", "owner", "-p", "thing", t, "--json"] for t in things]
    for n in tasks:
        calls += [["query", "task", "-p", "task", str(n), "--json"],
                  ["query", "task_targets", "-p", "task", str(n), "--json"]]
    calls += [["query", "area", "-p", "area", str(n), "--json"] for n in areas]
    calls += [["query", "search", "-p", "text", t, "--json"] for t in ("商务", "bureau", "平台")]
    for lang in ("en", "zh-Hans", "zh-Hant"):
        for sub in ("workload", "coordination", "communities", "bridges", "coverage"):
            calls.append(["analyze", sub, "--lang", lang, "--json"])
        calls.append(["analyze", "pairs", "--top", "0", "--lang", lang, "--json"])
        calls.append(["check", "--lang", lang, "--json"])
    calls += [["analyze", "workload", "--all", "--json"],
              ["analyze", "communities", "--method", "louvain", "--json"]]
    for fmt in ("graphml", "gexf", "json", "matrix"):
        for net in ("plan", "coordination"):
            calls.append(["export", fmt, "--network", net])
    return calls


def _summary(output: str) -> str:
    rows = [r for r in json.loads(output) if r["what"] not in SKIP_SUMMARY_ROWS]
    return json.dumps(rows, ensure_ascii=False)


def answer(args: list[str], graph_path: str) -> dict:
    """Run one command line on ``graph_path``: its exit code and standard output."""
    from click.testing import CliRunner

    from suchenggraph.cli import main

    if args[0] == "summary":
        result = CliRunner().invoke(main, [*args, "--data", graph_path])
        return {"args": args, "exit": result.exit_code, "stdout": _summary(result.stdout)}
    data = ["--data", graph_path]
    if args[0] in ("analyze",):
        full = [args[0], args[1], *data, *args[2:]]
    else:
        full = [*args, *data]
    result = CliRunner().invoke(main, full)
    return {"args": args, "exit": result.exit_code, "stdout": result.stdout}


def collect(graph_path: str) -> list[dict]:
    calls = [["summary", "--json"], *invocations(graph_path)]
    return [answer(args, graph_path) for args in calls]


if __name__ == "__main__":  # pragma: no cover - run by hand
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/seed_answers.py PLAN.ttl OUT.json.gz")
    answers = collect(sys.argv[1])
    text = json.dumps(answers, ensure_ascii=False, indent=1) + "\n"
    # mtime=0: the same answers give the same bytes
    Path(sys.argv[2]).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{len(answers)} answers -> {sys.argv[2]}")
