"""What a plan is in a dataset of many: its graphs, its IRIs, and the query that lists them.

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
:func:`split_plan` puts each triple of a plan in its graph; :data:`PLANS_QUERY`,
:func:`list_plans`, :func:`find_plan` and :func:`plans_of` tell which plans a store, a
dataset or an endpoint holds. Every engine over many plans (:mod:`.dataset`,
:mod:`.persist`, :mod:`.endpoint`) builds on this module; it imports no engine.

>>> from suchenggraph.resources import default_plan
>>> parts = split_plan(default_plan())
>>> parts.id, parts.government
('sucheng-digital-economy-2022-2024', 'sucheng')
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataError, NameNotFound
from .bulk import parser_message

#: The same as :data:`suchenggraph.vocab.BASE` (not imported: that would load rdflib).
BASE = "https://w3id.org/suchenggraph/"

__all__ = [
    "PLAN_BASE",
    "ORG_BASE",
    "AUTHORITY",
    "DATASET_FORMATS",
    "PLANS_QUERY",
    "PlanInfo",
    "PlanParts",
    "org_graph_iri",
    "plan_iri_for",
    "rdf_format",
    "parse_failure",
    "split_plan",
    "plans_from_rows",
    "list_plans",
    "find_plan",
    "scope",
    "plans_of",
]

PLAN_BASE = BASE + "plan/"
ORG_BASE = BASE + "org/"
SG = BASE + "ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GOVERNMENT = SG + "government"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The predicates of an organisation's authority facts, kept in its government's graph;
#: anything else said about an organisation belongs to the plan that says it.
AUTHORITY = frozenset({
    _RDF_TYPE, _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "hiddenLabel",
    SG + "slug", GOVERNMENT, "http://www.w3.org/ns/org#subOrganizationOf",
    "http://www.w3.org/ns/org#classification",
})
DATASET_FORMATS = {".nq": "N_QUADS", ".trig": "TRIG"}
_GRAPH_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".xml": "RDF_XML",
                   ".n3": "N3", ".jsonld": "JSON_LD", **DATASET_FORMATS}


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


def rdf_format(path: Path, table=None):
    """The Oxigraph format of ``path`` by its suffix, one of ``table`` (default: any graph
    or dataset file); an unknown suffix raises :class:`DataError`."""
    name = (table or _GRAPH_SUFFIXES).get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(table or _GRAPH_SUFFIXES))
        raise DataError(f"unknown RDF file type {path.suffix or '(none)'!r}; expected one of "
                        f"{known}", path=str(path))
    return getattr(ox.RdfFormat, name)


def parse_failure(exc: BaseException, path: str | None) -> DataError:
    """Oxigraph's parser error ``exc`` as a :class:`DataError` naming ``path`` and the line."""
    return DataError(f"cannot parse: {parser_message(exc)}", path=path,
                     line=getattr(exc, "lineno", None))


def _quads_of(source) -> tuple[list, str | None]:
    """The quads of ``source``: an rdflib Graph, a path, or an iterable of pyoxigraph quads."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise DataError("no such file", path=str(path))
        try:
            return list(ox.parse(path=str(path), format=rdf_format(path))), str(path)
        except (SyntaxError, ValueError, OSError) as exc:
            raise parse_failure(exc, str(path)) from None
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
                    if q.predicate.value == _RDF_TYPE and q.object.value == SG + "Plan"
                    and isinstance(q.subject, ox.NamedNode)})
    if len(plans) != 1:
        what = "no sg:Plan" if not plans else f"{len(plans)} plans ({', '.join(plans)})"
        raise DataError(f"a plan graph must describe exactly one sg:Plan; this one has {what}"
                        + ("; read a dataset of many plans with read_dataset" if plans else ""),
                        path=where)
    plan = plans[0]
    government = next((q.object.value for q in quads
                       if q.subject.value == plan and q.predicate.value == GOVERNMENT), None)
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


# --------------------------------------------------------------------------- which plans


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
    SPARQL 1.1 Protocol, see :mod:`suchenggraph.engines.endpoint`).

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


def plans_of(engine) -> list[PlanInfo]:
    """Every plan ``engine`` holds: a dataset's or an endpoint's plans, or the ``sg:Plan``
    of a single graph file (none for a file that declares no plan).

    >>> from suchenggraph.engines.factory import open_engine
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
