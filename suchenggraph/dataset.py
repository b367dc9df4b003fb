"""Many plans side by side: an RDF dataset with one named graph per plan.

A dataset holds two kinds of named graph, and every triple lives in exactly one:

* **the plan graph**, named by the plan's IRI (``?p a sg:Plan``, e.g.
  ``https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024``):
  everything the plan says (tasks, targets, indicators, platforms, sources, and
  the links from its tasks to organisations);
* **the government's organisation graph**, named
  ``https://w3id.org/suchenggraph/org/<government>``: the authority facts about
  that government's organisations (:data:`AUTHORITY`: types, labels, aliases, slug,
  government, parent body). Organisation IRIs are minted per government, so one
  district's 商务局 is one node, described once, however many of that district's
  plans name it; another government's 商务局 is another node in another graph.
  What a plan *says* about an organisation (where a leading group's office is
  hosted, a centre's purpose, the group's posts, its source span) stays in that
  plan's graph, so replacing or removing a plan removes its assertions and
  nothing else.

Because no triple is stored twice, the union of the graphs is a plain set on
every engine (Oxigraph, Virtuoso, Jena and GraphDB differ on whether a union
default graph removes duplicates): counts across plans come out right anywhere.

A query over *all* plans reads the union of the graphs; a query over *one* plan
reads its plan graph and its government's organisation graph (:func:`scope`).

Datasets are written as sorted N-Quads or TriG (byte-identical for the same
content) and read back into a ``pyoxigraph.Store``.

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

import dataclasses
import difflib
import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from .bulk import FileLock, Progress, file_pieces, parser_message, piece_error
from .errors import DataError, NameNotFound, UsageError
from .graphio import open_output
from .store import OxigraphEngine

#: The same as :data:`suchenggraph.vocab.BASE` (not imported: that would load rdflib).
BASE = "https://w3id.org/suchenggraph/"

__all__ = [
    "PLAN_BASE",
    "ORG_BASE",
    "AUTHORITY",
    "PlanInfo",
    "PlanParts",
    "org_graph_iri",
    "plan_iri_for",
    "split_plan",
    "new_dataset",
    "add_plan",
    "remove_plan",
    "list_plans",
    "find_plan",
    "scope",
    "ScopedStore",
    "DatasetEngine",
    "open_dataset_engine",
    "plans_of",
    "dataset_nquads",
    "dataset_trig",
    "write_dataset",
    "read_dataset",
    "DatasetUpdate",
    "check_dataset_path",
    "add_to_dataset_file",
    "PLANS_QUERY",
    "copy_plan_id",
    "remint",
    "Reminter",
]

PLAN_BASE = BASE + "plan/"
ORG_BASE = BASE + "org/"
_SG = BASE + "ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_GOVERNMENT = _SG + "government"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The predicates of an organisation's authority facts, kept in its government's graph;
#: anything else said about an organisation belongs to the plan that says it.
AUTHORITY = frozenset({
    _RDF_TYPE, _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "hiddenLabel",
    _SG + "slug", _GOVERNMENT, "http://www.w3.org/ns/org#subOrganizationOf",
    "http://www.w3.org/ns/org#classification",
})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATASET_SUFFIXES = {".nq": "N_QUADS", ".trig": "TRIG"}
_GRAPH_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".xml": "RDF_XML",
                   ".n3": "N3", ".jsonld": "JSON_LD", **_DATASET_SUFFIXES}


def org_graph_iri(government: str) -> str:
    """The named graph that describes ``government``'s organisations.

    >>> org_graph_iri("sucheng")
    'https://w3id.org/suchenggraph/org/sucheng'
    """
    return ORG_BASE + government


def plan_iri_for(plan_id: str) -> str:
    """The plan IRI (and graph name) of a plan id.

    >>> plan_iri_for("sucheng-digital-economy-2022-2024")
    'https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024'
    """
    return PLAN_BASE + plan_id


def _org_government(iri: str) -> str | None:
    """``sucheng`` for ``.../org/sucheng/commerce-bureau`` (and its posts); else ``None``."""
    if not iri.startswith(ORG_BASE):
        return None
    rest = iri[len(ORG_BASE):]
    government, sep, _ = rest.partition("/")
    return government if sep and government else None


@dataclass(frozen=True)
class PlanInfo:
    """One plan in a dataset: its id, IRI (= its graph's name), government and titles."""

    id: str
    iri: str
    government: str
    org_graph: str
    title_zh_hans: str | None = None
    title_en: str | None = None
    identifier: str | None = None
    triples: int | None = None
    #: the organisation graphs of the other governments whose units the plan names
    other_org_graphs: tuple[str, ...] = ()

    @property
    def graph(self) -> str:
        return self.iri

    @property
    def graphs(self) -> list[str]:
        """The graphs a question about this plan reads: its own, its government's
        organisation graph, and those of the other governments it names units of."""
        return [self.iri, self.org_graph, *self.other_org_graphs]

    def as_row(self) -> dict:
        return {"plan": self.id, "government": self.government, "identifier": self.identifier,
                "title_zh_hans": self.title_zh_hans, "title_en": self.title_en,
                "triples": self.triples, "iri": self.iri}


@dataclass
class PlanParts:
    """A plan's quads split over its plan graph and its organisation graph(s)."""

    plan_iri: str
    government: str
    quads: list  # pyoxigraph Quads, each with its graph name set

    @property
    def id(self) -> str:
        return self.plan_iri[len(PLAN_BASE):] if self.plan_iri.startswith(PLAN_BASE) \
            else self.plan_iri

    def nquads(self) -> bytes:
        return ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS)


# --------------------------------------------------------------------------- reading one plan


def _format(path: Path, table=None):
    name = (table or _GRAPH_SUFFIXES).get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(table or _GRAPH_SUFFIXES))
        raise DataError(f"unknown RDF file type {path.suffix or '(none)'!r}; expected one of "
                        f"{known}", path=str(path))
    return getattr(ox.RdfFormat, name)


def _parse_error(exc: BaseException, path: str | None) -> DataError:
    return DataError(f"cannot parse: {parser_message(exc)}", path=path,
                     line=getattr(exc, "lineno", None))


def _quads_of(source) -> tuple[list, str | None]:
    """The quads of ``source``: an rdflib Graph, a path, or an iterable of pyoxigraph quads."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise DataError("no such file", path=str(path))
        try:
            return list(ox.parse(path=str(path), format=_format(path))), str(path)
        except (SyntaxError, ValueError, OSError) as exc:
            raise _parse_error(exc, str(path)) from None
    if hasattr(source, "serialize") and hasattr(source, "triples"):  # an rdflib graph
        # through Turtle, as `build` writes it: the same lexical forms (decimals as 15.0)
        data = source.serialize(format="turtle", encoding="utf-8")
        return list(ox.parse(input=data, format=ox.RdfFormat.TURTLE)), None
    return list(source), None


def split_plan(source) -> PlanParts:
    """Read one plan and put each triple in its graph (see the module docstring).

    ``source`` is an rdflib Graph, a file (Turtle, N-Triples, N-Quads, TriG, ...)
    or pyoxigraph quads. The graph names in a dataset file are ignored: what
    counts is the one ``sg:Plan`` in it.

    >>> from suchenggraph.resources import default_plan
    >>> parts = split_plan(default_plan())
    >>> sorted({q.graph_name.value for q in parts.quads})
    ['https://w3id.org/suchenggraph/org/sucheng', 'https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024']
    """
    quads, where = _quads_of(source)
    plans = sorted({q.subject.value for q in quads
                    if q.predicate.value == _RDF_TYPE and q.object.value == _SG + "Plan"
                    and isinstance(q.subject, ox.NamedNode)})
    if len(plans) != 1:
        what = "no sg:Plan" if not plans else f"{len(plans)} plans ({', '.join(plans)})"
        raise DataError(f"a plan graph must describe exactly one sg:Plan; this one has {what}"
                        + ("; read a dataset of many plans with read_dataset" if plans else ""),
                        path=where)
    plan = plans[0]
    government = next((q.object.value for q in quads
                       if q.subject.value == plan and q.predicate.value == _GOVERNMENT), None)
    if government is None:
        government = next((g for g in (_org_government(q.subject.value) for q in quads) if g),
                          None) or (plan[len(PLAN_BASE):] if plan.startswith(PLAN_BASE) else None)
    if not government:
        raise DataError(f"cannot tell which government plan {plan} belongs to "
                        "(no sg:government)", path=where)
    plan_graph = ox.NamedNode(plan)
    org_graphs: dict[str, object] = {}
    out = []
    for q in quads:
        gov = _org_government(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
        if gov is not None and (q.predicate.value not in AUTHORITY
                                or "/post/" in q.subject.value):
            gov = None  # what this plan says about the organisation (or a post of it)
        if gov is None:
            graph = plan_graph
        else:
            graph = org_graphs.get(gov)
            if graph is None:
                graph = org_graphs[gov] = ox.NamedNode(org_graph_iri(gov))
        out.append(ox.Quad(q.subject, q.predicate, q.object, graph))
    return PlanParts(plan, government, out)


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


_PLAN_PATTERN = """\
    ?plan a sg:Plan .
    OPTIONAL { ?plan sg:government ?government }
    OPTIONAL { ?plan sg:otherGovernment ?other }
    OPTIONAL { ?plan dcterms:title ?title_zh_hans . FILTER(LANGMATCHES(LANG(?title_zh_hans), "zh-Hans")) }
    OPTIONAL { ?plan dcterms:title ?title_en . FILTER(LANGMATCHES(LANG(?title_en), "en")) }
    OPTIONAL { ?plan dcterms:identifier ?identifier . FILTER(LANGMATCHES(LANG(?identifier), "zh-Hans")) }
"""
_PLANS_HEAD = """\
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?plan ?government ?other ?title_zh_hans ?title_en ?identifier WHERE {
"""
#: The plans of a dataset: each in its own graph.
PLANS_QUERY = _PLANS_HEAD + "  GRAPH ?plan {\n" + _PLAN_PATTERN + "  }\n}"
#: The plan of a single graph file (no named graphs).
_FILE_PLANS_QUERY = _PLANS_HEAD + _PLAN_PATTERN + "}"


def _info(row: dict, triples: int | None = None) -> PlanInfo:
    plan = row["plan"]
    plan_id = plan[len(PLAN_BASE):] if plan.startswith(PLAN_BASE) else plan
    government = row.get("government") or plan_id
    return PlanInfo(plan_id, plan, government, org_graph_iri(government),
                    row.get("title_zh_hans"), row.get("title_en"), row.get("identifier"),
                    triples)


def plans_from_rows(rows) -> list[PlanInfo]:
    """:class:`PlanInfo` for each row of the plans query (``plan``, ``government``, titles;
    one row per other government the plan names units of, in ``other``)."""
    seen: dict[str, PlanInfo] = {}
    others: dict[str, set[str]] = {}
    for row in rows:
        info = _info(row)
        seen.setdefault(info.iri, info)
        if row.get("other"):
            others.setdefault(info.iri, set()).add(org_graph_iri(row["other"]))
    return sorted((dataclasses.replace(p, other_org_graphs=tuple(sorted(others.get(p.iri, ()))))
                   for p in seen.values()), key=lambda p: p.id)


def list_plans(store, *, counts: bool = False) -> list[PlanInfo]:
    """The plans in a dataset, by id; ``counts`` adds each plan graph's triple count."""
    rows = []
    for s in store.query(PLANS_QUERY):
        rows.append({k: (None if s[k] is None else s[k].value)
                     for k in ("plan", "government", "other", "title_zh_hans", "title_en",
                               "identifier")})
    plans = plans_from_rows(rows)
    if counts:
        plans = [PlanInfo(p.id, p.iri, p.government, p.org_graph, p.title_zh_hans, p.title_en,
                          p.identifier,
                          sum(1 for _ in store.quads_for_pattern(None, None, None,
                                                                 ox.NamedNode(p.iri))),
                          p.other_org_graphs)
                 for p in plans]
    return plans


def find_plan(store_or_plans, plan: str, *, where: str | None = None) -> PlanInfo:
    """The plan named by its id or IRI; an unknown plan raises :class:`NameNotFound`
    (saying the plan is not in ``where``, default "the dataset").

    >>> p = PlanInfo("a-2022", PLAN_BASE + "a-2022", "a", org_graph_iri("a"))
    >>> find_plan([p], PLAN_BASE + "a-2022").id
    'a-2022'
    >>> find_plan([p], "a-2023")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.NameNotFound: no plan 'a-2023' in the dataset (1 plan: a-2022); did you mean 'a-2022'?
    """
    plans = store_or_plans if isinstance(store_or_plans, list) else list_plans(store_or_plans)
    text = plan.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    for p in plans:
        if text in (p.id, p.iri):
            return p
    ids = [p.id for p in plans]
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    noun = "plan" if len(ids) == 1 else "plans"
    raise NameNotFound(f"no plan {plan!r} in {where or 'the dataset'} ({len(ids)} {noun}: "
                       f"{shown or 'none'})",
                       suggestions=difflib.get_close_matches(text, ids, n=3, cutoff=0.6))


def scope(store_or_plans, plan: str | None = None) -> dict:
    """Keyword arguments for ``Store.query`` that make the query read one plan or all.

    ``None`` or ``"all"``: the union of every graph. A plan id or IRI: its plan
    graph plus its government's organisation graph, as the default graph and as
    the only named graphs (as ``default-graph-uri`` and ``named-graph-uri`` do over
    SPARQL 1.1 Protocol, see :mod:`suchenggraph.endpoint`).

    >>> scope([], "all")
    {'use_default_graph_as_union': True}
    >>> p = PlanInfo("a-2022", PLAN_BASE + "a-2022", "a", org_graph_iri("a"))
    >>> [g.value for g in scope([p], "a-2022")["default_graph"]]
    ['https://w3id.org/suchenggraph/plan/a-2022', 'https://w3id.org/suchenggraph/org/a']
    """
    if plan is None or plan == "all":
        return {"use_default_graph_as_union": True}
    info = find_plan(store_or_plans, plan)
    graphs = [ox.NamedNode(g) for g in info.graphs]
    return {"default_graph": graphs, "named_graphs": list(graphs)}


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
        if path.suffix.lower() in _DATASET_SUFFIXES:
            store = read_dataset(path)
        else:
            store = new_dataset()
            add_plan(store, path)
        return DatasetEngine(store, plan, path=str(path))
    return DatasetEngine(source, plan)


def plans_of(engine) -> list[PlanInfo]:
    """Every plan ``engine`` holds: a dataset's or an endpoint's plans, or the ``sg:Plan``
    of a single graph file (none for a file that declares no plan).

    >>> from suchenggraph.store import open_engine
    >>> [(p.id, p.government) for p in plans_of(open_engine())]
    [('sucheng-digital-economy-2022-2024', 'sucheng')]
    """
    plans = getattr(engine, "plans", None)
    if callable(plans):  # an endpoint: asks it
        return plans()
    if plans is not None:  # a dataset engine
        return list(plans)
    # our own query: no need for the read-only check
    return plans_from_rows(engine.select(_FILE_PLANS_QUERY, read_only=False).rows)


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
    from rdflib import Graph

    from .vocab import bind_prefixes

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
    time left``; :class:`suchenggraph.bulk.Progress`), and is quiet when piped.
    """
    path = Path(path)
    _format(path, _DATASET_SUFFIXES)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DataError("folder does not exist", path=str(folder))
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
    _format(path, _DATASET_SUFFIXES)
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
    path = check_dataset_path(path)
    parts = source if isinstance(source, PlanParts) else split_plan(source)
    with FileLock(path):
        if path.exists():
            store = read_dataset(path, progress=Progress(enabled=False) if quiet else None)
        else:
            store = new_dataset()
        replaced = store.contains_named_graph(ox.NamedNode(parts.plan_iri))
        if replaced:
            remove_plan(store, parts.id)
        info = add_plan(store, parts)
        plans = len(list_plans(store))
        write_dataset(store, path, progress=Progress(enabled=False) if quiet else None)
        return DatasetUpdate(path, info, replaced, plans, len(store))


def read_dataset(path: str | Path, store=None, *, progress=None):
    """Load a dataset file (``.nq`` or ``.trig``) into ``store`` (default: a new in-memory one).

    Into a new store, an N-Quads file is read in pieces, one transaction each
    (Oxigraph's transactional ``load`` fills a memory store faster than its bulk
    loader: ``python bench/scale.py``; whole if it holds blank nodes, which
    Oxigraph renames per call), showing the progress on a terminal
    (:class:`suchenggraph.bulk.Progress`); into an existing store, the load is
    one transaction. A malformed file raises :class:`DataError` with its line,
    and nothing is loaded into an existing store.
    """
    path = Path(path)
    fmt = _format(path, _DATASET_SUFFIXES)
    if not path.is_file():
        raise DataError("no such file", path=str(path))
    if store is not None:  # one transaction: all or nothing
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise _parse_error(exc, str(path)) from None
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
        raise _parse_error(exc, str(path)) from None
    except BaseException:
        progress.abort()
        raise
    if progress.enabled:
        progress.finish(f"read {len(store):,} quads from {path}")
    return store


# --------------------------------------------------------------------------- re-minting


def copy_plan_id(plan_id: str, k: int) -> str:
    """The id of copy ``k`` of a plan.

    >>> copy_plan_id("sucheng-digital-economy-2022-2024", 7)
    'sucheng-digital-economy-2022-2024-copy-7'
    """
    return f"{plan_id}-copy-{k}"


def _check_slug(what: str, value: str) -> str:
    if not _SLUG.match(value):
        raise UsageError(f"{what} {value!r} must be lower-case letters, digits and '-'")
    return value


def _renamer(plan_iri: str, government: str, new_plan_iri: str, new_government: str):
    old_org, new_org = ORG_BASE + government, ORG_BASE + new_government

    def rename(value: str) -> str:
        if value == plan_iri or value.startswith(plan_iri + "/"):
            return new_plan_iri + value[len(plan_iri):]
        if new_government != government and (value == old_org or
                                             value.startswith(old_org + "/")):
            return new_org + value[len(old_org):]
        return value

    return rename


def remint(source, k: int, *, government: str | None = None, plan_id: str | None = None):
    """Copy ``k`` of a plan as an rdflib Graph: the same facts under new IRIs.

    The plan IRI and every IRI under it get the new plan id (default
    ``<id>-copy-<k>``); with ``government``, the organisation IRIs move to that
    government (and ``sg:government``, the key those IRIs are minted from, says so).
    Nothing else changes: labels, texts, numbers and structure stay as they are.

    >>> from suchenggraph.resources import default_plan
    >>> g = remint(default_plan(), 5, government="suyu")
    >>> from rdflib import URIRef
    >>> task = URIRef(PLAN_BASE + "sucheng-digital-economy-2022-2024-copy-5/task/2")
    >>> [str(o) for o in g.objects(task, URIRef(BASE + "ontology#lead"))]
    ['https://w3id.org/suchenggraph/org/suyu/commerce-bureau']
    """
    from rdflib import Graph, Literal, URIRef

    from .vocab import bind_prefixes

    parts = split_plan(source)
    old_id = parts.id
    new_id = _check_slug("plan id", plan_id or copy_plan_id(old_id, k))
    new_gov = _check_slug("government", government) if government else parts.government
    rename = _renamer(parts.plan_iri, parts.government, plan_iri_for(new_id), new_gov)

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(rename(t.value))
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == _XSD_STRING:
                return Literal(t.value)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        from rdflib import BNode

        return BNode(t.value)

    out = bind_prefixes(Graph())
    for q in parts.quads:
        o = q.object
        if q.predicate.value == _GOVERNMENT and getattr(o, "value", None) == parts.government:
            out.add((term(q.subject), URIRef(_GOVERNMENT), Literal(new_gov)))
            continue
        out.add((term(q.subject), URIRef(q.predicate.value), term(o)))
    return out


class Reminter:
    """Fast copies of one plan as N-Quads text, for loading thousands of plans.

    The plan is split once into a template where the plan IRI and the government
    stand as placeholders inside IRIs (and in the ``sg:government`` literal);
    each copy is then two string replacements. :meth:`nquads` gives exactly the
    quads of ``split_plan(remint(plan, k, government=...))``.

    >>> from suchenggraph.resources import default_plan
    >>> r = Reminter(default_plan())
    >>> text = r.nquads(3, government="suyu")
    >>> text.count("\\n") == r.quads
    True
    >>> "/plan/sucheng-digital-economy-2022-2024-copy-3/task/2>" in text
    True
    """

    _P, _G = "\x00P\x00", "\x00G\x00"

    def __init__(self, source):
        parts = split_plan(source)
        self.plan_id = parts.id
        self.government = parts.government
        plan, old_org = parts.plan_iri, ORG_BASE + parts.government
        lines = []

        def iri(value: str) -> str:
            if value == plan or value.startswith(plan + "/"):
                value = self._P + value[len(plan):]
            elif value == old_org or value.startswith(old_org + "/"):
                value = ORG_BASE + self._G + value[len(old_org):]
            return "<" + value + ">"

        for q in parts.quads:
            terms = []
            for t in (q.subject, q.predicate, q.object, q.graph_name):
                if isinstance(t, ox.NamedNode):
                    terms.append(iri(t.value))
                elif (isinstance(t, ox.Literal) and q.predicate.value == _GOVERNMENT
                      and t.value == parts.government):
                    terms.append('"' + self._G + '"')
                else:
                    text = str(t)
                    if "\x00" in text:  # pragma: no cover - N-Quads escapes control characters
                        raise DataError("a literal holds a NUL character; cannot template it")
                    terms.append(text)
            lines.append(" ".join(terms) + " .\n")
        lines.sort()
        self.template = "".join(lines)
        self.quads = len(lines)

    def nquads(self, k: int, *, government: str | None = None,
               plan_id: str | None = None) -> str:
        """Copy ``k`` as N-Quads (``k`` = 0 with no government is the plan itself)."""
        new_id = plan_id or (self.plan_id if k == 0 else copy_plan_id(self.plan_id, k))
        gov = government or self.government
        return (self.template.replace(self._P, PLAN_BASE + new_id)
                .replace(self._G, gov))
