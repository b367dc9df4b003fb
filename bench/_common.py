"""What the cold-process benchmarks share (bench/build_speed.py, bench/cli_latency.py,
bench/progress.py): timing one fresh process, the commands of a round interleaved, the
children's environment, the console script, and the summary lines.

The scripts run as ``python bench/NAME.py``, so this folder is on ``sys.path`` and they
import it as ``_common``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_process(cmd: list, env: dict, *, output: bool = False) -> float:
    """Seconds one fresh process of ``cmd`` takes, run in the repository. Exit with its
    error when it fails, and (with ``output``) when it prints nothing."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    shown = " ".join(map(str, cmd))
    if done.returncode != 0:
        sys.exit(f"{shown} failed ({done.returncode}): "
                 f"{done.stderr.decode(errors='replace').strip()[-500:]}")
    if output and not done.stdout.strip():
        sys.exit(f"{shown} printed nothing")
    return elapsed


def interleaved(commands: dict[str, list], env: dict, rounds: int, *,
                silent=()) -> dict[str, list[float]]:
    """Each command once to warm the OS file cache (and the bytecode cache), then
    ``rounds`` rounds of every command in turn, so that background load falls on all of
    them alike: name -> seconds per round. The commands named in ``silent`` may print
    nothing."""
    for name, cmd in commands.items():
        time_process(cmd, env, output=name not in silent)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(time_process(cmd, env, output=name not in silent))
    return times


def child_env(no_pyc: bool) -> dict:
    """The children's environment: no ``SUCHENGGRAPH_LANG``; bytecode cached as on an
    installed system unless ``no_pyc``."""
    env = dict(os.environ)
    env.pop("SUCHENGGRAPH_LANG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if no_pyc:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def cli_command() -> list[str]:
    """The installed console script next to this Python; ``python -m suchenggraph``
    without one."""
    script = Path(sys.executable).with_name("suchenggraph")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "suchenggraph"]


def print_medians(times: dict[str, list[float]], labels: dict[str, str], no_pyc: bool,
                  rounds: int) -> dict[str, float]:
    """Print the run's conditions and each command's median and fastest time (ms);
    return the medians in ms."""
    med = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    fast = {name: min(ts) * 1000 for name, ts in times.items()}
    print(f"cold processes, {rounds} rounds, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, bytecode cache {'off' if no_pyc else 'on'}")
    for name in times:
        print(f"  {labels[name]:42} median {med[name]:6.1f} ms   fastest {fast[name]:6.1f} ms")
    return med
