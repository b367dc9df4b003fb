"""Cold-process time of `suchenggraph build` against rdflib parsing the graph it writes.

Each round starts fresh Python processes, in turn:

* ``parse``   ``python -c "import rdflib; Graph().parse('data/plan.ttl')"``: reading the
              built graph back (the baseline: a build should cost little more than that);
* ``seed``    ``suchenggraph build`` of the seed plan (data/source/) into a temporary file;
* ``40kB``    ``suchenggraph build`` of a plan of at least 40 kB that is not the seed: the
              largest corpus text (tests/data/corpus), grown with the seed's tasks under an
              extra action area until it reaches 40,000 bytes.

Interleaving the three in every round spreads any background load evenly; the script prints
each median (and the fastest run), the ratio seed / parse, and with ``--check`` exits 1 unless
that ratio is at most ``--goal-ratio`` (2) and the 40 kB build's median at most
``--goal-seconds`` (2). Python caches bytecode as on any installed system (PYTHONDONTWRITEBYTECODE
is removed from the environment of the runs).

Usage::

    python bench/build_speed.py [--rounds 9] [--check]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

from _common import time_process as _time

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def forty_kb_plan(folder: Path) -> Path:
    """A plan of at least 40,000 bytes in UTF-8 that is not the seed."""
    base = max(CORPUS.glob("*.txt"), key=lambda p: p.stat().st_size)
    text = base.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    seed = next((ROOT / "data" / "source").glob("*.txt")).read_text(encoding="utf-8")
    tasks = [line for line in seed.splitlines() if re.match(r"^\d+\.", line)]
    extra, n = [], 0
    while len((text + "\n".join(extra)).encode("utf-8")) < 40_000:
        task = tasks[n % len(tasks)]
        extra.append(f"({n + 1})" + task.split(".", 1)[1])
        n += 1
    # the extra tasks go in one more action area before the guarantee measures
    head, sep, tail = text.partition("三、")
    grown = head + "(十一)擴展行動\n" + "\n".join(extra) + "\n" + sep + tail if sep else \
        text + "\n(十一)擴展行動\n" + "\n".join(extra) + "\n"
    grown = grown.replace("〔2022〕1號", "〔2022〕9號", 1)  # another plan than the seed
    path = folder / "plan-40kb.txt"
    path.write_text(grown, encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--goal-ratio", type=float, default=2.0)
    ap.add_argument("--goal-seconds", type=float, default=2.0)
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    exe = Path(sys.executable)
    cli = exe.with_name("suchenggraph")
    sg = [str(cli)] if cli.exists() else [str(exe), "-m", "suchenggraph"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = forty_kb_plan(folder)
        runs = {
            "parse": [str(exe), "-c", "import rdflib; rdflib.Graph().parse("
                      f"{str(ROOT / 'data' / 'plan.ttl')!r}, format='turtle')"],
            "seed": sg + ["build", "-o", str(folder / "seed.ttl")],
            "40kB": sg + ["build", str(big), "-o", str(folder / "big.ttl")],
        }
        for cmd in runs.values():  # warm the bytecode cache and the file cache
            _time(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(args.rounds):
            for name, cmd in runs.items():
                times[name].append(_time(cmd, env))
        size = big.stat().st_size
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, values in times.items():
        label = f"{name} ({size:,} bytes)" if name == "40kB" else name
        print(f"{label:<22} median {med[name]:.3f} s   fastest {min(values):.3f} s")
    ratio = med["seed"] / med["parse"]
    print(f"seed build / rdflib parse of its output: {ratio:.2f}x (goal <= {args.goal_ratio}x)")
    print(f"40 kB build: {med['40kB']:.2f} s (goal <= {args.goal_seconds} s)")
    if args.check and (ratio > args.goal_ratio or med["40kB"] > args.goal_seconds):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
