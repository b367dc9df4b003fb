"""The engine over many plans side by side: an RDF dataset with one named graph per plan.

How a plan's triples are spread over its graphs, and which plans a dataset holds, is
:mod:`suchenggraph.engines.plans`. Here: the dataset in memory (a ``pyoxigraph.Store``;
:func:`new_dataset`, :func:`add_plan`, :func:`remove_plan`), the engine whose queries
read one plan or all (:class:`DatasetEngine`, :func:`open_dataset_engine`), and the
dataset files: written as sorted N-Quads or TriG (byte-identical for the same content),
read back into a store, changed one plan at a time under a lock.

>>> from suchenggraph.remint import remint
>>> from suchenggraph.resources import default_plan
>>> store = new_dataset()
>>> info = add_plan(store, default_plan())
>>> info.id, info.government, info.org_graph
('sucheng-digital-economy-2022-2024', 'sucheng', 'https://w3id.org/suchenggraph/org/sucheng')
>>> _ = add_plan(store, remint(default_plan(), 2))
>>> _ = add_plan(store, remint(default_plan(), 3, government="suyu"))
>>> [(p.id, p.government) for p in list_plans(store)]
[('sucheng-digital-economy-2022-2024', 'sucheng'), ('sucheng-digital-economy-2022-2024-copy-2', 'sucheng'), ('sucheng-digital-economy-2022-2024-copy-3', 'suyu')]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataError
from ..graphio import open_output
from .bulk import FileLock, Progress, file_pieces, piece_error
from .oxigraph import OxigraphEngine
from .plans import (
    DATASET_FORMATS,
    PlanInfo,
    PlanParts,
    find_plan,
    list_plans,
    parse_failure,
    rdf_format,
    scope,
    split_plan,
)

__all__ = [
    "add_all_to_dataset_file",
    "new_dataset",
    "add_plan",
    "remove_plan",
    "ScopedStore",
    "DatasetEngine",
    "open_dataset_engine",
    "iter_nquads",
    "dataset_nquads",
    "dataset_trig",
    "write_dataset",
    "read_dataset",
    "DatasetUpdate",
    "check_dataset_path",
    "add_to_dataset_file",
]


# --------------------------------------------------------------------------- the dataset


def new_dataset():
    """An empty in-memory dataset (a ``pyoxigraph.Store``)."""
    return ox.Store()


def add_plan(store, source, *, replace: bool = True) -> PlanInfo:
    """Add one plan to ``store`` (a ``pyoxigraph.Store``, in memory or on disk).

    ``source``: an rdflib Graph (e.g. ``build_plan().graph``), a graph file, or
    :class:`PlanParts`. A plan already in the dataset is replaced (``replace=False``
    refuses instead); the description of each organisation it names replaces the one
    in its government's graph (the newest plan's glossary wins), and the others stay.
    """
    parts = source if isinstance(source, PlanParts) else split_plan(source)
    graph = ox.NamedNode(parts.plan_iri)
    if store.contains_named_graph(graph):
        if not replace:
            raise DataError(f"plan {parts.id} is already in the dataset")
        store.remove_graph(graph)
    # the newest description of an organisation replaces the one before (a glossary that
    # renamed it leaves one English name, not two)
    for subject, org_graph in {(q.subject, q.graph_name) for q in parts.quads
                               if q.graph_name != graph}:
        for q in list(store.quads_for_pattern(subject, None, None, org_graph)):
            store.remove(q)
    store.extend(parts.quads)
    return find_plan(store, parts.id)


def remove_plan(store, plan: str) -> PlanInfo:
    """Remove a plan's graph, and the organisations only it named from its government's graph.

    >>> from suchenggraph.resources import default_plan
    >>> store = new_dataset()
    >>> _ = add_plan(store, default_plan())
    >>> remove_plan(store, "sucheng-digital-economy-2022-2024").id
    'sucheng-digital-economy-2022-2024'
    >>> len(store)
    0
    """
    info = find_plan(store, plan)
    org_graph = ox.NamedNode(info.org_graph)
    store.remove_graph(ox.NamedNode(info.iri))
    # organisations of this government no plan graph refers to any more
    orphans = [s for s in {q.subject for q in store.quads_for_pattern(None, None, None, org_graph)}
               if _is_orphan(store, s, org_graph)]
    for subject in orphans:
        for q in list(store.quads_for_pattern(subject, None, None, org_graph)):
            store.remove(q)
    if not any(True for _ in store.quads_for_pattern(None, None, None, org_graph)):
        store.remove_graph(org_graph)
    return info


def _is_orphan(store, subject, org_graph) -> bool:
    """True when nothing outside ``org_graph`` names ``subject`` (or the org it belongs to)
    as the object or the subject of a statement (a plan says where a group's office is)."""
    value = subject.value
    # a post (``.../org/gov/group/post/chair``) lives as long as its organisation
    owner = ox.NamedNode(value.split("/post/", 1)[0] if "/post/" in value else value)
    for q in chain(store.quads_for_pattern(None, None, owner, None),
                   store.quads_for_pattern(owner, None, None, None)):
        if q.graph_name != org_graph:
            return False
    return True


class ScopedStore:
    """A ``pyoxigraph.Store`` whose queries read one plan or all (see :func:`scope`).

    Everything else (adding, dumping, ...) goes to the store itself.
    """

    def __init__(self, store, query_kwargs: dict):
        self._store = store
        self._kwargs = dict(query_kwargs)

    def query(self, query, **kwargs):
        return self._store.query(query, **{**self._kwargs, **kwargs})

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __len__(self):
        return len(self._store)

    def __iter__(self):
        return iter(self._store)


class DatasetEngine(OxigraphEngine):
    """The query engine over a dataset of plans: one plan (``plan``) or all.

    ``plans``: every plan in the dataset; ``plan``: the one a query reads (``None``:
    all). Names resolve with exact, indexed label lookups first (as on every
    Oxigraph engine, :func:`suchenggraph.lookup.resolve_fast`), so a question over a
    thousand plans does not read every label.
    """

    name = "oxigraph"

    def __init__(self, store, plan: str | None = None, *, plans=None, path: str | None = None):
        self.plans = list(plans) if plans is not None else list_plans(store)
        self.plan = None if plan in (None, "all") else find_plan(self.plans, plan)
        self.dataset = store
        super().__init__(ScopedStore(store, scope(self.plans, plan)), path)

    def plans_in_scope(self) -> list[PlanInfo]:
        return [self.plan] if self.plan is not None else list(self.plans)


def open_dataset_engine(source, plan: str | None = None):
    """An engine over a dataset file (``.nq``/``.trig``), a plan file, or a ``pyoxigraph.Store``.

    >>> from suchenggraph.resources import default_plan
    >>> engine = open_dataset_engine(default_plan(), "sucheng-digital-economy-2022-2024")
    >>> engine.resolve("商务局", "organisation").label("zh-Hant")
    '區商務局'
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix.lower() in DATASET_FORMATS:
            store = read_dataset(path)
        else:
            store = new_dataset()
            add_plan(store, path)
        return DatasetEngine(store, plan, path=str(path))
    return DatasetEngine(source, plan)


# --------------------------------------------------------------------------- files


def _graph_names(store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


def _graph_lines(store, graph) -> list[str]:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8")
    return sorted(data.splitlines())


def iter_nquads(store):
    """Sorted N-Quads, graph by graph (graphs by name; the default graph first), as str chunks."""
    default = _graph_lines(store, ox.DefaultGraph())
    if default:
        yield "".join(line + "\n" for line in default)
    for name in _graph_names(store):
        suffix = f" <{name}> .\n"
        lines = _graph_lines(store, ox.NamedNode(name))
        yield "".join(line[:-2] + suffix for line in lines)


def dataset_nquads(store) -> str:
    """The whole dataset as sorted N-Quads: byte-identical for the same content."""
    return "".join(iter_nquads(store))


def dataset_trig(store) -> str:
    """The dataset as TriG: one block per graph (sorted by name), sorted Turtle inside."""
    from rdflib import Graph  # only to write TriG: a question on a dataset does without rdflib

    from ..vocab import bind_prefixes  # (it imports rdflib)

    prefixes: dict[str, str] = {}
    blocks = []
    graphs = [(None, ox.DefaultGraph())] + [(n, ox.NamedNode(n)) for n in _graph_names(store)]
    for name, graph in graphs:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        if not data:
            continue
        g = bind_prefixes(Graph())
        g.parse(data=data, format="nt")
        body = []
        for line in g.serialize(format="turtle").splitlines():
            if line.startswith("@prefix"):
                prefixes[line] = line
            elif line.strip():
                body.append("    " + line)
            elif body and body[-1]:
                body.append("")
        while body and not body[-1]:
            body.pop()
        head = "{" if name is None else f"<{name}> {{"
        blocks.append(head + "\n" + "\n".join(body) + "\n}\n")
    return "".join(line + "\n" for line in sorted(prefixes)) + "\n" + "\n".join(blocks)


def write_dataset(store, path: str | Path, *, progress=None) -> Path:
    """Write the dataset to ``path`` (``.nq`` or ``.trig``), atomically (a file of the
    usual permissions, or the old file's, replaces the old one only once complete).

    Writing N-Quads shows its progress on a terminal (``writing: N quads, rate, % written,
    time left``; :class:`suchenggraph.engines.bulk.Progress`), and is quiet when piped.
    """
    path = check_dataset_path(path)
    if path.suffix.lower() != ".trig" and progress is None:
        progress = Progress(label="writing", done="written")
        if progress.enabled:
            progress.total_bytes = len(store)
    try:
        with open_output(path) as fh:
            if path.suffix.lower() == ".trig":
                fh.write(dataset_trig(store))
                if progress is not None:
                    progress.update(len(store))
            else:
                written = 0
                for chunk in iter_nquads(store):
                    fh.write(chunk)
                    written += chunk.count("\n")
                    progress.update(written, written)
        if progress is not None:
            progress.finish(f"wrote {progress.triples:,} quads to {path}")
    except BaseException:
        if progress is not None:
            progress.abort()
        raise
    return path


def check_dataset_path(path: str | Path) -> Path:
    """``path`` as a dataset file to write: ``.nq`` or ``.trig``, in a folder that exists,
    not itself a folder (else :class:`DataError`).

    >>> check_dataset_path("plans.ttl")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.DataError: plans.ttl: unknown RDF file type '.ttl'; expected one of .nq, .trig
    """
    path = Path(path)
    rdf_format(path, DATASET_FORMATS)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DataError("folder does not exist", path=str(folder))
    if path.is_dir():
        raise DataError("is a folder, not a file", path=str(path))
    return path


@dataclass(frozen=True)
class DatasetUpdate:
    """What :func:`add_to_dataset_file` did: the plan added, whether it replaced an
    earlier version, and the dataset's size afterwards."""

    path: Path
    plan: PlanInfo
    replaced: bool
    plans: int
    quads: int


def add_to_dataset_file(path: str | Path, source, *, quiet: bool = False) -> DatasetUpdate:
    """Add one plan to the dataset file ``path`` (``.nq`` or ``.trig``; created when missing).

    ``source``: as for :func:`add_plan` (e.g. ``build_plan().graph``). An earlier version
    of the same plan is replaced: its graph goes, and with it the organisations only it
    named. The file is read, changed and written back atomically under a lock
    (``.<name>.lock`` next to it), so two builds into one dataset never lose a plan;
    a malformed dataset file raises :class:`DataError` with its line and is left as it
    was. Reading and writing a large file show progress on a terminal (not with ``quiet``).

    >>> import tempfile, pathlib
    >>> from suchenggraph.resources import default_plan
    >>> scratch = tempfile.TemporaryDirectory()
    >>> target = pathlib.Path(scratch.name) / "plans.nq"
    >>> add_to_dataset_file(target, default_plan(), quiet=True).replaced
    False
    >>> again = add_to_dataset_file(target, default_plan(), quiet=True)
    >>> again.replaced, again.plans, again.plan.id
    (True, 1, 'sucheng-digital-economy-2022-2024')
    >>> scratch.cleanup()
    """
    return add_all_to_dataset_file(path, [source], quiet=quiet)[0]


def add_all_to_dataset_file(path: str | Path, sources, *,
                            quiet: bool = False) -> list[DatasetUpdate]:
    """:func:`add_to_dataset_file` for several plans (the plans one notice issues): all
    of them or none. Every plan is split before the file is touched, and the file is
    written once, so a failure leaves the dataset as it was."""
    path = check_dataset_path(path)
    pieces = [s if isinstance(s, PlanParts) else split_plan(s) for s in sources]
    with FileLock(path):
        if path.exists():
            store = read_dataset(path, progress=Progress(enabled=False) if quiet else None)
        else:
            store = new_dataset()
        added = []
        for parts in pieces:
            replaced = store.contains_named_graph(ox.NamedNode(parts.plan_iri))
            if replaced:
                remove_plan(store, parts.id)
            added.append((add_plan(store, parts), replaced))
        plans = len(list_plans(store))
        write_dataset(store, path, progress=Progress(enabled=False) if quiet else None)
        return [DatasetUpdate(path, info, replaced, plans, len(store))
                for info, replaced in added]


def read_dataset(path: str | Path, store=None, *, progress=None):
    """Load a dataset file (``.nq`` or ``.trig``) into ``store`` (default: a new in-memory one).

    Into a new store, an N-Quads file is read in pieces, one transaction each
    (Oxigraph's transactional ``load`` fills a memory store faster than its bulk
    loader: ``python bench/scale.py``; whole if it holds blank nodes, which
    Oxigraph renames per call), showing the progress on a terminal
    (:class:`suchenggraph.engines.bulk.Progress`); into an existing store, the load is
    one transaction. A malformed file raises :class:`DataError` with its line,
    and nothing is loaded into an existing store.
    """
    path = Path(path)
    fmt = rdf_format(path, DATASET_FORMATS)
    if not path.is_file():
        raise DataError("no such file", path=str(path))
    if store is not None:  # one transaction: all or nothing
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise parse_failure(exc, str(path)) from None
        return store
    store = new_dataset()
    progress = progress if progress is not None else Progress(path.stat().st_size)
    lines = done = 0
    try:
        for piece in file_pieces(path):
            try:
                if piece.data is None:  # whole: TriG, or N-Quads with blank nodes
                    store.load(path=str(path), format=fmt)
                else:
                    store.load(input=piece.data, format=ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as exc:
                raise piece_error(exc, piece, "cannot parse") from None
            lines = lines + piece.lines if piece.lines else len(store)
            done += piece.consumed
            progress.update(lines, done)
    except OSError as exc:
        progress.abort()
        raise parse_failure(exc, str(path)) from None
    except BaseException:
        progress.abort()
        raise
    if progress.enabled:
        progress.finish(f"read {len(store):,} quads from {path}")
    return store
