"""Cold-process time of `suchenggraph progress` on the seed plan against `suchenggraph leads`.

The issue's measure: `progress` for the 15 indicators x 3 years of the seed answers in at most
1.5x the time of `leads`, measured in the same run. Each round starts fresh processes, in turn:

* ``leads``     ``suchenggraph leads "Bureau of Commerce"``;
* ``progress``  ``suchenggraph progress --actuals FIGURES --as-of 2025-01-31``: 45 rows, one
                figure per indicator and year 2022-2024;
* ``+tasks``    the same with ``--tasks TASKS`` (one report per task, by its lead; shown,
                not a goal).

FIGURES and TASKS are INVENTED: written to a temporary folder for the run from the plan's
own targets (each figure 5 % past its year's level, so every indicator is met and the command
exits 0) and never kept. Interleaving the commands in every round spreads background load
evenly. Bytecode is cached as on an installed system (``--no-pyc`` turns that off).

Usage::

    python bench/progress.py [--rounds 15] [--check]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from _common import child_env, cli_command, interleaved, print_medians

ROOT = Path(__file__).resolve().parent.parent


def invented_inputs(folder: Path) -> tuple[Path, Path]:
    """Write invented figures (15 indicators x 3 years) and task reports for the seed plan."""
    from suchenggraph.engines.factory import open_engine
    from suchenggraph.progress_plan import targets, task_deadlines

    engine = open_engine(ROOT / "data" / "plan.ttl")
    lines = ["indicator,period,value,unit,source,reported_on"]
    for ind in sorted(targets(engine).values(), key=lambda r: r["number"]):
        first, last = ind["period"]
        for year in range(first, last + 1):
            years = sorted(ind["targets"])
            at = min((y for y in years if y >= year), default=years[-1])
            level, comparator = ind["targets"][at]
            factor = Decimal("0.95") if comparator == "AtMost" else Decimal("1.05")
            lines.append(f"{ind['number']},{year},{level * factor:.2f},{ind['unit'] or ''},"
                         f"invented,{year + 1}-01-20")
    figures = folder / "invented_figures.csv"
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks = folder / "invented_tasks.csv"
    rows = [f"{t['number']},done,2024-12-01,invented,"
            f"{(t['lead'] or t['responsible'] or [{'name_zh_hans': ''}])[0]['name_zh_hans']}"
            for t in sorted(task_deadlines(engine).values(), key=lambda r: r["number"])]
    tasks.write_text("task,status,as_of,note,reported_by\n" + "\n".join(rows) + "\n",
                     encoding="utf-8")
    return figures, tasks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the goal is missed")
    parser.add_argument("--no-pyc", action="store_true",
                        help="no bytecode cache: every process compiles what it imports")
    parser.add_argument("--goal-ratio", type=float, default=1.5)
    args = parser.parse_args(argv)

    env = child_env(args.no_pyc)
    cli = cli_command()
    with tempfile.TemporaryDirectory() as tmp:
        figures, tasks = invented_inputs(Path(tmp))
        rows = len(figures.read_text(encoding="utf-8").splitlines()) - 1
        progress = [*cli, "progress", "--actuals", str(figures), "--as-of", "2025-01-31"]
        commands = {
            "leads": [*cli, "leads", "Bureau of Commerce"],
            "progress": progress,
            "+tasks": [*progress, "--tasks", str(tasks)],
        }
        times = interleaved(commands, env, args.rounds)

    labels = {"leads": 'suchenggraph leads "Bureau of Commerce"',
              "progress": f"suchenggraph progress ({rows} figures)",
              "+tasks": "  ... --tasks (a report per task)"}
    med = print_medians(times, labels, args.no_pyc, args.rounds)
    ratio = med["progress"] / med["leads"]
    ok = ratio <= args.goal_ratio
    print(f"  progress / leads (medians): {ratio:.2f}x; "
          f"goal <= {args.goal_ratio:g}x: {'met' if ok else 'MISSED'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
