"""Many plans: load throughput, peak memory and query latency as the dataset grows.

For each N in ``--sizes`` the benchmark makes a dataset of N plans: the real plan
(``data/plan.ttl``) and N - 1 copies re-minted under new IRIs
(:class:`suchenggraph.remint.Reminter`; ten plans per government, so
organisations are shared within a government and separate across them). It
writes the dataset as N-Quads, then, for each backend, in a fresh Python process:

* ``rdflib``  an ``rdflib.Dataset`` in memory (parse the N-Quads);
* ``memory``  an embedded Oxigraph store in memory (:func:`suchenggraph.engines.dataset.read_dataset`);
* ``disk``    the persistent Oxigraph store (:func:`suchenggraph.engines.persist.build_store`),
              then reopened read-only, as a later process does;
* ``server``  Oxigraph's SPARQL server (``oxigraph serve-read-only``) over that
              store, queried over HTTP (:class:`suchenggraph.engines.endpoint.EndpointEngine`).

and prints:

* load: seconds and triples per second (``server``: seconds until it answers);
  for ``memory`` and ``disk``, against a baseline run in another process: the
  same file loaded by one ``Store.bulk_load`` call, and the speed-up;
* peak memory: the process's peak resident set (``server``: the server's);
* p50 / p95 latency of every named query in ``queries/*.rq``, run on the real plan
  (``--plan`` scope: its graph and its government's organisation graph) with
  sample values bound; of the cross-plan questions (who leads most tasks, which
  indicators recur) over all plans; and of ``leads`` asked by name ("区商务局"),
  name resolution included (exact, indexed label lookup first);
* for ``disk``: a fresh process that opens the store and answers ``leads`` by name
  (whole process wall time, Python start-up included).

Goals (issue 7, N = 1000): leads by name <= 10 ms p95 warm from the persistent
store; a fresh process answers in <= 200 ms; loading >= 300,000 triples/s.

Usage::

    python bench/scale.py                       # N = 1, 10, 100 (about a minute)
    python bench/scale.py --sizes 1,10,100,1000 --repeat 50 --fresh 11   # the figures in docs/performance.md
    python bench/scale.py --sizes 1,10,100,1000 --rdflib-max 1000        # + rdflib at 1000 (15 min)
    python bench/scale.py --sizes 1000 --backends disk,server --repeat 200 --json out.json

The full run writes about 1.5 GB of N-Quads and a 0.9 GB store at N = 1000 (in a
temporary folder, removed afterwards; ``--workdir`` to choose it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BACKENDS = ("rdflib", "memory", "disk", "server")
GOVERNMENT_SIZE = 10  # plans per government
LEADS_NAME = "区商务局"
GOALS = {"leads_p95_ms": 10.0, "fresh_ms": 200.0, "load_tps": 300_000}


# --------------------------------------------------------------------------- data


def government(k: int, base: str) -> str:
    """Plans 0-9 belong to the real plan's government, 10-19 to gov001, ..."""
    return base if k < GOVERNMENT_SIZE else f"gov{k // GOVERNMENT_SIZE:03d}"


def make_dataset(n: int, folder: Path) -> dict:
    """Write N plans as N-Quads; return the file, its size, line count and timings."""
    from suchenggraph.remint import Reminter
    from suchenggraph.resources import default_plan

    started = time.perf_counter()
    reminter = Reminter(default_plan())
    path = folder / f"plans-{n}.nq"
    seen_org_graphs: set[str] = set()
    lines = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for k in range(n):
            gov = government(k, reminter.government)
            text = reminter.nquads(k, government=gov)
            if gov in seen_org_graphs:  # the government's organisations are written once
                org = f"<https://w3id.org/suchenggraph/org/{gov}> .\n"
                text = "".join(line + "\n" for line in text.splitlines()
                               if not line.endswith(org[:-1]))
            seen_org_graphs.add(gov)
            lines += text.count("\n")
            fh.write(text)
    return {"path": str(path), "bytes": path.stat().st_size, "quads": lines,
            "plan": reminter.plan_id, "seconds": time.perf_counter() - started}


# --------------------------------------------------------------------------- one worker

SAMPLE_PARAMS = {
    "organisation": ("iri", "{org}/commerce-bureau"),
    "task": ("iri", "{plan}/task/2"),
    "thing": ("iri", "{plan}/task/2"),
    "area": ("iri", "{plan}/area/1"),
    "indicator": ("iri", "{plan}/indicator/1"),
    "platform": ("iri", "{plan}/platform/3"),
    "iri": ("iri", "{plan}"),
    "string": ("string", "商务"),
    "integer": ("integer", "1"),
    "year": ("year", "2024"),
}


def sample_bindings(query, plan_iri: str, org_base: str) -> dict:
    from suchenggraph.engines.interface import XSD, iri, literal

    out = {}
    for p in query.params:
        kind, template = SAMPLE_PARAMS[p.type]
        value = template.format(plan=plan_iri, org=org_base)
        if kind == "iri":
            out[p.name] = iri(value)
        elif kind == "integer":
            out[p.name] = literal(int(value))
        elif kind == "year":
            out[p.name] = literal(value, datatype=XSD + "gYear")
        else:
            out[p.name] = literal(value)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn, repeat: int, warmup: int = 2) -> dict:
    for _ in range(warmup):
        fn()
    times = []
    rows = 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        rows = len(result) if isinstance(result, list) else len(getattr(result, "rows", []))
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "runs": repeat, "rows": rows}


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of ``pid`` (default: this process), in MB."""
    path = f"/proc/{pid or 'self'}/status"
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rdflib_engines(path: str, plan):
    """rdflib: an all-plans engine (union) and a one-plan engine (two graphs)."""
    from rdflib import Dataset, URIRef
    from rdflib.graph import ReadOnlyGraphAggregate

    from suchenggraph.engines.rdflibgraph import RdflibEngine
    from suchenggraph.lookup import resolve_fast

    class Engine(RdflibEngine):
        def resolve(self, name, kinds=None):
            return resolve_fast(self, name, kinds)

    ds = Dataset(default_union=True)
    started = time.perf_counter()
    ds.parse(path, format="nquads")
    load = time.perf_counter() - started
    one = ReadOnlyGraphAggregate([ds.graph(URIRef(plan.iri)), ds.graph(URIRef(plan.org_graph))])
    return load, len(ds), Engine(ds), Engine(one)


def baseline(args) -> dict:
    """The baseline load: one ``Store.bulk_load`` call over the whole file, as Oxigraph's
    documentation suggests, into a store in memory or in a scratch folder."""
    import pyoxigraph as ox

    scratch = tempfile.mkdtemp(prefix="sg-baseline-", dir=Path(args.store).parent)
    try:
        started = time.perf_counter()  # creating the database counts, as in build_store
        store = ox.Store(scratch) if args.backend == "disk" else ox.Store()
        store.bulk_load(path=args.data, format=ox.RdfFormat.N_QUADS)
        load_s = time.perf_counter() - started
        quads = len(store)
        del store
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"backend": args.backend, "n": args.n, "load_s": load_s, "quads": quads}


def worker(args) -> dict:
    """Load the dataset into one backend and time the queries; print JSON."""
    from suchenggraph import queries as named
    from suchenggraph.crossplan import CROSS_PLAN_QUERIES
    from suchenggraph.engines.plans import PlanInfo, org_graph_iri, plan_iri_for

    plan_id, gov = args.plan_id, args.government
    plan = PlanInfo(plan_id, plan_iri_for(plan_id), gov, org_graph_iri(gov))
    out: dict = {"backend": args.backend, "n": args.n}
    server = None
    if args.backend == "rdflib":
        load, quads, everything, one = rdflib_engines(args.data, plan)
        out.update(load_s=load, quads=quads)
    elif args.backend == "memory":
        from suchenggraph.engines.bulk import Progress
        from suchenggraph.engines.dataset import DatasetEngine, read_dataset

        started = time.perf_counter()
        store = read_dataset(args.data, progress=Progress(enabled=False))
        out["load_s"] = time.perf_counter() - started
        out["quads"] = len(store)
        everything, one = DatasetEngine(store), DatasetEngine(store, plan_id)
    elif args.backend == "disk":
        from suchenggraph.engines.bulk import Progress, build_store, open_store

        manifest = build_store(args.store, [args.data], progress=Progress(enabled=False))
        out.update(load_s=manifest["load_seconds"], quads=manifest["quads"])
        out["store_mb"] = sum(f.stat().st_size for f in Path(args.store).rglob("*")
                              if f.is_file()) / 2**20
        started = time.perf_counter()
        opened = open_store(args.store)
        out["open_ms"] = (time.perf_counter() - started) * 1000
        everything, one = opened.engine(), opened.engine(plan_id)
    else:  # server
        from suchenggraph.engines.endpoint import EndpointEngine
        from suchenggraph.server import OxigraphServer

        started = time.perf_counter()
        server = OxigraphServer(args.store, timeout=300).start()
        out["load_s"] = time.perf_counter() - started  # time until it answers
        everything = EndpointEngine(server.url, timeout=600)
        one = EndpointEngine(server.url, plan_id, timeout=600)
    out["peak_after_load_mb"] = peak_rss_mb()
    try:
        results = {}
        reps = args.repeat if args.backend != "rdflib" else max(3, args.repeat // 10)
        for q in named.catalogue():
            terms = sample_bindings(q, plan.iri, "https://w3id.org/suchenggraph/org/" + gov)
            results[q.name] = timed(lambda q=q, terms=terms: one.select(q.text, terms), reps)
        for name, text in CROSS_PLAN_QUERIES.items():
            if name == "plans":
                continue
            # read_only=False: these are the package's own queries (phase 2 ships them in
            # queries/, where the read-only check is a token scan, not an rdflib parse)
            results["all:" + name] = timed(lambda text=text: everything.select(
                text, read_only=False), max(3, reps // 5), warmup=1)
        results["leads by name"] = timed(lambda: named.leads(one, LEADS_NAME)[1], reps)
        out["queries"] = results
        out["peak_mb"] = peak_rss_mb(server.process.pid if server else None)
    finally:
        if server is not None:
            server.stop()
    return out


FRESH = """\
import time
t = time.perf_counter()
from suchenggraph.engines.persist import open_store
from suchenggraph.answers import leads
opened = open_store({store!r})
who, rows = leads(opened.engine({plan!r}), {name!r})
print(len(rows), (time.perf_counter() - t) * 1000)
"""


def fresh_process(store: str, plan_id: str, rounds: int) -> dict:
    """Wall time of a new Python process that opens the store and answers leads by name."""
    code = FRESH.format(store=store, plan=plan_id, name=LEADS_NAME)
    walls, inside = [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(rounds):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, check=True)
        walls.append((time.perf_counter() - t) * 1000)
        inside.append(float(done.stdout.split()[1]))
    return {"p50_ms": percentile(walls, 0.5), "p95_ms": percentile(walls, 0.95),
            "in_process_p50_ms": percentile(inside, 0.5), "runs": rounds}


# --------------------------------------------------------------------------- report


def run_worker(backend: str, n: int, data: dict, store: Path, repeat: int,
               baseline: bool = False) -> dict:
    from suchenggraph.remint import Reminter
    from suchenggraph.resources import default_plan

    gov = Reminter(default_plan()).government
    cmd = [sys.executable, __file__, "--worker", backend, "--n", str(n), "--data", data["path"],
           "--store", str(store), "--repeat", str(repeat), "--plan-id", data["plan"],
           "--government", gov] + (["--baseline"] if baseline else [])
    done = subprocess.run(cmd, capture_output=True, text=True, env={
        **os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        raise SystemExit(f"{backend} N={n} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt_ms(x: float) -> str:
    return f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def report(results: list[dict], fresh: dict[int, dict], datasets: dict[int, dict]) -> str:
    lines = []
    lines.append("## Load and memory\n")
    lines.append(f"{'N':>5} {'quads':>10} {'backend':<7} {'load s':>8} {'triples/s':>10} "
                 f"{'peak MB':>8} {'baseline s':>10} {'speed-up':>8}")
    for r in results:
        tps = r["quads"] / r["load_s"] if r.get("quads") and r["backend"] != "server" else None
        base = r.get("baseline_load_s")
        speed = f"x{base / r['load_s']:.2f}" if base else "-"
        lines.append(f"{r['n']:>5} {datasets[r['n']]['quads']:>10,} {r['backend']:<7} "
                     f"{r['load_s']:>8.2f} {(f'{tps:,.0f}' if tps else '-'):>10} "
                     f"{r['peak_mb']:>8,.0f} {(f'{base:.2f}' if base else '-'):>10} "
                     f"{speed:>8}")
    lines.append("\nbaseline: the same file loaded by one Oxigraph Store.bulk_load call, in "
                 "another process; speed-up = baseline s / load s")
    lines.append("\n## Query latency, ms (p50 / p95); named queries on the real plan, "
                 "`all:` over every plan\n")
    names = list(results[0]["queries"]) if results else []
    head = f"{'query':<24}" + "".join(f" {r['backend'][:6] + ' ' + str(r['n']):>15}"
                                      for r in results)
    lines.append(head)
    for name in names:
        row = f"{name:<24}"
        for r in results:
            q = r["queries"].get(name)
            row += f" {fmt_ms(q['p50_ms']) + ' / ' + fmt_ms(q['p95_ms']):>15}" if q else " " * 16
        lines.append(row)
    if fresh:
        lines.append("\n## A fresh process opens the persistent store and answers "
                     f"`leads {LEADS_NAME}` (wall time incl. Python start-up), ms\n")
        for n, f in sorted(fresh.items()):
            lines.append(f"N={n:<5} p50 {fmt_ms(f['p50_ms'])}  p95 {fmt_ms(f['p95_ms'])}  "
                         f"(inside the process: {fmt_ms(f['in_process_p50_ms'])})")
    # goals at the largest N
    disk = [r for r in results if r["backend"] == "disk"]
    if disk:
        big = max(disk, key=lambda r: r["n"])
        n = big["n"]
        leads = big["queries"]["leads by name"]["p95_ms"]
        tps = big["quads"] / big["load_s"]
        mem = [r for r in results if r["backend"] == "memory" and r["n"] == n]
        lines.append(f"\n## Goals at N = {n}\n")
        lines.append(f"leads by name, p95 warm, persistent store: {fmt_ms(leads)} ms "
                     f"(goal <= {GOALS['leads_p95_ms']:g}) "
                     f"{'met' if leads <= GOALS['leads_p95_ms'] else 'NOT met'}")
        if n in fresh:
            f = fresh[n]["p50_ms"]
            lines.append(f"fresh process answers, p50: {fmt_ms(f)} ms (goal <= "
                         f"{GOALS['fresh_ms']:g}) {'met' if f <= GOALS['fresh_ms'] else 'NOT met'}")
        lines.append(f"loading, persistent store: {tps:,.0f} triples/s (goal >= "
                     f"{GOALS['load_tps']:,}) {'met' if tps >= GOALS['load_tps'] else 'NOT met'}")
        if mem:
            mtps = mem[0]["quads"] / mem[0]["load_s"]
            lines.append(f"loading, embedded in memory: {mtps:,.0f} triples/s "
                         f"{'met' if mtps >= GOALS['load_tps'] else 'NOT met'}")
    # growth
    sizes = sorted({r["n"] for r in results})
    if len(sizes) > 1:
        lines.append(f"\n## Growth from N = {sizes[0]} to N = {sizes[-1]} "
                     f"({sizes[-1] // sizes[0]}x the data)\n")
        for backend in BACKENDS:
            rs = {r["n"]: r for r in results if r["backend"] == backend}
            if sizes[0] in rs and sizes[-1] in rs:
                a, b = rs[sizes[0]], rs[sizes[-1]]
                la = a["queries"]["leads by name"]["p95_ms"]
                lb = b["queries"]["leads by name"]["p95_ms"]
                lines.append(f"{backend:<7} load time x{b['load_s'] / a['load_s']:,.1f}, "
                             f"peak memory x{b['peak_mb'] / a['peak_mb']:,.1f}, "
                             f"leads p95 x{lb / la:,.1f}")
        if len(fresh) > 1:
            fa, fb = fresh[min(fresh)], fresh[max(fresh)]
            lines.append(f"fresh process x{fb['p50_ms'] / fa['p50_ms']:,.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100",
                        help="numbers of plans, comma separated (default 1,10,100)")
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help=f"comma separated, of {', '.join(BACKENDS)}")
    parser.add_argument("--rdflib-max", type=int, default=100,
                        help="skip rdflib above this many plans (default 100; it needs "
                             "minutes per 1000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--fresh", type=int, default=7, help="fresh-process runs (default 7)")
    parser.add_argument("--workdir", help="where to write data and stores (default: a "
                                          "temporary folder, removed afterwards)")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the baseline loads (one Store.bulk_load call per file)")
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--plan-id", help=argparse.SUPPRESS)
    parser.add_argument("--government", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.backend = args.worker
        print(json.dumps(baseline(args) if args.baseline else worker(args)))
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    backends = [b for b in args.backends.split(",") if b]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown or not sizes or min(sizes) < 1:
        parser.error(f"unknown backend(s) {unknown}" if unknown else "sizes must be >= 1")
    if "server" in backends and "disk" not in backends:
        backends.insert(backends.index("server"), "disk")  # the server serves that store
    folder = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="sg-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    results, fresh, datasets = [], {}, {}
    try:
        for n in sizes:
            data = make_dataset(n, folder)
            datasets[n] = data
            print(f"N={n}: {data['quads']:,} quads, {data['bytes'] / 2**20:,.0f} MB of "
                  f"N-Quads, made in {data['seconds']:.1f} s", file=sys.stderr)
            store = folder / f"store-{n}"
            for backend in backends:
                if backend == "rdflib" and n > args.rdflib_max:
                    continue
                started = time.perf_counter()
                r = run_worker(backend, n, data, store, args.repeat)
                if backend in ("memory", "disk") and not args.no_baseline:
                    r["baseline_load_s"] = run_worker(backend, n, data, store, args.repeat,
                                                      baseline=True)["load_s"]
                results.append(r)
                print(f"  {backend}: done in {time.perf_counter() - started:.1f} s",
                      file=sys.stderr)
                if backend == "disk" and args.fresh:
                    fresh[n] = fresh_process(str(store), data["plan"], args.fresh)
            Path(data["path"]).unlink()
            shutil.rmtree(store, ignore_errors=True)
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"# bench/scale.py --sizes {args.sizes} (python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs)\n")
    print(report(results, fresh, datasets))
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "fresh": fresh,
                                               "datasets": datasets}, indent=1),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
