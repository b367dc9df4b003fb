"""Exports: take the graph into Gephi, Cytoscape, yEd, a spreadsheet or a script.

Two networks can be exported: ``plan`` (the whole projection of
:func:`~suchenggraph.projection.to_networkx`: organisations, tasks,
indicators, platforms, areas, targets, goals and their typed edges) and
``coordination`` (organisations linked by shared tasks, weighted by their
number; only organisations that take part in a task).

=========  ==========================================================
format     what
=========  ==========================================================
graphml    GraphML (Gephi, Cytoscape, yEd)
gexf       GEXF 1.2 (Gephi)
json       node-link JSON (networkx ``node_link_data`` layout; d3)
matrix     the organisation x organisation coordination matrix as CSV
           (cells: shared tasks; UTF-8 with a byte-order mark for Excel)
=========  ==========================================================

GraphML and GEXF hold only scalar attributes, so the exported copy turns
lists into ``"; "``-joined strings, decimals into floats and drops ``None``;
every node gets a ``label`` in the chosen language, every edge a unique id
and its ``kind``. The output is deterministic: the same graph gives the same
bytes (GEXF's ``lastmodifieddate`` is left out for that reason).

>>> from suchenggraph.projection import example_graph
>>> sorted(FORMATS)
['gexf', 'graphml', 'json', 'matrix']
>>> export(example_graph(), "matrix", lang="zh-Hans").splitlines()[1]
'区工业和信息化局,0,0,1,0'
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import networkx as nx

from .analyses import workload
from .graphwalk import LANGS, active_network
from .projection import label

__all__ = ["FORMATS", "NETWORKS", "export", "scalar_copy", "to_graphml", "to_gexf",
           "to_node_link", "coordination_matrix", "network"]

#: format -> the file extension it is written with.
FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "matrix": ".csv"}
#: The networks that can be exported.
NETWORKS = ("plan", "coordination")


def _check(lang: str, net: str | None = None) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    if net is not None and net not in NETWORKS:
        raise ValueError(f"unknown network {net!r}: use one of {', '.join(NETWORKS)}")


def network(G, which: str = "plan"):
    """The network to export: ``G`` itself, or its coordination network.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> C = network(example_graph(), "coordination")
    >>> C.number_of_nodes(), C.number_of_edges(), C.edges["org/commerce", "org/science"]["tasks"]
    (4, 4, [1])
    """
    _check("en", which)
    if which == "plan":
        return G
    C = active_network(G)
    C.graph.update(G.graph)
    C.graph["network"] = "coordination"
    return C


def _scalar(value):
    """A value GraphML / GEXF can hold, or None to drop it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(_scalar(v)) for v in items if v is not None)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def scalar_copy(G, *, lang: str = "en"):
    """A copy of ``G`` with scalar attributes only, a ``label`` per node and unique edge ids.

    A multigraph keeps its parallel edges (ids ``e0``, ``e1`` ...; the edge
    kind stays in ``kind``).

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> S = scalar_copy(example_graph(), lang="zh-Hant")
    >>> S.nodes["org/commerce"]["label"], S.nodes["task/1/target/1"]["value"]
    ('區商務局', 450.0)
    >>> "aliases" in S.nodes["org/commerce"], dict(S["org/commerce"]["task/1"])["e3"]["kind"]
    (False, 'leads')
    """
    _check(lang)
    H = G.__class__()
    H.graph.update({k: v for k, v in ((k, _scalar(v)) for k, v in G.graph.items())
                    if v is not None and v != ""})
    for n, attrs in G.nodes(data=True):
        data = {k: _scalar(v) for k, v in attrs.items()}
        data["label"] = label(attrs, lang) or n
        H.add_node(n, **{k: v for k, v in data.items() if v is not None and v != ""})
    if G.is_multigraph():
        edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
        for i, (u, v, k, attrs) in enumerate(edges):
            data = {key: _scalar(val) for key, val in attrs.items()}
            data.setdefault("kind", str(k))
            H.add_edge(u, v, key=f"e{i}",
                       **{a: b for a, b in data.items() if b is not None and b != ""})
    else:
        for u, v, attrs in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
            data = {key: _scalar(val) for key, val in attrs.items()}
            H.add_edge(u, v, **{a: b for a, b in data.items() if b is not None and b != ""})
    return H


def _write(writer, H) -> str:
    """Run a networkx XML writer into memory: UTF-8 text, characters written as themselves."""
    buf = io.BytesIO()
    writer(H, buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def to_graphml(G, *, lang: str = "en") -> str:
    """GraphML text of ``G`` (any network from :func:`network`). Node ids are GraphML's
    ``xs:NMTOKEN`` (:func:`_graphml_ids`); each node's ``iri`` keeps its id in ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> from suchenggraph.projection import example_graph
    >>> text = to_graphml(example_graph())
    >>> back = nx.parse_graphml(text)
    >>> back.number_of_nodes(), back.number_of_edges(), back.nodes["org.commerce"]["label"]
    (14, 17, 'Bureau of Commerce')
    >>> back.nodes["org.commerce"]["iri"]
    'org/commerce'
    """
    H = scalar_copy(G, lang=lang)
    ids = _graphml_ids(H)
    for node in ids:
        H.nodes[node]["iri"] = node
    return _write(nx.write_graphml, nx.relabel_nodes(H, ids))


_BASE = "https://w3id.org/suchenggraph/"
_NOT_NMTOKEN = re.compile(r"[^\w.:-]")


def _graphml_ids(G) -> dict:
    """GraphML node ids for ``G``'s nodes: GraphML wants an ``xs:NMTOKEN`` (no ``/``), so an
    IRI ``https://w3id.org/suchenggraph/org/sucheng/commerce-bureau`` becomes
    ``org.sucheng.commerce-bureau`` (the IRI itself is kept as the node's ``iri``); a node
    whose id would repeat another's is numbered instead.

    >>> _graphml_ids({"https://w3id.org/suchenggraph/plan/p/task/2": {}, "a b": {}, "a.b": {}})
    {'https://w3id.org/suchenggraph/plan/p/task/2': 'plan.p.task.2', 'a b': 'a.b', 'a.b': 'n2'}
    """
    out, used = {}, set()
    for i, node in enumerate(G):
        text = str(node)
        text = text[len(_BASE):] if text.startswith(_BASE) else text
        new = _NOT_NMTOKEN.sub(".", text) or f"n{i}"
        if new in used:
            new = f"n{i}"
        used.add(new)
        out[node] = new
    return out


def to_gexf(G, *, lang: str = "en") -> str:
    """GEXF 1.2 text of ``G``, without the (date-dependent) ``lastmodifieddate``.

    Examples
    --------
    >>> import networkx as nx
    >>> from suchenggraph.projection import example_graph
    >>> text = to_gexf(example_graph(), lang="zh-Hans")
    >>> "lastmodifieddate" in text, '<node id="org/commerce" label="区商务局">' in text
    (False, True)
    """
    text = _write(nx.write_gexf, scalar_copy(G, lang=lang))
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    # GEXF 1.2 gives <graph> no name (networkx writes name="" for an unnamed graph)
    return re.sub(r'(<graph\b[^>]*?) name="[^"]*"', r"\1", text, count=1)


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value


def to_node_link(G, *, lang: str = "en") -> dict:
    """Node-link data (``{"directed", "multigraph", "graph", "nodes", "edges"}``).

    Attributes keep their JSON types (lists stay lists, ``None`` becomes null);
    each node gets a ``label`` in ``lang``.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> data = to_node_link(example_graph())
    >>> data["directed"], len(data["nodes"]), len(data["edges"])
    (True, 14, 17)
    >>> data["edges"][0]["source"], data["edges"][0]["target"], data["edges"][0]["kind"]
    ('indicator/1', 'indicator/1/target/2024', 'has_target')
    """
    _check(lang)
    try:
        data = nx.node_link_data(G, edges="edges")
    except TypeError:  # networkx < 3.4 names the list with link= (deprecated since 3.4)
        data = nx.node_link_data(G, link="edges")
    for node in data["nodes"]:
        node["label"] = label(G.nodes[node["id"]], lang) or node["id"]
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], str(e.get("key", ""))))

    def clean(obj):
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return _json_value(obj)

    return clean(data)


def coordination_matrix(G, *, lang: str = "en") -> list[list]:
    """The organisation x organisation matrix of shared tasks, with a header row.

    Organisations that take part in at least one task, in :func:`workload`
    order (heaviest first); the diagonal is 0.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> for row in coordination_matrix(example_graph(), lang="zh-Hans"):
    ...     print(row)
    ['organisation', '区工业和信息化局', '区商务局', '区科技局', '各园区']
    ['区工业和信息化局', 0, 0, 1, 0]
    ['区商务局', 0, 0, 1, 1]
    ['区科技局', 1, 1, 0, 1]
    ['各园区', 0, 1, 1, 0]
    """
    _check(lang)
    C = active_network(G)
    order = [r["id"] for r in workload(G, lang=lang) if r["id"] in C]
    names = [label(C.nodes[n], lang) for n in order]
    rows: list[list] = [["organisation", *names]]
    for a, name in zip(order, names, strict=True):
        rows.append([name, *(C.edges[a, b]["weight"] if C.has_edge(a, b) else 0 for b in order)])
    return rows


def export(G, fmt: str, *, lang: str = "en", which: str | None = None) -> str:
    """``G`` (the plan projection) as text in ``fmt`` (see :data:`FORMATS`).

    ``which`` picks the network (default: ``plan``; ``matrix`` is always the
    coordination matrix). CSV starts with a byte-order mark.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> import json
    >>> data = json.loads(export(example_graph(), "json", which="coordination"))
    >>> len(data["nodes"]), [e["weight"] for e in data["edges"]]
    (4, [1, 1, 1, 1])
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    _check(lang, which)
    if fmt == "matrix":
        if which not in (None, "coordination"):
            raise ValueError("the matrix export is the organisation x organisation coordination "
                             "matrix: use graphml, gexf or json for the plan network")
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(coordination_matrix(G, lang=lang))
        return "\ufeff" + buf.getvalue()
    net = network(G, which or "plan")
    if fmt == "graphml":
        return to_graphml(net, lang=lang)
    if fmt == "gexf":
        return to_gexf(net, lang=lang)
    return json.dumps(to_node_link(net, lang=lang), ensure_ascii=False, indent=2) + "\n"
