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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def invented_inputs(folder: Path) -> tuple[Path, Path]:
    """Write invented figures (15 indicators x 3 years) and task reports for the seed plan."""
    from suchenggraph.engines.factory import open_engine
    from suchenggraph.progress import targets, task_deadlines

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


def _time(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): "
                 f"{done.stderr.decode(errors='replace').strip()}")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the goal is missed")
    parser.add_argument("--no-pyc", action="store_true",
                        help="no bytecode cache: every process compiles what it imports")
    parser.add_argument("--goal-ratio", type=float, default=1.5)
    args = parser.parse_args(argv)

    py = sys.executable
    env = dict(os.environ)
    env.pop("SUCHENGGRAPH_LANG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.no_pyc:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    script = Path(py).with_name("suchenggraph")
    cli = [str(script)] if script.is_file() else [py, "-m", "suchenggraph"]
    with tempfile.TemporaryDirectory() as tmp:
        figures, tasks = invented_inputs(Path(tmp))
        rows = len(figures.read_text(encoding="utf-8").splitlines()) - 1
        progress = [*cli, "progress", "--actuals", str(figures), "--as-of", "2025-01-31"]
        commands = {
            "leads": [*cli, "leads", "Bureau of Commerce"],
            "progress": progress,
            "+tasks": [*progress, "--tasks", str(tasks)],
        }
        for cmd in commands.values():  # warm the OS file cache (and the bytecode cache)
            _time(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                times[name].append(_time(cmd, env))

    med = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    fast = {name: min(ts) * 1000 for name, ts in times.items()}
    labels = {"leads": 'suchenggraph leads "Bureau of Commerce"',
              "progress": f"suchenggraph progress ({rows} figures)",
              "+tasks": "  ... --tasks (a report per task)"}
    print(f"cold processes, {args.rounds} rounds, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, bytecode cache {'off' if args.no_pyc else 'on'}")
    for name in commands:
        print(f"  {labels[name]:42} median {med[name]:6.1f} ms   fastest {fast[name]:6.1f} ms")
    ratio = med["progress"] / med["leads"]
    ok = ratio <= args.goal_ratio
    print(f"  progress / leads (medians): {ratio:.2f}x; "
          f"goal <= {args.goal_ratio:g}x: {'met' if ok else 'MISSED'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
