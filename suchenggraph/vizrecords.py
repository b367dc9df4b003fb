"""The part of the plan to draw, as vis-network records: one dict per node and per edge.

:func:`records` gives each node its place (:func:`~suchenggraph.vizlayout.layout`), shape,
colour and fonts (:mod:`suchenggraph.vizstyle`; a progress status recolours it), its labels
and hover text (:mod:`suchenggraph.vizlabels`), the names the page's search box matches and
the action areas its area filter uses; each edge its style and hover text. pyvis turns a
display copy of the graph into the records (``from_nx`` writes into the graph it is given,
and the projection must stay as it was).

>>> import networkx as nx
>>> from suchenggraph.vizlayout import org_load
>>> G = nx.MultiDiGraph()
>>> G.add_node("o", kind="organisation", label_en="Bureau")
>>> G.add_node("t", kind="task", number=1, label_en="Build")
>>> _ = G.add_edge("o", "t", key="leads", kind="leads")
>>> nodes, edges = records(G, G, lang="en", physics=False, load=org_load(G), candidates=[])
>>> [(n["id"], n["label"], n["shape"]) for n in nodes]
[('o', 'Bureau', 'dot'), ('t', '1', 'ellipse')]
>>> edges[0]["title"]
'Bureau leads Task 1 Build'
"""

from __future__ import annotations

import networkx as nx
from pyvis.network import Network

from .errors import DataError
from .progress_rule import text as progress_text
from .vizlabels import edge_title, full_label, node_label, node_tooltip, numbered, short_label
from .vizlayout import layout, node_areas
from .vizstyle import EDGE_STYLES, NODE_STYLES, STATUS_STYLES, org_size

__all__ = ["records"]

_LABEL_INSIDE = ("box", "ellipse")  # shapes that draw their label inside (no halo, a margin)


def _font(st: dict, px: float) -> dict:
    return {"size": px, "color": st["font_color"],
            "strokeWidth": 0 if st["shape"] in _LABEL_INSIDE else 4, "strokeColor": "#ffffff"}


def _search_names(attrs: dict, candidate) -> list[str]:
    """What the search box matches: every name and alias, and ``task 23`` / ``任务23``."""
    if candidate is None:
        return [x for x in (attrs.get("label_en"), attrs.get("label_zh_hans"),
                            attrs.get("label_zh_hant")) if x]
    names = list(candidate.labels)
    kind = attrs.get("kind", "")
    if candidate.number is not None and kind in ("task", "indicator", "platform"):
        names += [f"{kind} {candidate.number}", numbered(attrs, "zh-Hans"),
                  numbered(attrs, "zh-Hant")]
    return names


def _node(H, n, *, lang, physics, load, candidate, area_set, xy, status) -> dict:
    """The display attributes of one node."""
    attrs = H.nodes[n]
    kind = attrs.get("kind", "")
    st = NODE_STYLES.get(kind, NODE_STYLES["target"])
    short = short_label(attrs, lang)
    size = org_size(load.get(n, {}).get("total", 0)) if kind == "organisation" else st["size"]
    tooltip = node_tooltip(H, n, lang, load)
    fill, border = st["color"], st["border"]
    if status:
        fill, border = STATUS_STYLES[status]
        tooltip += f"\n{progress_text('legend', lang)}: {progress_text(status, lang)}"
    node = dict(
        label=short, labelShort=short, labelFull=full_label(attrs, lang), fullAt=st["full_at"],
        font=_font(st, st["short_font"]), fontShort=_font(st, st["short_font"]),
        fontFull=_font(st, st["font"]), title=tooltip, shape=st["shape"],
        size=size, x=xy[0], y=xy[1], kind=kind, number=attrs.get("number"),
        areas=sorted(area_set), names=_search_names(attrs, candidate),
        name=node_label(attrs, lang) or n,
        color={"background": fill, "border": border,
               "highlight": {"background": fill, "border": "#111111"},
               "hover": {"background": fill, "border": "#111111"}},
        fixed=kind == "area" and bool(physics),
        physics=H.degree(n) > 0,
        mass=2 if kind == "organisation" else 1,
    )
    if st["shape"] in _LABEL_INSIDE:
        node["margin"] = 8
    return node


def _edge(H, u, v, k, i, lang) -> dict:
    """The display attributes of one edge."""
    st = EDGE_STYLES.get(k, EDGE_STYLES["sets_target"])
    return dict(id=f"e{i}", kind=k, title=edge_title(H, u, v, k, lang),
                color={"color": st["color"], "highlight": "#111111", "hover": "#333333",
                       "opacity": 1.0},
                dashes=st["dashes"], weight=st["width"],
                arrows={"to": {"enabled": st["arrow"], "scaleFactor": 0.7}})


def records(G, H, *, lang: str, physics: bool, load: dict, candidates,
            status: dict[str, str] | None = None, areas=None) -> tuple[list[dict], list[dict]]:
    """(node records, edge records) of ``H``, a part of the plan ``G``, sorted by id.

    ``load``: :func:`~suchenggraph.vizlayout.org_load` of the whole plan; ``candidates``:
    the :mod:`suchenggraph.resolve` candidates whose names the search box matches;
    ``status``: node -> progress status; ``areas``: :func:`node_areas` of ``G`` when the
    caller has it already. Raises :class:`~suchenggraph.errors.DataError` if pyvis drops
    part of the graph.
    """
    status = status or {}
    areas = node_areas(G) if areas is None else areas
    pos = layout(H, lang, context=G)
    by_iri = {c.iri: c for c in candidates}
    D = nx.MultiDiGraph()
    for n in sorted(H):
        D.add_node(n, **_node(H, n, lang=lang, physics=physics, load=load,
                              candidate=by_iri.get(n), area_set=areas.get(n, ()),
                              xy=pos.get(n, (0.0, 0.0)), status=status.get(n)))
    for i, (u, v, k) in enumerate(sorted(H.edges(keys=True))):
        D.add_edge(u, v, key=k, **_edge(H, u, v, k, i, lang))
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(D, default_node_size=10, show_edge_weights=False)
    nodes = [dict(n) for n in net.nodes]
    for n in nodes:  # from_nx rounds sizes to int
        n["size"] = D.nodes[n["id"]]["size"]
    edges = [{k: v for k, v in e.items() if k != "weight"} for e in net.edges]
    if len(nodes) != H.number_of_nodes() or len(edges) != H.number_of_edges():
        raise DataError(f"pyvis dropped part of the graph: {len(nodes)}/{H.number_of_nodes()} "
                        f"nodes, {len(edges)}/{H.number_of_edges()} edges")
    return nodes, edges
