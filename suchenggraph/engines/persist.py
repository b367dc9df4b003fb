"""A persistent store: plans loaded once into an on-disk Oxigraph database.

A store is a folder::

    PATH/
      suchenggraph-store.json   the manifest: what was loaded (each source file's
                                path, size, modification time and SHA-256), the
                                plans it holds, how many quads, which Oxigraph
      oxigraph/                 the Oxigraph (RocksDB) database

Opening a store checks the manifest against the source files: a changed,
added or removed source makes the store *stale*, and a stale store is rebuilt
before it answers (never served stale). The check costs a ``stat`` per source;
a file whose size or time changed is hashed, so a touched but identical file
does not force a rebuild.

A build writes a new folder next to ``PATH`` and swaps it in only when complete,
under a lock, so a reader never sees half a store and two builders never race.
Later processes open the database read-only (``pyoxigraph.Store.read_only``):
no parsing, and any number of readers (the SPARQL server among them) at once.

Loading cuts the sources into pieces of N-Quads (dataset files as they are,
TriG files converted, plan files split into their graphs by
:mod:`suchenggraph.engines.plans`) and runs Oxigraph's bulk loader on several pieces
at once (:func:`load_pieces`). On a terminal, loading shows the count, the rate
and the time left on stderr; piped, it is quiet.

>>> import tempfile, pathlib
>>> from suchenggraph.resources import default_plan
>>> scratch = tempfile.TemporaryDirectory()
>>> folder = pathlib.Path(scratch.name) / "store"
>>> opened = open_store(folder, [default_plan()])
>>> opened.rebuilt, [p.id for p in opened.plans]
(True, ['sucheng-digital-economy-2022-2024'])
>>> again = open_store(folder)
>>> again.rebuilt, again.engine().resolve("商务局", "organisation").label("en")
(False, 'Bureau of Commerce')
>>> scratch.cleanup()
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataError, UsageError
from ..resources import default_plan
from .bulk import FileLock, Piece, Progress, file_pieces, line_ends, piece_error
from .dataset import DatasetEngine
from .plans import PlanInfo, list_plans, split_plan

__all__ = [
    "MANIFEST",
    "DATA_DIR",
    "STORE_FORMAT",
    "Progress",
    "Status",
    "OpenStore",
    "source_record",
    "status",
    "build_store",
    "open_store",
]

MANIFEST = "suchenggraph-store.json"
DATA_DIR = "oxigraph"
#: Bumped when the layout of the data in a store changes: older stores are rebuilt.
STORE_FORMAT = 1
#: Bulk-load calls at once per core: on 2 cores, pieces of :data:`suchenggraph.engines.bulk.PIECE`
#: (8 MB) 6 at a time, then a compaction, build a store of 100 plans 1.7x faster than one
#: call over the whole file, and 1,000 plans 1.1x faster and twice as fast to read
#: (``python bench/scale.py``).
_WORKERS_PER_CORE = 3
_MAX_WORKERS = 16


def _pieces(sources: list[Path], size: int | None = None):
    """The sources as :class:`suchenggraph.engines.bulk.Piece` s: ``.nq`` and ``.trig`` files as
    :func:`suchenggraph.engines.bulk.file_pieces` cuts them (into about ``size`` bytes each), a
    plan file split into its graphs (:func:`suchenggraph.engines.plans.split_plan`), as one piece.
    """
    for path in sources:
        if path.suffix.lower() in (".nq", ".trig"):
            yield from file_pieces(path, size)
        else:
            data = split_plan(path).nquads()
            yield Piece(data, path, None, line_ends(data), path.stat().st_size)


def _count(n: float) -> str:
    return f"{n:,.0f}"


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(2, min(_MAX_WORKERS, _WORKERS_PER_CORE * cores))


def _bulk_load(store, piece: Piece) -> Piece:
    """One call of Oxigraph's bulk loader (in a worker thread). A plain function: the
    traceback of a failure holds the store and the piece, not the :class:`_Loads` that
    keeps the failure (a cycle that would keep the database open after the build)."""
    fmt = getattr(ox.RdfFormat, piece.format)
    if piece.data is None:
        store.bulk_load(path=str(piece.source), format=fmt)
    else:
        store.bulk_load(input=piece.data, format=fmt)
    return piece


class _Loads:
    """The bulk loads :func:`load_pieces` has under way (``running``: future -> its order
    and piece), and what the finished ones did (lines, bytes, pieces; parse failures)."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.lines = self.done_bytes = self.loaded = 0
        self.failures: list[tuple[int, BaseException, Piece]] = []
        self.running: dict = {}

    def settle(self, finished) -> None:
        """Count the ``finished`` loads; keep a parse failure, raise anything else."""
        for future in finished:
            order, piece = self.running.pop(future)
            exc = future.exception()
            if exc is None:
                self.loaded += 1
                self.lines += piece.lines
                self.done_bytes += piece.consumed
                if self.progress is not None:
                    self.progress.update(self.lines, self.done_bytes)
            elif isinstance(exc, (SyntaxError, ValueError)):
                self.failures.append((order, exc, piece))
            else:
                raise exc

    def finish_under_way(self) -> None:
        """Cancel what has not started, wait for what has (a Ctrl-C does not cut it short)."""
        for future in self.running:
            future.cancel()
        while True:
            try:
                wait(self.running)
                return
            except KeyboardInterrupt:
                continue


def load_pieces(store, pieces, progress: Progress | None = None, *,
                workers: int | None = None) -> tuple[int, int]:
    """Bulk-load ``pieces`` into an on-disk ``store``, several at once; return the lines
    read and the pieces loaded.

    Each piece is one call of Oxigraph's bulk loader, which parses it and then
    writes sorted index files that RocksDB ingests: within one call, one core
    idles while the other works; a few calls per core keep all cores busy, and
    small batches sort in cache (``python bench/scale.py`` measures it). Each call
    leaves its own index files: compact the store afterwards (``store.optimize()``),
    as :func:`build_store` does.

    A parse error stops the load and names the file and line of the earliest bad
    piece, in the order of ``pieces`` (pieces already loaded stay: the caller loads
    into a fresh folder). On any exception, Ctrl-C included, the loads under way
    finish before it propagates (a second Ctrl-C does not cut that short), so
    nothing writes into the store afterwards.
    """
    workers = workers or _workers()
    loads = _Loads(progress)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="suchenggraph-load")
    cut_short: BaseException | None = None  # the sources could not be cut (a plan file)
    try:
        order, next_piece = 0, iter(pieces)
        while not loads.failures:
            try:
                piece = next(next_piece)
            except StopIteration:
                break
            except (DataError, UsageError) as exc:
                cut_short = exc
                break
            loads.running[pool.submit(_bulk_load, store, piece)] = (order, piece)
            order += 1
            if len(loads.running) >= workers:
                loads.settle(wait(loads.running, return_when=FIRST_COMPLETED)[0])
        loads.settle(wait(loads.running)[0])
    except BaseException:
        if progress is not None and loads.running:
            progress.note(f"stopping: finishing {len(loads.running)} load(s) under way...")
        loads.finish_under_way()
        raise
    finally:
        pool.shutdown(wait=True)  # idle workers by now: their threads end at once
    if loads.failures:  # pieces before a bad plan file fail first
        _, exc, piece = min(loads.failures, key=lambda f: f[0])
        raise piece_error(exc, piece)
    if cut_short is not None:
        raise cut_short
    return loads.lines, loads.loaded


# --------------------------------------------------------------------------- manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_record(path: str | Path) -> dict:
    """What the manifest remembers of a source file."""
    path = Path(path).resolve()
    st = path.stat()
    return {"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "sha256": _sha256(path)}


def _oxigraph_version() -> str:
    return getattr(ox, "__version__", "unknown")


def _read_manifest(path: Path) -> dict | None:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "suchenggraph" else None


@dataclass
class Status:
    """Whether a store can answer as it is: ``state`` is ``fresh``, ``stale`` or ``missing``."""

    state: str
    reasons: list[str] = field(default_factory=list)
    manifest: dict | None = None

    @property
    def fresh(self) -> bool:
        return self.state == "fresh"


def _check_sources(sources: list[Path]) -> list[Path]:
    out = []
    for s in sources:
        p = Path(s)
        if not p.is_file():
            raise DataError("no such file", path=str(p))
        out.append(p.resolve())
    if not out:
        raise UsageError("no plans to load: give at least one plan or dataset file")
    return out


def status(path: str | Path, sources=None) -> Status:
    """Compare the store at ``path`` with ``sources`` (default: the ones it was built from).

    >>> status("no-such-store").state
    'missing'
    """
    path = Path(path)
    manifest = _read_manifest(path)
    if manifest is None:
        return Status("missing", [f"no store at {path}"])
    reasons = []
    if manifest.get("format") != STORE_FORMAT:
        reasons.append(f"store format {manifest.get('format')} (this version writes "
                       f"{STORE_FORMAT})")
    if manifest.get("pyoxigraph") != _oxigraph_version():
        reasons.append(f"built with pyoxigraph {manifest.get('pyoxigraph')}, "
                       f"running {_oxigraph_version()}")
    if not (path / DATA_DIR).is_dir():
        reasons.append(f"{path / DATA_DIR} is missing")
    recorded = {s["path"]: s for s in manifest.get("sources", [])}
    wanted = ([str(Path(s).resolve()) for s in sources] if sources is not None
              else list(recorded))
    for name in sorted(set(recorded) - set(wanted)):
        reasons.append(f"{name} is no longer one of the sources")
    for name in wanted:
        record = recorded.get(name)
        if record is None:
            reasons.append(f"{name} is not loaded yet")
            continue
        try:
            st = os.stat(name)
        except OSError:
            reasons.append(f"{name} is gone")
            continue
        if st.st_size == record["size"] and st.st_mtime_ns == record["mtime_ns"]:
            continue
        if st.st_size != record["size"] or _sha256(Path(name)) != record["sha256"]:
            reasons.append(f"{name} has changed")
    return Status("stale" if reasons else "fresh", reasons, manifest)


# --------------------------------------------------------------------------- building


def _is_replaceable(path: Path) -> bool:
    """Only a suchenggraph store or an empty folder may be replaced by a build."""
    if not path.exists():
        return True
    if not path.is_dir():
        return False
    return _read_manifest(path) is not None or not any(path.iterdir())


def _remove(folder: Path) -> None:
    """Remove ``folder``; a Ctrl-C meanwhile (the second of an impatient user) does not
    leave half of it behind."""
    while True:
        try:
            shutil.rmtree(folder, ignore_errors=True)
            return
        except KeyboardInterrupt:
            continue


def build_store(path: str | Path, sources, *, progress: Progress | None = None) -> dict:
    """Load ``sources`` into a new store at ``path`` (replacing an old one) and return
    its manifest.

    ``sources``: plan files (Turtle, N-Triples, ... one plan each) and dataset
    files (``.nq``, ``.trig``: many plans, as written by
    :func:`suchenggraph.engines.dataset.write_dataset`). The pieces are loaded several at
    once (:func:`load_pieces`), then the database is compacted: each piece leaves
    its own index files, which would slow every later read (measured over 300
    plans in 8 MB pieces: ``leads`` p95 15 ms uncompacted, 3 ms compacted).
    """
    path = Path(path)
    sources = _check_sources(list(sources))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise DataError("folder does not exist", path=str(parent))
    if not _is_replaceable(path):
        raise DataError("exists and is not a suchenggraph store; choose another folder",
                        path=str(path))
    records = [source_record(s) for s in sources]
    building = parent / f".{path.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    store = None
    try:
        if progress is None:
            progress = Progress(sum(r["size"] for r in records))
        started = time.perf_counter()
        try:
            store = ox.Store(str(building / DATA_DIR))
            lines, pieces = load_pieces(store, _pieces(sources), progress)
            if pieces > 1:
                progress.note("compacting the store...")
                store.optimize()
        except OSError as exc:  # disk full, a file gone: not an output the user named
            raise DataError(f"cannot build the store: {' '.join(str(exc).split())}",
                            path=str(path)) from None
        loaded = time.perf_counter() - started
        quads = len(store)
        plans = [p.__dict__ for p in list_plans(store)]
        del store  # closes the database before the folder moves
        manifest = {
            "tool": "suchenggraph", "format": STORE_FORMAT, "pyoxigraph": _oxigraph_version(),
            "sources": records, "plans": plans, "quads": quads,
            "load_seconds": round(loaded, 3),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (building / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1)
                                         + "\n", encoding="utf-8")
        old = parent / f".{path.name}.old-{os.getpid()}"
        if path.exists():
            os.replace(path, old)
        os.replace(building, path)
        shutil.rmtree(old, ignore_errors=True)
        rate = quads / loaded if loaded else 0
        progress.finish(f"loaded {_count(quads)} quads from {len(sources)} file(s) in "
                        f"{loaded:.1f} s ({_count(rate)} triples/s)")
        return manifest
    except BaseException as exc:
        # close the database before removing its folder (RocksDB would go on writing
        # into it): drop this reference and those held by the frames of the traceback
        traceback.clear_frames(exc.__traceback__)
        store = None  # noqa: F841 (the last reference: closes the database)
        _remove(building)
        if progress is not None:
            progress.abort()
        raise


# --------------------------------------------------------------------------- opening


@dataclass
class OpenStore:
    """An opened store: the ``pyoxigraph.Store``, its manifest, and whether it was rebuilt."""

    path: Path
    store: object
    manifest: dict
    rebuilt: bool = False

    @property
    def plans(self):
        return [PlanInfo(**p) for p in self.manifest.get("plans", [])]

    @property
    def sources(self) -> list[str]:
        return [s["path"] for s in self.manifest.get("sources", [])]

    @property
    def location(self) -> Path:
        """The Oxigraph database folder (what ``oxigraph serve-read-only --location`` takes)."""
        return self.path / DATA_DIR

    def engine(self, plan: str | None = None):
        """A :class:`suchenggraph.engines.dataset.DatasetEngine` over one plan (id or IRI) or all."""
        return DatasetEngine(self.store, plan, plans=self.plans, path=str(self.path))


def open_store(path: str | Path, sources=None, *, rebuild: bool = True, check: bool = True,
               progress: Progress | None = None) -> OpenStore:
    """Open the store at ``path`` read-only, (re)building it first when needed.

    ``sources``: the plan and dataset files it must hold (default: those it was
    built from; for a new store, the shipped plan). A stale store is rebuilt, or,
    with ``rebuild=False``, refused with :class:`DataError` saying why.
    ``check=False`` skips comparing with the sources (a store copied without them).
    """
    path = Path(path)
    if sources is not None:
        sources = _check_sources(list(sources))
    rebuilt = False
    state = status(path, sources) if check else Status(
        "fresh" if _read_manifest(path) else "missing", [], _read_manifest(path))
    if not state.fresh:
        if sources is None and state.manifest is None:
            sources = [default_plan()]
        if sources is None:
            gone = [r for r in state.reasons if r.endswith(" is gone")]
            if gone:
                raise DataError("stale store: " + "; ".join(gone) + "; give the plans to load "
                                "again", path=str(path))
            sources = [Path(s["path"]) for s in state.manifest.get("sources", [])]
        if not rebuild:
            raise DataError("stale store (" + "; ".join(state.reasons) + "); rebuild it",
                            path=str(path))
        with FileLock(path):
            again = status(path, sources)  # another process may have rebuilt it meanwhile
            if not again.fresh:
                build_store(path, sources, progress=progress)
                rebuilt = True
        state = status(path, sources)
    try:
        store = ox.Store.read_only(str(path / DATA_DIR))
    except OSError as exc:
        raise DataError(f"cannot open the store: {' '.join(str(exc).split())}",
                        path=str(path)) from None
    return OpenStore(path, store, state.manifest, rebuilt)
