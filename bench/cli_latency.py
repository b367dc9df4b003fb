"""Cold-process latency of `suchenggraph leads "Bureau of Commerce"` against its floor and a naive rdflib run.

Each round starts fresh Python processes, in turn:

* ``python``    ``python -c pass``: the interpreter's own start-up;
* ``floor``     ``python -c "import click, pyoxigraph; load data/plan.ttl; one SELECT"``: the
                least a command line built on click and Oxigraph can do to answer the
                question (the floor the CLI is measured against);
* ``cli``       ``suchenggraph leads "Bureau of Commerce"``: the real command (the installed
                console script next to this Python; ``python -m suchenggraph`` without one);
* ``naive``     ``python -c "import rdflib; parse data/plan.ttl; query"``: what a first
                script would do (parse the Turtle with rdflib, run one SPARQL query).

Interleaving them in every round spreads any background load evenly. Python caches
bytecode as it does on any installed system (``PYTHONDONTWRITEBYTECODE`` is removed from
the children's environment; ``--no-pyc`` sets it: modules without a ``__pycache__`` entry
are then compiled in every process). The script prints each median (and the fastest
run), the ratios cli / floor and naive / cli, and with ``--check`` exits 1 unless the
CLI's median is at most ``--goal-floor`` (1.15) times the floor's and the naive run's is
at least ``--goal-ratio`` (4) times the CLI's.

Usage::

    python bench/cli_latency.py [--rounds 21] [--data data/plan.ttl] [--no-pyc] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import child_env, cli_command, interleaved, print_medians

ROOT = Path(__file__).resolve().parent.parent

QUERY = """
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?number ?name WHERE {
  ?org skos:prefLabel "Bureau of Commerce"@en .
  ?thing sg:lead ?org ; sg:number ?number ; skos:prefLabel ?name .
  FILTER(LANG(?name) = "en")
} ORDER BY ?number"""

NAIVE = """\
import rdflib
g = rdflib.Graph().parse({path!r}, format="turtle")
for r in g.query({query!r}):
    print(r.number, r.name)
"""

FLOOR = """\
import click
import pyoxigraph as ox
store = ox.Store()
store.load(path={path!r}, format=ox.RdfFormat.TURTLE)
for r in store.query({query!r}):
    click.echo(f"{{r['number'].value}} {{r['name'].value}}")
"""

LABELS = {"python": "python -c pass",
          "floor": "floor: click + pyoxigraph, load, SELECT",
          "cli": 'suchenggraph leads "Bureau of Commerce"',
          "naive": "naive rdflib parse + query"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="runs of each (default 21)")
    parser.add_argument("--data", default=str(ROOT / "data" / "plan.ttl"),
                        help="graph file (default data/plan.ttl)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    parser.add_argument("--no-pyc", action="store_true",
                        help="no bytecode cache: every process compiles what it imports")
    parser.add_argument("--goal-floor", type=float, default=1.15,
                        help="the most the CLI's median may be, in floor medians (1.15)")
    parser.add_argument("--goal-ratio", type=float, default=4.0,
                        help="how many times the CLI's median the naive run's must be (4)")
    args = parser.parse_args(argv)

    py = sys.executable
    env = child_env(args.no_pyc)
    cli = cli_command()
    commands = {
        "python": [py, "-c", "pass"],
        "floor": [py, "-c", FLOOR.format(path=args.data, query=QUERY)],
        "cli": [*cli, "leads", "Bureau of Commerce", "--data", args.data],
        "naive": [py, "-c", NAIVE.format(path=args.data, query=QUERY)],
    }
    times = interleaved(commands, env, args.rounds, silent={"python"})
    med = print_medians(times, LABELS, args.no_pyc, args.rounds)
    over = med["cli"] / med["floor"]
    ratio = med["naive"] / med["cli"]
    print(f"  cli / floor (medians): {over:.2f}x")
    print(f"  naive / cli (medians): {ratio:.1f}x")
    ok_floor, ok_ratio = over <= args.goal_floor, ratio >= args.goal_ratio
    print(f"  goal: cli <= {args.goal_floor:g}x the floor: {'met' if ok_floor else 'MISSED'}; "
          f"naive >= {args.goal_ratio:g}x the cli: {'met' if ok_ratio else 'MISSED'}")
    return 0 if (ok_floor and ok_ratio) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
