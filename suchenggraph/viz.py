# <<None>>
"""The interactive graph: one self-contained HTML page that works offline.

:func:`render_html` turns the plan (an rdflib graph or its
:func:`~suchenggraph.projection.to_networkx` projection) into a single HTML
string: vis-network (from pyvis's own package) and the page's script and style
are inlined, so the file opens on a machine with no internet and makes no
request. Every label and text from the graph reaches the page as JSON data
and is shown as text (canvas labels, ``title`` strings, ``textContent``), never
as markup.

The page shows each node kind with its own shape and colour (:data:`NODE_STYLES`),
lead edges solid with an arrow and cooperating edges dashed (:data:`EDGE_STYLES`),
a legend whose entries switch kinds on and off, an action-area filter, and a
search box that finds a node by its English, Simplified or Traditional name, an
alias or ``task 23``. Organisations are sized by their workload. The layout is
computed in Python (:func:`layout`): one column per action area with its tasks,
platforms and indicators, each with its targets, and the organisations below,
each under the areas it works in. With ``physics=True`` vis-network's force layout
starts from it (area names pinned) and keeps reacting when nodes are dragged.

The page is made in stages, each in a module of its own: :func:`select` (here) picks
the part to draw; :mod:`suchenggraph.vizlayout` places it; :mod:`suchenggraph.vizrecords`
turns it into vis-network's node and edge records, with texts from
:mod:`suchenggraph.vizlabels` and looks from :mod:`suchenggraph.vizstyle`; :func:`_page`
(here) fills ``assets/graph.html`` with them, ``assets/graph.css``, ``assets/graph.js``,
the legend and the words of :mod:`suchenggraph.uitext`.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("o", kind="organisation", label_en="Bureau <b>", label_zh_hans="局")
>>> G.add_node("t", kind="task", number=1, label_en="Do things", area="a")
>>> G.add_node("a", kind="area", number=1, label_en="Area one")
>>> _ = G.add_edge("o", "t", key="leads", kind="leads")
>>> _ = G.add_edge("t", "a", key="in_area", kind="in_area")
>>> page = render(G)
>>> page.node_count, page.edge_count, "Bureau <b>" in page.html
(3, 2, False)
"""

from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyvis

from . import uitext
from .candidates import candidates_from_graph, candidates_from_networkx
from .errors import DataError, UsageError
from .progress_rule import text as progress_text
from .projection import NODE_KINDS, to_networkx
from .resolve import resolve
from .vizlabels import node_label, numbered
from .vizlayout import layout, node_areas, org_load
from .vizrecords import records
from .vizstyle import EDGE_STYLES, KIND_ORDER, NODE_STYLES, STATUS_STYLES, wrap

__all__ = [
    "NODE_STYLES",
    "EDGE_STYLES",
    "LANGS",
    "STATUS_STYLES",
    "Page",
    "render",
    "render_html",
    "select",
    "layout",
    "node_areas",
    "wrap",
    "iframe",
]

LANGS = uitext.LANGS

_FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
         '"Hiragino Sans GB", "WenQuanYi Micro Hei", "Segoe UI", Arial, sans-serif')
_ASSETS = Path(__file__).resolve().parent / "assets"

def _candidates(G, graph=None):
    if graph is not None:
        return candidates_from_graph(graph)
    return candidates_from_networkx(G)

def select(G, *, focus: str | None = None, depth: int = 1, area: str | None = None,
           kinds=None, candidates=None):
    """The part of ``G`` to draw, as a new graph (``G`` is left as it is).

    ``focus``: the name of an organisation, task, indicator, platform or area (any language,
    alias or ``task 23``; see :mod:`suchenggraph.resolve`): keep what lies within ``depth``
    steps of it, whatever the edge direction. ``area``: keep what belongs to that action
    area (:func:`node_areas`). ``kinds``: keep only nodes of these kinds (the focus node
    always stays; its IRI is in the new graph's ``graph["focus"]``). Raises :class:`~suchenggraph.errors.NameNotFound` /
    :class:`~suchenggraph.errors.AmbiguousName` for a bad name and
    :class:`~suchenggraph.errors.UsageError` when nothing is left.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("o", kind="organisation", label_en="Bureau of Commerce",
    ...            label_zh_hans="区商务局", label_zh_hant="區商務局")
    >>> G.add_node("t", kind="task", number=1, label_en="Build"); G.add_node("x", kind="task")
    >>> _ = G.add_edge("o", "t", key="leads", kind="leads")
    >>> sorted(select(G, focus="商務局"))
    ['o', 't']
    >>> sorted(select(G, kinds=["task"]))
    ['t', 'x']
    """
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        unknown = [k for k in kinds if k not in NODE_KINDS]
        if unknown:
            raise UsageError(f"unknown node kind {unknown[0]!r}; expected one of "
                             + ", ".join(NODE_KINDS))
    if depth is None:
        depth = 1
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise UsageError(f"depth must be a whole number ≥ 0, not {depth!r}")
    keep = set(G)
    focus_node = None
    if focus is not None or area is not None:
        if candidates is None:
            candidates = _candidates(G)
        candidates = [c for c in candidates if c.iri in G]
    if focus is not None:
        focus_node = resolve(focus, candidates).iri
        keep = set(nx.ego_graph(G.to_undirected(as_view=True), focus_node, radius=depth))
    if area is not None:
        area_node = resolve(area, candidates, kinds=["area"]).iri
        areas = node_areas(G)
        keep = {n for n in keep if area_node in areas.get(n, ())}
    if kinds is not None:
        keep = {n for n in keep if G.nodes[n].get("kind") in kinds or n == focus_node}
    if not keep:
        raise UsageError("nothing left to draw: the --focus / --area / --kind filters exclude "
                         "every node")
    H = G.subgraph(keep).copy()
    H.graph["focus"] = focus_node
    return H

def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, from the pyvis package (works offline)."""
    base = Path(pyvis.__file__).resolve().parent
    found = sorted(base.glob("**/lib/vis-*/vis-network.min.js"),
                   key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not found:
        raise DataError("pyvis ships no vis-network.min.js; reinstall pyvis", path=str(base))
    js_path = found[-1]
    css_path = js_path.with_name("vis-network.css")
    css = css_path.read_text(encoding="utf-8") if css_path.is_file() else ""
    return js_path.read_text(encoding="utf-8"), css

def _script_safe(text: str) -> str:
    """Inline JS/CSS that cannot close its own element."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)

def _json_for_script(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))

def _fold_map(G) -> dict[str, str]:
    """Traditional → Simplified characters, learnt from the graph's own label pairs."""
    fold: dict[str, str] = {}
    for _, a in sorted(G.nodes(data=True), key=lambda x: x[0]):
        hans, hant = a.get("label_zh_hans"), a.get("label_zh_hant")
        if hans and hant and len(hans) == len(hant):
            for s, t in zip(hans, hant, strict=True):
                if s != t and t not in fold:
                    fold[t] = s
    return dict(sorted(fold.items()))

def _svg_shape(kind: str) -> str:
    st = NODE_STYLES[kind]
    fill, stroke = st["color"], st["border"]
    shapes = {
        "box": '<rect x="1" y="4" width="20" height="12" rx="2"/>',
        "ellipse": '<ellipse cx="11" cy="10" rx="10" ry="6"/>',
        "dot": '<circle cx="11" cy="10" r="7"/>',
        "diamond": '<polygon points="11,2 19,10 11,18 3,10"/>',
        "hexagon": '<polygon points="6,3 16,3 20,10 16,17 6,17 2,10"/>',
        "star": '<polygon points="11,1 13.6,7.5 20.5,7.5 15,11.8 17,18.5 11,14.5 5,18.5 '
                '7,11.8 1.5,7.5 8.4,7.5"/>',
        "square": '<rect x="6" y="5" width="10" height="10"/>',
    }
    return (f'<svg width="22" height="20" viewBox="0 0 22 20" aria-hidden="true">'
            f'<g fill="{fill}" stroke="{stroke}" stroke-width="1.2">{shapes[st["shape"]]}</g>'
            f"</svg>")

def _svg_edge(kind: str) -> str:
    st = EDGE_STYLES[kind]
    dash = f' stroke-dasharray="{st["dashes"][0]},{st["dashes"][1]}"' if st["dashes"] else ""
    arrow = (f'<polygon points="34,6 26,2 26,10" fill="{st["color"]}"/>' if st["arrow"] else "")
    return (f'<svg width="36" height="12" viewBox="0 0 36 12" aria-hidden="true">'
            f'<line x1="1" y1="6" x2="{28 if st["arrow"] else 35}" y2="6" stroke="{st["color"]}"'
            f' stroke-width="{max(1.5, st["width"])}"{dash}/>{arrow}</svg>')

def _status_legend(status: dict[str, str], H, lang: str) -> str:
    """The legend's progress block: one swatch per status the drawn nodes have."""
    shown = [s for s in STATUS_STYLES if any(status.get(n) == s for n in H)]
    if not shown:
        return ""
    esc = _html.escape
    rows = "".join(
        f'<div class="sg-edge sg-status" data-status="{esc(s)}"><svg width="36" height="12" '
        f'viewBox="0 0 36 12" aria-hidden="true"><rect x="8" y="1" width="20" height="10" '
        f'rx="2" fill="{STATUS_STYLES[s][0]}" stroke="{STATUS_STYLES[s][1]}"/></svg>'
        f"<span>{esc(progress_text(s, lang))}</span></div>" for s in shown)
    return f'<div class="sg-edge"><b>{esc(progress_text("legend", lang))}</b></div>{rows}'

@dataclass(frozen=True)
class Page:
    """A rendered page: the HTML and what it draws. In a notebook it shows itself inline."""

    html: str
    node_count: int
    edge_count: int

    def _repr_html_(self) -> str:
        return iframe(self.html)

def iframe(html: str, height: str = "720px") -> str:
    """An ``<iframe srcdoc=…>`` that shows a page inline (e.g. ``IPython.display.HTML``).

    >>> iframe("<p>a & b</p>", "300px")[:60]
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;" style="width:1'
    """
    return (f'<iframe srcdoc="{_html.escape(html, quote=True)}" style="width:100%;'
            f'height:{_html.escape(height)};border:1px solid #ddd" '
            f'sandbox="allow-scripts"></iframe>')

def _as_networkx(graph):
    """(networkx graph, rdflib graph or None)."""
    if hasattr(graph, "nodes") and hasattr(graph, "edges") and hasattr(graph, "graph"):
        return graph, None
    if hasattr(graph, "triples"):
        return to_networkx(graph), graph
    raise TypeError(f"expected a networkx graph or an rdflib graph, not {type(graph).__name__}")

def render(graph, *, lang: str = "en", focus: str | None = None, depth: int = 1,
           area: str | None = None, kinds=None, physics: bool = False,
           title: str | None = None, status: dict[str, str] | None = None) -> Page:
    """Like :func:`render_html`, returning a :class:`Page` (HTML plus node and edge counts).

    ``status``: node IRI -> progress status (:func:`suchenggraph.progress.node_status`):
    those nodes are filled by :data:`STATUS_STYLES`, and the legend explains the colours.
    """
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    G, rdf = _as_networkx(graph)
    candidates = None
    if focus is not None or area is not None:
        candidates = _candidates(G, rdf)
    H = select(G, focus=focus, depth=depth, area=area, kinds=kinds, candidates=candidates)
    load = org_load(G)  # workload over the whole plan, not the part drawn
    if candidates is None:
        candidates = _candidates(H)
    return _page(G, H, lang=lang, physics=physics, title=title, load=load,
                 candidates=candidates, status=status or {})

def render_html(graph, *, lang: str = "en", focus: str | None = None, depth: int = 1,
                area: str | None = None, kinds=None, physics: bool = False,
                title: str | None = None) -> str:
    """The plan as one self-contained, offline HTML page (a string).

    ``graph``: an rdflib graph or a :func:`~suchenggraph.projection.to_networkx` graph (left
    unchanged). ``lang``: ``en``, ``zh-Hans`` or ``zh-Hant`` for labels and the page's words
    (tooltips always add the other two names). ``focus`` / ``depth``, ``area``, ``kinds``:
    draw part of the plan (see :func:`select`). ``physics``: let vis-network's force layout
    rearrange the computed layout, area names pinned (and react when nodes are dragged);
    without it (the default) the computed positions stay as they are.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("o", kind="organisation", label_en='<script>alert("x")</script>')
    >>> page = render_html(G, physics=False)
    >>> page.startswith("<!DOCTYPE html>"), "<script>alert" in page, " src=" in page
    (True, False, False)
    """
    return render(graph, lang=lang, focus=focus, depth=depth, area=area, kinds=kinds,
                  physics=physics, title=title).html

def _options(physics: bool) -> dict:
    """vis-network's options: fonts, interaction, and the force layout when ``physics``."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"face": _FONT}, "shapeProperties": {"interpolation": False}},
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.8,
                  "arrowStrikethrough": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False, "zoomSpeed": 0.6},
        "physics": {
            "enabled": bool(physics),
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -9000, "centralGravity": 0.05,
                          "springLength": 160, "springConstant": 0.015, "damping": 0.5,
                          "avoidOverlap": 1.0},
            "maxVelocity": 40, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 25,
                              "fit": False},
        },
    }


def _kinds_drawn(H, ui) -> list[dict]:
    """The legend's node kinds: those ``H`` has, in :data:`KIND_ORDER`, with their counts."""
    present = {a.get("kind") for _, a in H.nodes(data=True)}
    return [{"kind": k, "label": ui[k + "+"],
             "count": sum(1 for _, a in H.nodes(data=True) if a.get("kind") == k)}
            for k in KIND_ORDER if k in present]


def _area_list(G, H, areas, lang: str) -> list[dict]:
    """The area filter's choices: the plan's action areas that something drawn belongs to."""
    area_nodes = sorted((n for n, a in G.nodes(data=True) if a.get("kind") == "area"
                         and any(n in areas.get(m, ()) for m in H)),
                        key=lambda n: (G.nodes[n].get("number") or 0, n))
    return [{"id": n, "label": f"{numbered(G.nodes[n], lang)} {node_label(G.nodes[n], lang)}"}
            for n in area_nodes]


def _page_title(G, lang: str, title: str | None) -> str:
    key = {"en": "title_en", "zh-Hans": "title_zh_hans", "zh-Hant": "title_zh_hant"}[lang]
    return title or G.graph.get(key) or G.graph.get("title_zh_hans") or "suchenggraph"


def _legend(kinds: list[dict], H, ui, status: dict[str, str], lang: str) -> tuple[str, str]:
    """(node rows, edge rows) of the legend, as HTML."""
    esc = _html.escape
    legend_nodes = "".join(
        f'<label class="sg-kind"><input type="checkbox" data-kind="{esc(k["kind"])}" checked>'
        f'{_svg_shape(k["kind"])}<span>{esc(k["label"])}</span>'
        f'<span class="sg-count">{k["count"]}</span></label>' for k in kinds)
    edge_kinds = [k for k in EDGE_STYLES if any(kk == k for _, _, kk in H.edges(keys=True))]
    legend_edges = "".join(
        f'<div class="sg-edge">{_svg_edge(k)}<span>{esc(ui[k + "_l"])}</span></div>'
        for k in edge_kinds) + _status_legend(status, H, lang)
    return legend_nodes, legend_edges


def _page(G, H, *, lang, physics, title, load, candidates, status) -> Page:
    """The page: records (:mod:`suchenggraph.vizrecords`), legend and words into the template."""
    ui = uitext.words("viz", lang)
    areas = node_areas(G)
    nodes, edges = records(G, H, lang=lang, physics=physics, load=load,
                           candidates=candidates, status=status, areas=areas)
    kinds = _kinds_drawn(H, ui)
    area_list = _area_list(G, H, areas, lang)
    page_title = _page_title(G, lang, title)
    data = {
        "lang": lang, "physics": bool(physics), "nodes": nodes, "edges": edges,
        "focus": H.graph.get("focus"),
        "options": _options(physics), "kinds": kinds, "areas": area_list,
        "fold": _fold_map(G),
        "ui": {"no_match": ui["no_match"], **{"kind_" + k: ui[k] for k in KIND_ORDER}},
        "counts": {"nodes": len(nodes), "edges": len(edges)},
    }
    vis_js, vis_css = _vis_assets()
    esc = _html.escape
    legend_nodes, legend_edges = _legend(kinds, H, ui, status, lang)
    area_options = "".join(f'<option value="{esc(a["id"])}">{esc(a["label"])}</option>'
                           for a in area_list)
    has_orgs = any(k["kind"] == "organisation" for k in kinds)
    parts = {
        "LANG": esc(lang),
        "TITLE": esc(page_title),
        "HEADING": esc(page_title),
        "VIS_CSS": _script_safe(vis_css),
        "APP_CSS": _script_safe((_ASSETS / "graph.css").read_text(encoding="utf-8")),
        "VIS_JS": _script_safe(vis_js),
        "APP_JS": _script_safe((_ASSETS / "graph.js").read_text(encoding="utf-8")),
        "DATA": _json_for_script(data),
        "SEARCH_LABEL": esc(ui["search_label"]),
        "SEARCH_PLACEHOLDER": esc(ui["search"]),
        "AREA_LABEL": esc(ui["area_label"]),
        "ALL_AREAS": esc(ui["all_areas"]),
        "AREA_OPTIONS": area_options,
        "LEGEND": esc(ui["legend"]),
        "LEGEND_NODES": legend_nodes,
        "LEGEND_EDGES": legend_edges,
        "SIZE_NOTE": esc(ui["size_note"]) if has_orgs else "",
        "ZOOM_NOTE": esc(ui["zoom_note"]),
        "FIT": esc(ui["fit"]),
        "ZOOM_IN": esc(ui["zoom_in"]),
        "ZOOM_OUT": esc(ui["zoom_out"]),
        "LOADING": esc(ui["loading"]),
        "CLOSE": esc(ui["close"]),
        "COUNTS": f"{len(nodes)} · {len(edges)}",
    }
    template = (_ASSETS / "graph.html").read_text(encoding="utf-8")
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)
    return Page(html=page, node_count=len(nodes), edge_count=len(edges))
