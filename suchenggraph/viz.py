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
computed here (:func:`layout`): one column per action area with its tasks,
platforms and indicators, each with its targets, and the organisations below,
each under the areas it works in. With ``physics=True`` vis-network's force layout
starts from it (area names pinned) and keeps reacting when nodes are dragged.

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
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import uitext
from .errors import DataError, UsageError

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

LANGS = ("en", "zh-Hans", "zh-Hant")

#: How each node kind looks: vis-network shape, fill, border, label font size (``font``, and
#: ``short_font`` for the overview label), base size and label wrap width (columns). Tasks,
#: platforms, indicators and targets show a short label (their number) in the overview and
#: their name once the reader zooms in to ``full_at``; organisation and area names always show.
NODE_STYLES: dict[str, dict] = {
    "area": {"shape": "box", "color": "#1d4e89", "border": "#0f2f57", "font": 24,
             "short_font": 24, "font_color": "#ffffff", "size": 30, "wrap": 16, "full_at": 0},
    "organisation": {"shape": "dot", "color": "#e76f51", "border": "#a5432b", "font": 26,
                     "short_font": 26, "font_color": "#2b1a14", "size": 9, "wrap": 18,
                     "full_at": 0},
    "task": {"shape": "ellipse", "color": "#dbe9f6", "border": "#5b8fc7", "font": 14,
             "short_font": 20, "font_color": "#12263f", "size": 16, "wrap": 22,
             "full_at": 0.75},
    "platform": {"shape": "hexagon", "color": "#2a9d8f", "border": "#1d6f65", "font": 14,
                 "short_font": 18, "font_color": "#0f3f39", "size": 12, "wrap": 22,
                 "full_at": 0.75},
    "indicator": {"shape": "diamond", "color": "#8e5ac8", "border": "#5e3490", "font": 14,
                  "short_font": 18, "font_color": "#3d1f63", "size": 12, "wrap": 22,
                  "full_at": 0.75},
    "goal": {"shape": "star", "color": "#f2b705", "border": "#a67c00", "font": 18,
             "short_font": 18, "font_color": "#5c4500", "size": 18, "wrap": 16, "full_at": 0},
    "target": {"shape": "square", "color": "#9aa5b1", "border": "#66717d", "font": 10,
               "short_font": 10, "font_color": "#3e4750", "size": 5, "wrap": 14,
               "full_at": 1.4},
}

#: How each edge kind looks: colour, width, dashes, arrow.
EDGE_STYLES: dict[str, dict] = {
    "leads": {"color": "#c0392b", "width": 1.8, "dashes": False, "arrow": True},
    "cooperates": {"color": "#8a94a6", "width": 1.2, "dashes": [6, 5], "arrow": False},
    "responsible": {"color": "#6c3483", "width": 1.6, "dashes": [2, 4], "arrow": True},
    "in_area": {"color": "#9dbbe0", "width": 1.0, "dashes": False, "arrow": False},
    "sets_target": {"color": "#c5ccd4", "width": 0.8, "dashes": False, "arrow": False},
    "has_target": {"color": "#c9b6e4", "width": 0.8, "dashes": False, "arrow": False},
    "measures": {"color": "#c9b6e4", "width": 0.8, "dashes": [2, 3], "arrow": True},
}

#: Fill and border of an indicator or task by its progress status (``graph --actuals``); the
#: node keeps its kind's shape. Status words come from the ``progress`` section of :mod:`suchenggraph.uitext`.
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "met": ("#3a9d5d", "#23693c"), "done": ("#3a9d5d", "#23693c"),
    "on track": ("#8fc1ec", "#3f78b5"), "in progress": ("#8fc1ec", "#3f78b5"),
    "not started": ("#f1d27a", "#b08f2d"), "behind": ("#f4978e", "#b03a2e"),
    "overdue": ("#e53935", "#7f1d1d"), "no data": ("#e3e6ea", "#9aa3ad"),
}

_KIND_ORDER = ("area", "organisation", "task", "platform", "indicator", "goal", "target")

_FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
         '"Hiragino Sans GB", "WenQuanYi Micro Hei", "Segoe UI", Arial, sans-serif')

_COMPARATOR = {"AtLeast": "≥", "MoreThan": ">", "About": "≈", "Exactly": "", "AtMost": "≤"}
_ROLE_EDGES = ("leads", "cooperates", "responsible")
_ASSETS = Path(__file__).resolve().parent / "assets"


# ----------------------------------------------------------------------------- small helpers


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` columns (a CJK character counts 2).

    Latin words are kept whole; CJK text breaks between any two characters.

    >>> wrap("Bureau of Industry and Information Technology", 18)
    'Bureau of Industry\\nand Information\\nTechnology'
    >>> wrap("推进先进制造业和现代服务业融合发展", 16)
    '推进先进制造业和\\n现代服务业融合发\\n展'
    """
    tokens = re.findall(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+|.", text or "")
    lines: list[str] = []
    line, used = "", 0
    for tok in tokens:
        if tok.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        w = sum(_width(c) for c in tok)
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + tok, used + w
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _shorten(text: str | None, limit: int) -> str:
    if not text:
        return ""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(attrs: dict, lang: str) -> str:
    from .projection import label

    return label(attrs, lang) or ""


def _others(attrs: dict, lang: str) -> list[str]:
    """The node's names in the two languages other than ``lang`` (when they differ)."""
    main = _label(attrs, lang)
    out = []
    for key in ("label_en", "label_zh_hans", "label_zh_hant"):
        value = attrs.get(key)
        if value and value != main and value not in out:
            out.append(value)
    return out


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = format(value, "f")
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return text


def _target_text(attrs: dict, lang: str, with_year: bool = True) -> str:
    """``2024: ≥ 30 %`` style summary of a target.

    >>> _target_text({"value": Decimal("30.0"), "unit": "%", "comparator": "AtLeast",
    ...               "year": 2024}, "en")
    '2024: ≥ 30%'
    """
    ui = uitext.words("viz", lang)
    unit = attrs.get("unit_en") if lang == "en" and attrs.get("unit_en") else attrs.get("unit")
    if unit in ("percent", "％"):
        unit = "%"
    elif unit and lang == "zh-Hant":
        from .text import to_traditional

        unit = to_traditional(unit)
    comp = attrs.get("comparator")
    value = ("+" if attrs.get("increase") else "") + _number(attrs.get("value"))
    if comp == "FullCoverage":
        amount = ui["full"]
    else:
        amount = " ".join(x for x in (_COMPARATOR.get(comp or "", ""), value) if x)
        if unit and unit[0].isdigit():  # "10,000 households": a multiplier
            amount += f" × {unit}"
        elif unit:
            amount += ("" if unit == "%" or lang != "en" else " ") + unit
    when = str(attrs["year"]) if attrs.get("year") and with_year else ""
    if attrs.get("recurrence") == "Annual":
        when = f"{when} ({ui['every_year']})" if when else ui["every_year"]
    return f"{when}: {amount}" if when else amount


def _plural(text: str) -> str:
    """``1 task(s)`` → ``1 task``, ``2 task(s)`` → ``2 tasks``.

    >>> _plural("1 task(s), 2 platform(s)")
    '1 task, 2 platforms'
    """
    return re.sub(r"\b(\d+) (\w+)\(s\)", lambda m: f"{m[1]} {m[2]}" + ("" if m[1] == "1" else "s"),
                  text)


def _kind_name(kind: str, lang: str) -> str:
    return uitext.words("viz", lang).get(kind, kind)


def _numbered(attrs: dict, lang: str) -> str:
    """``Task 23`` / ``任务23`` for numbered things, else the kind name."""
    name = _kind_name(attrs.get("kind", ""), lang)
    number = attrs.get("number")
    if number is None:
        return name
    return f"{name} {number}" if lang == "en" else f"{name}{number}"


# ----------------------------------------------------------------------------- analyses


def _workload(G) -> dict[str, dict]:
    """Per organisation: its :func:`suchenggraph.analyses.workload` row, plus ``total``.

    ``total`` (what sizes the organisation's dot) counts the tasks it leads, cooperates on
    or is responsible for, and the indicators and platforms it leads.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("o", kind="organisation"); G.add_node("t", kind="task", number=1)
    >>> _ = G.add_edge("o", "t", key="leads", kind="leads")
    >>> _workload(G)["o"]["total"]
    1
    """
    from .analyses import workload

    out = {}
    for row in workload(G, include_idle=True):
        row = dict(row)
        row["total"] = (row["tasks_led"] + row["tasks_cooperating"] + row["tasks_responsible"]
                        + row["indicators_led"] + row["platforms_led"])
        out[row["id"]] = row
    return out


def _owners(G, n) -> list[str]:
    """The task, indicator or goal a target belongs to (sets_target / has_target)."""
    return sorted(u for u, _, k in G.in_edges(n, keys=True) if k in ("sets_target", "has_target"))


def node_areas(G) -> dict[str, frozenset[str]]:
    """The action areas each node belongs to, used by the area filter (page and ``--area``).

    A task or platform is in its area; a task's target in the task's area; an indicator
    in the areas of the tasks whose targets measure it, and its own targets with it; an
    organisation in the areas of everything it leads or cooperates on; goals in none.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="area"); G.add_node("t", kind="task", area="a")
    >>> G.add_node("o", kind="organisation")
    >>> _ = G.add_edge("o", "t", key="cooperates", kind="cooperates")
    >>> sorted(node_areas(G)["o"])
    ['a']
    """
    kind = {n: a.get("kind") for n, a in G.nodes(data=True)}
    areas: dict[str, set[str]] = {n: set() for n in G}
    for n, a in G.nodes(data=True):
        if kind[n] == "area":
            areas[n].add(n)
        elif kind[n] in ("task", "platform"):
            if a.get("area"):
                areas[n].add(a["area"])
    for u, v, k in G.edges(keys=True):
        if k == "in_area":
            areas[u].add(v)
    # task targets, then the indicators they measure, then the indicators' own targets
    for n in G:
        if kind[n] == "target":
            for owner in _owners(G, n):
                if kind.get(owner) == "task":
                    areas[n] |= areas[owner]
    for u, v, k in G.edges(keys=True):
        if k == "measures" and kind.get(v) == "indicator":
            areas[v] |= areas[u]
    for n in G:
        if kind[n] == "target":
            for owner in _owners(G, n):
                if kind.get(owner) == "indicator":
                    areas[n] |= areas[owner]
    for u, v, k in G.edges(keys=True):
        if k in _ROLE_EDGES:
            areas[u] |= areas[v]
    return {n: frozenset(s) for n, s in areas.items()}


# ----------------------------------------------------------------------------- selection


def _candidates(G, graph=None):
    from .resolve import candidates_from_graph, candidates_from_networkx

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
    from .projection import NODE_KINDS
    from .resolve import resolve

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
        import networkx as nx

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


# ----------------------------------------------------------------------------- layout

_COL_W = 250  # width of one column (an action area)
_TOP = 100  # where the first item of a column starts, below the area's name
_GRID = (3, 36, 24)  # targets beside their task: per row, horizontal and vertical step
_GAP = 12  # between two items of a column
_INSIDE = ("box", "ellipse", "circle", "database", "text")  # shapes with the label inside
_ORG_GAP = 150  # between the lowest item and the first row of organisations
_ORG_ROW = 40  # between a row of organisations' labels and the next row


def _column(C, n, kind, areas, rank) -> str:
    """The column (an area IRI, ``goals`` or ``""``) a non-organisation node is drawn in.

    ``C`` is the whole plan, so a part of it keeps the plan's columns even when the
    area nodes themselves are not drawn.
    """
    if kind == "area":
        return n
    ranked = sorted(areas.get(n, ()), key=rank)
    if kind in ("task", "platform"):
        own = C.nodes[n].get("area") if n in C else None
        return own or (ranked[0] if ranked else "")
    if kind == "goal":
        return "goals"
    if kind == "indicator":
        if ranked:
            return ranked[0]
        by_goal = any(C.nodes[o].get("kind") == "goal"
                      for t, _, k in C.in_edges(n, keys=True) if k == "measures"
                      for o in _owners(C, t))
        return "goals" if by_goal else ""
    return ""


def _label_box(text: str, font: float, margin: float = 0) -> tuple[float, float]:
    """Rough width and height of a (wrapped) label drawn at ``font`` px."""
    lines = (text or " ").split("\n")
    width = max(sum(_width(c) for c in line) for line in lines) * font * 0.55
    return width + 2 * margin, len(lines) * font * 1.25 + 2 * margin


def _spread(row: list[tuple[str, float, float]], lo: float, hi: float) -> dict[str, float]:
    """Place (name, wanted x, half width) items in one row, in order, without overlaps."""
    row = sorted(row, key=lambda r: (r[1], r[0]))
    xs = [x for _, x, _ in row]
    for _ in range(200):
        moved = False
        for i in range(len(row) - 1):
            need = row[i][2] + row[i + 1][2]
            gap = xs[i + 1] - xs[i]
            if gap < need - 0.5:
                push = (need - gap) / 2
                xs[i] -= push
                xs[i + 1] += push
                moved = True
        if not moved:
            break
    # keep the row inside the drawing, shifted as a whole
    if xs:
        left, right = xs[0] - row[0][2], xs[-1] + row[-1][2]
        if right - left <= hi - lo:
            shift = max(0.0, lo - left) - max(0.0, right - hi)
            xs = [x + shift for x in xs]
    return {name: x for (name, _, _), x in zip(row, xs, strict=True)}


def layout(G, lang: str = "en", context=None) -> dict[str, tuple[float, float]]:
    """Deterministic positions: a layered layout, area → task → organisation.

    Each action area is a column: its name on top, then its tasks, platforms and the
    indicators its tasks' targets measure, each with its targets beside it; the plan's
    goals get a column of their own. Organisations sit in rows below, each under the
    columns it works in (the mean of its tasks' places), the busiest in the first row.
    ``context``: the whole plan, when ``G`` is a part of it (columns stay the plan's).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="area", number=1); G.add_node("t", kind="task", number=1, area="a")
    >>> G.add_node("o", kind="organisation")
    >>> _ = G.add_edge("o", "t", key="leads", kind="leads")
    >>> pos = layout(G)
    >>> pos["a"][1] < pos["t"][1] < pos["o"][1]
    True
    """
    C = G if context is None else context
    kind = {n: a.get("kind") for n, a in G.nodes(data=True)}
    areas = node_areas(C)

    def rank(n):
        number = C.nodes[n].get("number") if n in C else None
        return (number if number is not None else 10**6, n)

    def order_in_column(n):
        return (_KIND_ORDER.index(kind[n]) if kind[n] in _KIND_ORDER else 99, rank(n))

    # columns: goals first, then the action areas by number, then whatever has no column
    items: dict[str, list[str]] = {}
    for n in sorted(G, key=order_in_column):
        if kind[n] not in ("organisation", "target"):
            items.setdefault(_column(C, n, kind[n], areas, rank), []).append(n)
    for n in sorted(G):
        if kind[n] == "target" and not any(o in G for o in _owners(G, n)):
            items.setdefault("", []).append(n)
    order = (["goals"] if "goals" in items else []) + sorted(
        (s for s in items if s not in ("goals", "")), key=rank) + ([""] if "" in items else [])

    per_row, dx, dy = _GRID
    pos: dict[str, tuple[float, float]] = {}
    bottom = 0.0
    for col, s in enumerate(order):
        x0 = col * _COL_W
        y = _TOP if any(kind[n] == "area" for n in items[s]) else 0.0
        for n in items[s]:
            if kind[n] == "area":
                pos[n] = (x0, 0.0)
                continue
            if kind[n] == "target":  # a target whose task or indicator is not drawn
                pos[n] = (x0, y)
                y += dy
                continue
            targets = sorted((v for _, v, k in G.out_edges(n, keys=True)
                              if k in ("sets_target", "has_target") and v not in pos),
                             key=lambda t: (G.nodes[t].get("year") or 0, t))
            st = NODE_STYLES[kind[n]]
            rows = math.ceil(len(targets) / per_row)
            if st["shape"] in _INSIDE:  # the label is inside: centre the node in its slot
                _, text_h = _label_box(_full_label(G.nodes[n], lang), st["font"], 8)
                height = max(text_h, rows * dy, 34)
                centre = y + height / 2
            else:  # the label hangs below the shape
                _, text_h = _label_box(_full_label(G.nodes[n], lang), st["font"])
                height = max(2 * st["size"] + text_h + 6, rows * dy + st["size"])
                centre = y + max(st["size"], rows * dy / 2)
            pos[n] = (x0 - 50, centre)
            for j, t in enumerate(targets):
                r, c = divmod(j, per_row)
                pos[t] = (x0 + 50 + c * dx, centre + (r - (rows - 1) / 2) * dy)
            y += height + _GAP
        bottom = max(bottom, y)

    # organisations: rows below the columns, each under the mean place of what it works on
    orgs = [n for n in G if kind[n] == "organisation"]
    if not orgs:
        return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
    load = _workload(C)
    lo, hi = -_COL_W / 2, (len(order) - 0.5) * _COL_W
    want: dict[str, float] = {}
    for n in orgs:
        xs = [pos[v][0] for _, v, k in G.out_edges(n, keys=True) if k in _ROLE_EDGES and v in pos]
        want[n] = sum(xs) / len(xs) if xs else lo + _COL_W / 2
    font = NODE_STYLES["organisation"]["font"]
    half = {n: max(_label_box(_full_label(G.nodes[n], lang), font)[0],
                   2 * _org_size(load.get(n, {}).get("total", 0))) / 2 + 14 for n in orgs}
    # a part of the plan with few columns still gets rows wide enough to read
    span = max(hi - lo, min(sum(2 * h for h in half.values()), 6 * _COL_W))
    lo, hi = (lo + hi - span) / 2, (lo + hi + span) / 2
    rows_of: list[list[str]] = [[]]
    for n in sorted(orgs, key=lambda n: (-load.get(n, {}).get("total", 0), want[n], n)):
        if rows_of[-1] and sum(2 * half[m] for m in rows_of[-1]) + 2 * half[n] > hi - lo:
            rows_of.append([])
        rows_of[-1].append(n)
    y = (bottom + _ORG_GAP) if pos else 0.0
    for members in rows_of:
        xs = _spread([(n, want[n], half[n]) for n in members], lo, hi)
        for n in members:
            pos[n] = (xs[n], y)
        # the next row starts below this row's tallest label
        y += max(_label_box(_full_label(G.nodes[n], lang), font)[1]
                 + _org_size(load.get(n, {}).get("total", 0)) for n in members) + _ORG_ROW
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _full_label(attrs: dict, lang: str) -> str:
    """The label drawn when zoomed in (wrapped)."""
    kind = attrs.get("kind", "")
    st = NODE_STYLES.get(kind, NODE_STYLES["target"])
    name = _label(attrs, lang)
    if kind == "target":
        return _target_text(attrs, lang, with_year=False)
    if kind == "area":
        return wrap(f"{_numbered(attrs, lang)} {name}", st["wrap"])
    if kind in ("task", "platform", "indicator") and attrs.get("number") is not None:
        return wrap(f"{attrs['number']}. {name}", st["wrap"])
    return wrap(name, st["wrap"])


def _short_label(attrs: dict, lang: str) -> str:
    """The label drawn in the overview: numbers for tasks, platforms and indicators."""
    kind = attrs.get("kind", "")
    if kind in ("task", "platform", "indicator") and attrs.get("number") is not None:
        return str(attrs["number"])
    if kind == "target":
        return ""
    return _full_label(attrs, lang)


# ----------------------------------------------------------------------------- tooltips


def _tooltip(G, n, lang: str, load) -> str:
    """Plain text shown on hover: names in all three languages, what it is, who, targets, source."""
    ui = uitext.words("viz", lang)
    attrs = G.nodes[n]
    kind = attrs.get("kind", "")
    lines = [_label(attrs, lang)]
    others = _others(attrs, lang)
    if others:
        lines.append(" · ".join(others))
    what = _numbered(attrs, lang)
    if kind == "organisation" and attrs.get("org_kind"):
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", attrs["org_kind"]).lower()
        what = f"{what} ({words})" if lang == "en" else what
    lines.append(what)

    def names(nodes):
        return ", ".join(_label(G.nodes[x], lang) for x in nodes)

    def role(k):
        return sorted((u for u, _, kk in G.in_edges(n, keys=True) if kk == k),
                      key=lambda u: (_label(G.nodes[u], lang), u))

    if kind == "organisation":
        w = load.get(n)
        if w:
            lines.append(_plural(ui["workload_fmt"].format(**w)))
            if w["tasks_responsible"]:
                lines.append(_plural(ui["responsible_fmt"].format(**w)))
        for k, head in (("leads", "lead_by"), ("cooperates", "coop_by"),
                        ("responsible", "resp_by")):
            things = sorted((v for _, v, kk in G.out_edges(n, keys=True) if kk == k),
                            key=lambda v: (_KIND_ORDER.index(G.nodes[v].get("kind", "task")),
                                           G.nodes[v].get("number") or 0))
            if things:
                shown = [f"{_numbered(G.nodes[v], lang)}" for v in things]
                lines.append(f"{ui[head]}: " + _shorten(", ".join(shown), 160))
    if kind in ("task", "platform", "indicator"):
        for k, head in (("leads", "lead_by"), ("cooperates", "coop_by"),
                        ("responsible", "resp_by")):
            who = role(k)
            if who:
                lines.append(f"{ui[head]}: " + _shorten(names(who), 200))
    if kind in ("task", "platform") and attrs.get("area") in G:
        lines.append(f"{ui['in_area_t']}: {_numbered(G.nodes[attrs['area']], lang)} "
                     f"{_label(G.nodes[attrs['area']], lang)}")
    if kind == "area":
        inside = [u for u, _, k in G.in_edges(n, keys=True) if k == "in_area"]
        tasks = sum(G.nodes[u].get("kind") == "task" for u in inside)
        platforms = sum(G.nodes[u].get("kind") == "platform" for u in inside)
        lines.append(_plural(ui["area_fmt"].format(tasks=tasks, platforms=platforms)))
    if kind == "task":
        text = attrs.get("text_zh_hant") if lang == "zh-Hant" else attrs.get("text_zh_hans")
        text = text or attrs.get("text_zh_hans") or attrs.get("text_zh_hant")
        if text:
            lines.append(f"{ui['text']}: " + _shorten(text, 140))
    if kind in ("task", "indicator", "goal"):
        targets = sorted((v for _, v, k in G.out_edges(n, keys=True)
                          if k in ("sets_target", "has_target")),
                         key=lambda v: (G.nodes[v].get("year") or 0, v))
        if targets:
            lines.append(f"{ui['targets']}:")
            for t in targets:
                metric = _label(G.nodes[t], lang)
                own = kind == "indicator"
                lines.append("  • " + ("" if own else _shorten(metric, 40) + " ")
                             + _target_text(G.nodes[t], lang))
    if kind == "target":
        lines[0] = f"{_label(attrs, lang)}: {_target_text(attrs, lang)}"
        owners = _owners(G, n)
        if owners:
            lines.append(f"{ui['set_by']}: " + ", ".join(
                f"{_numbered(G.nodes[o], lang)} {_label(G.nodes[o], lang)}" for o in owners))
        measured = [v for _, v, k in G.out_edges(n, keys=True) if k == "measures"]
        if measured:
            lines.append(f"{ui['measures_t']}: " + ", ".join(
                f"{_numbered(G.nodes[v], lang)} {_label(G.nodes[v], lang)}" for v in measured))
    quote = attrs.get("quote_zh_hant") if lang == "zh-Hant" else attrs.get("quote_zh_hans")
    if kind in ("target", "goal", "indicator", "platform") and quote:
        lines.append("“" + _shorten(quote, 120) + "”")
    if attrs.get("line"):
        lines.append(f"{ui['source']} {attrs['line']}" + ("" if lang == "en" else "行"))
    return "\n".join(lines)


def _edge_title(G, u, v, k, lang: str) -> str:
    ui = uitext.words("viz", lang)
    a, b = G.nodes[u], G.nodes[v]

    def name(x):
        label = _label(x, lang)
        if x.get("kind") in ("task", "indicator", "platform", "area"):
            return f"{_numbered(x, lang)} {label}"
        return label

    sep = " " if lang == "en" else ""
    return f"{name(a)}{sep}{ui.get(k, k)}{sep}{name(b)}"


# ----------------------------------------------------------------------------- the page


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, from the pyvis package (works offline)."""
    import pyvis

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


def _org_size(total: int) -> float:
    return round(NODE_STYLES["organisation"]["size"] + 5.0 * math.sqrt(total), 1)


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
    from .progress import text as progress_text

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
        from .projection import to_networkx

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
    load = _workload(G)  # workload over the whole plan, not the part drawn
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


def _page(G, H, *, lang, physics, title, load, candidates, status) -> Page:
    from pyvis.network import Network

    ui = uitext.words("viz", lang)
    areas = node_areas(G)
    pos = layout(H, lang, context=G)
    by_iri = {c.iri: c for c in candidates}

    # pyvis builds the node and edge records from a display copy of the graph: from_nx
    # writes into the graph it is given, and the projection must stay as it was.
    import networkx as nx

    D = nx.MultiDiGraph()
    for n in sorted(H):
        attrs = H.nodes[n]
        kind = attrs.get("kind", "")
        st = NODE_STYLES.get(kind, NODE_STYLES["target"])
        name = _label(attrs, lang) or n
        full, short = _full_label(attrs, lang), _short_label(attrs, lang)
        size = _org_size(load.get(n, {}).get("total", 0)) if kind == "organisation" \
            else st["size"]
        c = by_iri.get(n)
        names = list(c.labels) if c else [x for x in (attrs.get("label_en"),
                                                          attrs.get("label_zh_hans"),
                                                          attrs.get("label_zh_hant")) if x]
        if c and c.number is not None and kind in ("task", "indicator", "platform"):
            names += [f"{kind} {c.number}", _numbered(attrs, "zh-Hans"),
                      _numbered(attrs, "zh-Hant")]
        x, y = pos.get(n, (0.0, 0.0))
        tooltip = _tooltip(H, n, lang, load)
        fill, border = st["color"], st["border"]
        if n in status:
            from .progress import text as progress_text

            fill, border = STATUS_STYLES[status[n]]
            tooltip += f"\n{progress_text('legend', lang)}: {progress_text(status[n], lang)}"

        def font(px, st=st):
            return {"size": px, "color": st["font_color"],
                    "strokeWidth": 0 if st["shape"] in ("box", "ellipse") else 4,
                    "strokeColor": "#ffffff"}

        D.add_node(
            n, label=short, labelShort=short, labelFull=full, fullAt=st["full_at"],
            font=font(st["short_font"]), fontShort=font(st["short_font"]),
            fontFull=font(st["font"]), title=tooltip, shape=st["shape"],
            size=size, x=x, y=y, kind=kind, number=attrs.get("number"),
            areas=sorted(areas.get(n, ())), names=names, name=name,
            color={"background": fill, "border": border,
                   "highlight": {"background": fill, "border": "#111111"},
                   "hover": {"background": fill, "border": "#111111"}},
            fixed=kind == "area" and bool(physics),
            physics=H.degree(n) > 0,
            mass=2 if kind == "organisation" else 1,
        )
        if st["shape"] in ("box", "ellipse"):
            D.nodes[n]["margin"] = 8
    for i, (u, v, k) in enumerate(sorted(H.edges(keys=True))):
        st = EDGE_STYLES.get(k, EDGE_STYLES["sets_target"])
        D.add_edge(u, v, key=k, id=f"e{i}", kind=k, title=_edge_title(H, u, v, k, lang),
                   color={"color": st["color"], "highlight": "#111111", "hover": "#333333",
                          "opacity": 1.0},
                   dashes=st["dashes"], weight=st["width"],
                   arrows={"to": {"enabled": st["arrow"], "scaleFactor": 0.7}})
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(D, default_node_size=10, show_edge_weights=False)
    nodes = [dict(n) for n in net.nodes]
    for n in nodes:  # from_nx rounds sizes to int
        n["size"] = D.nodes[n["id"]]["size"]
    edges = [{k: v for k, v in e.items() if k != "weight"} for e in net.edges]
    if len(nodes) != H.number_of_nodes() or len(edges) != H.number_of_edges():
        raise DataError(f"pyvis dropped part of the graph: {len(nodes)}/{H.number_of_nodes()} "
                        f"nodes, {len(edges)}/{H.number_of_edges()} edges")

    options = {
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

    present = {a.get("kind") for _, a in H.nodes(data=True)}
    kinds = [{"kind": k, "label": ui[k + "+"],
              "count": sum(1 for _, a in H.nodes(data=True) if a.get("kind") == k)}
             for k in _KIND_ORDER if k in present]
    area_nodes = sorted((n for n, a in G.nodes(data=True) if a.get("kind") == "area"
                         and any(n in areas.get(m, ()) for m in H)),
                        key=lambda n: (G.nodes[n].get("number") or 0, n))
    area_list = [{"id": n, "label": f"{_numbered(G.nodes[n], lang)} {_label(G.nodes[n], lang)}"}
                 for n in area_nodes]
    plan_title = (G.graph.get({"en": "title_en", "zh-Hans": "title_zh_hans",
                               "zh-Hant": "title_zh_hant"}[lang])
                  or G.graph.get("title_zh_hans") or "suchenggraph")
    page_title = title or plan_title
    data = {
        "lang": lang, "physics": bool(physics), "nodes": nodes, "edges": edges,
        "focus": H.graph.get("focus"),
        "options": options, "kinds": kinds, "areas": area_list, "fold": _fold_map(G),
        "ui": {"no_match": ui["no_match"], **{"kind_" + k: ui[k] for k in _KIND_ORDER}},
        "counts": {"nodes": len(nodes), "edges": len(edges)},
    }
    vis_js, vis_css = _vis_assets()
    esc = _html.escape
    legend_nodes = "".join(
        f'<label class="sg-kind"><input type="checkbox" data-kind="{esc(k["kind"])}" checked>'
        f'{_svg_shape(k["kind"])}<span>{esc(k["label"])}</span>'
        f'<span class="sg-count">{k["count"]}</span></label>' for k in kinds)
    edge_kinds = [k for k in EDGE_STYLES if any(kk == k for _, _, kk in H.edges(keys=True))]
    legend_edges = "".join(
        f'<div class="sg-edge">{_svg_edge(k)}<span>{esc(ui[k + "_l"])}</span></div>'
        for k in edge_kinds) + _status_legend(status, H, lang)
    area_options = "".join(f'<option value="{esc(a["id"])}">{esc(a["label"])}</option>'
                           for a in area_list)
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
        "SIZE_NOTE": esc(ui["size_note"]) if "organisation" in present else "",
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
