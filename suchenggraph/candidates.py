"""Where the things a user can name come from: :class:`~suchenggraph.naming.Candidate`
lists read from an Oxigraph store (the command line's fast path: no rdflib import), an
rdflib graph, the rows of :data:`CANDIDATES_QUERY` from any engine, or a NetworkX graph.
"""

from __future__ import annotations

from .naming import KINDS, Candidate

__all__ = [
    "CANDIDATES_QUERY",
    "candidates_query",
    "from_rows",
    "candidates_from_graph",
    "candidates_from_store",
    "candidates_from_networkx",
]

_LANG_ORDER = {"en": 0, "zh-hans": 1, "zh-hant": 2}


def _make(iri: str, kind: str, number, pref: dict[str, str], alts) -> Candidate:
    labels = [pref[k] for k in ("en", "zh-hans", "zh-hant") if pref.get(k)]
    for alt in alts:
        if alt not in labels:
            labels.append(alt)
    return Candidate(iri, kind, int(number) if number is not None else None, tuple(labels))


def candidates_from_networkx(G) -> list[Candidate]:
    """Candidates from a :func:`suchenggraph.projection.to_networkx` graph.

    Uses the nodes' ``label_en``, ``label_zh_hans``, ``label_zh_hant``, ``number`` and,
    where the projection provides them, ``aliases`` (``skos:altLabel`` and
    ``skos:hiddenLabel``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:o", kind="organisation", label_en="Bureau of Commerce",
    ...            label_zh_hans="区商务局", label_zh_hant="區商務局")
    >>> G.add_node("urn:t", kind="target", label_zh_hans="x")
    >>> candidates_from_networkx(G)
    [Candidate(iri='urn:o', kind='organisation', number=None, labels=('Bureau of Commerce', '区商务局', '區商務局'))]
    """
    out = []
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("kind")
        if kind not in KINDS:
            continue
        pref = {"en": attrs.get("label_en"), "zh-hans": attrs.get("label_zh_hans"),
                "zh-hant": attrs.get("label_zh_hant")}
        out.append(_make(str(node), kind, attrs.get("number"), pref, attrs.get("aliases") or ()))
    return out


#: Standard SPARQL 1.1: every nameable thing with its labels (one row per label).
CANDIDATES_QUERY = """\
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?class ?number ?prop ?label WHERE {
  VALUES ?class { %s }
  ?thing a ?class .
  OPTIONAL { ?thing sg:number ?number }
  OPTIONAL {
    VALUES ?prop { skos:prefLabel skos:altLabel skos:hiddenLabel }
    ?thing ?prop ?label
  }
}"""

_KIND_CLASS = {"organisation": "org:Organization", "task": "sg:Task", "indicator": "sg:Indicator",
               "platform": "sg:Platform", "area": "sg:ActionArea"}

_CLASS_KIND = {
    "http://www.w3.org/ns/org#Organization": "organisation",
    "https://w3id.org/suchenggraph/ontology#Task": "task",
    "https://w3id.org/suchenggraph/ontology#Indicator": "indicator",
    "https://w3id.org/suchenggraph/ontology#Platform": "platform",
    "https://w3id.org/suchenggraph/ontology#ActionArea": "area",
}


def from_rows(rows) -> list[Candidate]:
    """rows: (iri, class iri, number or None, property iri or None, label, lang)."""
    things: dict[tuple[str, str], dict] = {}
    for iri, cls, number, prop, label, lang in rows:
        kind = _CLASS_KIND.get(cls)
        if kind is None:
            continue
        entry = things.setdefault((iri, kind), {"number": None, "pref": {}, "alts": []})
        if number is not None:
            entry["number"] = number
        if label is None:
            continue
        if prop is not None and prop.endswith("#prefLabel"):
            key = (lang or "").lower()
            if key in _LANG_ORDER:
                current = entry["pref"].get(key)
                if current is None or label < current:
                    entry["pref"][key] = label
                continue
        entry["alts"].append(label)
    out = [_make(iri, kind, e["number"], e["pref"], sorted(set(e["alts"])))
           for (iri, kind), e in things.items()]
    out.sort(key=lambda c: (KINDS.index(c.kind), c.number or 0, c.iri))
    return out


def candidates_query(kinds=None) -> str:
    """The candidates query for ``kinds`` (default all); classes come from a fixed table."""
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = [k for k in KINDS if kinds is None or k in kinds]
    return CANDIDATES_QUERY % " ".join(_KIND_CLASS[k] for k in chosen)


def candidates_from_graph(graph, kinds=None) -> list[Candidate]:
    """Candidates from an rdflib graph (or anything with the rdflib ``query`` API), of
    ``kinds`` (default: all).

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... <urn:o> a org:Organization ; skos:prefLabel "区城市管理局"@zh-Hans, "Urban Management Bureau"@en ;
    ...     skos:altLabel "区城管局"@zh-Hans .''')
    >>> candidates_from_graph(g)[0].labels
    ('Urban Management Bureau', '区城市管理局', '区城管局')
    """
    rows = []
    for r in graph.query(candidates_query(kinds)):
        label = r.label
        rows.append((str(r.thing), str(r["class"]), None if r.number is None else int(r.number),
                     None if r.prop is None else str(r.prop),
                     None if label is None else str(label),
                     None if label is None else label.language))
    return from_rows(rows)


def candidates_from_store(store, kinds=None) -> list[Candidate]:
    """Candidates from a ``pyoxigraph.Store`` (the CLI's fast path: no rdflib import), of
    ``kinds`` (default: all).

    >>> import pyoxigraph as ox
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("urn:t"), ox.NamedNode(
    ...     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(
    ...     "https://w3id.org/suchenggraph/ontology#Task")))
    >>> s.add(ox.Quad(ox.NamedNode("urn:t"), ox.NamedNode(
    ...     "https://w3id.org/suchenggraph/ontology#number"), ox.Literal(
    ...     "7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    >>> candidates_from_store(s)
    [Candidate(iri='urn:t', kind='task', number=7, labels=())]
    """
    rows = []
    for sol in store.query(candidates_query(kinds)):
        number, prop, label = sol["number"], sol["prop"], sol["label"]
        rows.append((sol["thing"].value, sol["class"].value,
                     None if number is None else int(number.value),
                     None if prop is None else prop.value,
                     None if label is None else label.value,
                     None if label is None else label.language))
    return from_rows(rows)
