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

Loading uses Oxigraph's bulk loader over one N-Quads stream: dataset files
(``.nq``) stream as they are, TriG files are converted, and plan files (Turtle,
N-Triples, ...) are split into their graphs (:mod:`suchenggraph.dataset`) on the
way. On a
terminal, loading shows the count, the rate and the time left on stderr; piped,
it is quiet.

>>> import tempfile, pathlib
>>> from suchenggraph.resources import default_plan
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> opened = open_store(folder, [default_plan()])
>>> opened.rebuilt, [p.id for p in opened.plans]
(True, ['sucheng-digital-economy-2022-2024'])
>>> again = open_store(folder)
>>> again.rebuilt, again.engine().resolve("商务局", "organisation").label("en")
(False, 'Bureau of Commerce')
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, UsageError

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
_CHUNK = 1 << 22
_DATASET = {".nq": "N_QUADS", ".trig": "TRIG"}


# --------------------------------------------------------------------------- progress


def _human(n: float) -> str:
    return f"{n:,.0f}"


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    m, s = divmod(seconds, 60)
    if m < 60:
        return f"{m} min {s:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


class Progress:
    """A one-line progress report on a terminal: count, rate, time left.

    Writes only when ``stream`` (default stderr) is a terminal, at most every
    ``interval`` seconds; ``enabled`` forces it on or off. ``total_bytes`` and the
    ``done_bytes`` of :meth:`update` give the fraction shown as ``N% read`` (``done``
    names another unit of work, e.g. quads ``written``).

    >>> import io
    >>> class Tty(io.StringIO):
    ...     def isatty(self):
    ...         return True
    >>> out, clock = Tty(), iter([0.0, 2.0, 2.0, 4.0]).__next__
    >>> p = Progress(total_bytes=1000, stream=out, clock=clock)
    >>> p.update(600_000, 250)
    >>> p.finish("done")
    >>> out.getvalue().split("\\r")[1].strip()
    'loading: 600,000 triples, 300,000 triples/s, 25% read, 6 s left'
    >>> quiet = io.StringIO()
    >>> q = Progress(total_bytes=10, stream=quiet); q.update(5, 5); q.finish("done")
    >>> quiet.getvalue()
    ''
    """

    def __init__(self, total_bytes: int | None = None, *, stream=None, label: str = "loading",
                 interval: float = 0.25, enabled: bool | None = None, clock=time.monotonic,
                 done: str = "read"):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.total_bytes = total_bytes
        self.label = label
        self.done = done
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.last = None
        self.triples = 0
        self.done_bytes = 0
        self._width = 0

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.triples / elapsed
        text = f"{self.label}: {_human(self.triples)} triples, {_human(rate)} triples/s"
        if self.total_bytes:
            fraction = min(self.done_bytes / self.total_bytes, 1.0)
            text += f", {fraction:.0%} {self.done}"
            if 0 < fraction < 1:
                text += f", {_duration(elapsed * (1 - fraction) / fraction)} left"
        return text

    def _write(self, text: str) -> None:
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def update(self, triples: int, done_bytes: int | None = None) -> None:
        self.triples = triples
        if done_bytes is not None:
            self.done_bytes = done_bytes
        if not self.enabled:
            return
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        self._write(self.line(now))

    def note(self, text: str) -> None:
        """Replace the line with ``text`` (e.g. ``indexing...``)."""
        if self.enabled:
            self._write(text)

    def abort(self) -> None:
        """End the line after a failure, so an error message starts on its own line."""
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0

    def finish(self, text: str) -> None:
        if self.enabled:
            self._write(text)
            self.stream.write("\n")
            self.stream.flush()


class _Stream:
    """A binary reader over N-Quads chunks that counts lines for a :class:`Progress`."""

    def __init__(self, chunks, progress: Progress | None):
        self.chunks = iter(chunks)
        self.progress = progress
        self.buffer = memoryview(b"")
        self.lines = 0
        self.done_bytes = 0
        self.starts: list[tuple[int, Path]] = []  # (lines before it, source)

    def where(self, line: int) -> tuple[Path | None, int]:
        """The source and its own line number for ``line`` of the stream."""
        found: tuple[Path | None, int] = (None, line)
        for before, source in self.starts:
            if before < line:
                found = (source, line - before)
        return found

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not len(self.buffer):
            try:
                chunk, consumed, source = next(self.chunks)
            except StopIteration:
                return b""
            if not self.starts or self.starts[-1][1] != source:
                self.starts.append((self.lines, source))
            self.lines += chunk.count(b"\n")
            self.done_bytes += consumed
            if self.progress is not None:
                self.progress.update(self.lines, self.done_bytes)
            self.buffer = memoryview(chunk)
        if size is None or size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out.tobytes()

    def readinto(self, target) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)


def _chunks(sources: list[Path]):
    """``(n-quads bytes, source bytes consumed, source)`` for each source, in order."""
    import pyoxigraph as ox

    from .dataset import _parse_error, split_plan

    for path in sources:
        suffix = path.suffix.lower()
        if suffix == ".nq":
            with open(path, "rb") as fh:
                tail = b""
                while True:
                    block = fh.read(_CHUNK)
                    if not block:
                        break
                    yield block, len(block), path
                    tail = block[-1:]
                if tail and tail != b"\n":
                    yield b"\n", 0, path
        elif suffix == ".trig":
            try:
                quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
            except (SyntaxError, ValueError, OSError) as exc:
                raise _parse_error(exc, str(path)) from None
            yield ox.serialize(quads, format=ox.RdfFormat.N_QUADS), path.stat().st_size, path
        else:
            yield split_plan(path).nquads(), path.stat().st_size, path


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
    import pyoxigraph

    return getattr(pyoxigraph, "__version__", "unknown")


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

    >>> import tempfile
    >>> status(tempfile.mkdtemp() + "/none").state
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


class _Lock:
    """An exclusive lock on ``.<name>.lock`` next to the store (POSIX ``flock``)."""

    def __init__(self, path: Path):
        self.file = path.parent / f".{path.name}.lock"
        self.fh = None

    def __enter__(self):
        import fcntl

        self.fh = open(self.file, "a+")
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def _is_replaceable(path: Path) -> bool:
    """Only a suchenggraph store or an empty folder may be replaced by a build."""
    if not path.exists():
        return True
    if not path.is_dir():
        return False
    return _read_manifest(path) is not None or not any(path.iterdir())


def build_store(path: str | Path, sources, *, progress: Progress | None = None,
                optimize: bool = False) -> dict:
    """Load ``sources`` into a new store at ``path`` (replacing an old one) and return
    its manifest.

    ``sources``: plan files (Turtle, N-Triples, ... one plan each) and dataset
    files (``.nq``, ``.trig``: many plans, as written by
    :func:`suchenggraph.dataset.write_dataset`). ``optimize`` compacts the database
    afterwards (slower to build, a little faster to read).
    """
    import pyoxigraph as ox

    from .dataset import list_plans, parser_message

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
    try:
        if progress is None:
            progress = Progress(sum(r["size"] for r in records))
        started = time.perf_counter()
        store = ox.Store(str(building / DATA_DIR))
        stream = _Stream(_chunks(sources), progress)
        try:
            if not progress.enabled and all(s.suffix.lower() == ".nq" for s in sources):
                for source in sources:  # nothing to show: let Oxigraph read the files itself
                    store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
            else:
                store.bulk_load(input=stream, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            source, line = stream.where(exc.lineno) if stream.starts else (sources[0], exc.lineno)
            message = parser_message(exc)
            raise DataError(f"cannot load: {message}", path=str(source) if source else None,
                            line=line) from None
        progress.note(f"indexing {_human(stream.lines)} triples...")
        if optimize:
            store.optimize()
        loaded = time.perf_counter() - started
        quads = len(store)
        stream.lines = stream.lines or quads
        plans = [p.__dict__ for p in list_plans(store)]
        del store  # closes the database before the folder moves
        manifest = {
            "tool": "suchenggraph", "format": STORE_FORMAT, "pyoxigraph": _oxigraph_version(),
            "sources": records, "plans": plans, "quads": quads, "input_lines": stream.lines,
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
        rate = stream.lines / loaded if loaded else 0
        progress.finish(f"loaded {_human(quads)} quads from {len(sources)} file(s) in "
                        f"{loaded:.1f} s ({_human(rate)} triples/s)")
        return manifest
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
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
        from .dataset import PlanInfo

        return [PlanInfo(**p) for p in self.manifest.get("plans", [])]

    @property
    def sources(self) -> list[str]:
        return [s["path"] for s in self.manifest.get("sources", [])]

    @property
    def location(self) -> Path:
        """The Oxigraph database folder (what ``oxigraph serve-read-only --location`` takes)."""
        return self.path / DATA_DIR

    def engine(self, plan: str | None = None):
        """A :class:`suchenggraph.dataset.DatasetEngine` over one plan (id or IRI) or all."""
        from .dataset import DatasetEngine

        return DatasetEngine(self.store, plan, plans=self.plans, path=str(self.path))


def open_store(path: str | Path, sources=None, *, rebuild: bool = True, check: bool = True,
               progress: Progress | None = None) -> OpenStore:
    """Open the store at ``path`` read-only, (re)building it first when needed.

    ``sources``: the plan and dataset files it must hold (default: those it was
    built from; for a new store, the shipped plan). A stale store is rebuilt, or,
    with ``rebuild=False``, refused with :class:`DataError` saying why.
    ``check=False`` skips comparing with the sources (a store copied without them).
    """
    import pyoxigraph as ox

    path = Path(path)
    if sources is not None:
        sources = _check_sources(list(sources))
    rebuilt = False
    state = status(path, sources) if check else Status(
        "fresh" if _read_manifest(path) else "missing", [], _read_manifest(path))
    if not state.fresh:
        if sources is None and state.manifest is None:
            from .resources import default_plan

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
        with _Lock(path):
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
