"""Where the graph page draws each node: a layered layout computed in Python.

:func:`node_areas` says which action areas each node belongs to (the page's area filter
and ``--area`` use it too); :func:`org_load` is each organisation's workload (it sizes the
organisation's dot); :func:`layout` gives every node a position: one column per action
area with its tasks, platforms and indicators, each with its targets beside it, and the
organisations in rows below, each under the areas it works in.
"""

from __future__ import annotations

import math

from .analyses import workload
from .vizlabels import full_label, target_owners
from .vizstyle import KIND_ORDER, NODE_STYLES, ROLE_EDGES, char_width, org_size

__all__ = ["node_areas", "org_load", "layout"]


def org_load(G) -> dict[str, dict]:
    """Per organisation: its :func:`suchenggraph.analyses.workload` row, plus ``total``.

    ``total`` (what sizes the organisation's dot) counts the tasks it leads, cooperates on
    or is responsible for, and the indicators and platforms it leads.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("o", kind="organisation"); G.add_node("t", kind="task", number=1)
    >>> _ = G.add_edge("o", "t", key="leads", kind="leads")
    >>> org_load(G)["o"]["total"]
    1
    """
    out = {}
    for row in workload(G, include_idle=True):
        row = dict(row)
        row["total"] = (row["tasks_led"] + row["tasks_cooperating"] + row["tasks_responsible"]
                        + row["indicators_led"] + row["platforms_led"])
        out[row["id"]] = row
    return out


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

    def targets_join(owner_kind):
        for n in G:
            if kind[n] == "target":
                for owner in target_owners(G, n):
                    if kind.get(owner) == owner_kind:
                        areas[n] |= areas[owner]

    # task targets, then the indicators they measure, then the indicators' own targets
    targets_join("task")
    for u, v, k in G.edges(keys=True):
        if k == "measures" and kind.get(v) == "indicator":
            areas[v] |= areas[u]
    targets_join("indicator")
    for u, v, k in G.edges(keys=True):
        if k in ROLE_EDGES:
            areas[u] |= areas[v]
    return {n: frozenset(s) for n, s in areas.items()}


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
                      for o in target_owners(C, t))
        return "goals" if by_goal else ""
    return ""


def _label_box(text: str, font: float, margin: float = 0) -> tuple[float, float]:
    """Rough width and height of a (wrapped) label drawn at ``font`` px."""
    lines = (text or " ").split("\n")
    width = max(sum(char_width(c) for c in line) for line in lines) * font * 0.55
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
        return (KIND_ORDER.index(kind[n]) if kind[n] in KIND_ORDER else 99, rank(n))

    # columns: goals first, then the action areas by number, then whatever has no column
    items: dict[str, list[str]] = {}
    for n in sorted(G, key=order_in_column):
        if kind[n] not in ("organisation", "target"):
            items.setdefault(_column(C, n, kind[n], areas, rank), []).append(n)
    for n in sorted(G):
        if kind[n] == "target" and not any(o in G for o in target_owners(G, n)):
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
                _, text_h = _label_box(full_label(G.nodes[n], lang), st["font"], 8)
                height = max(text_h, rows * dy, 34)
                centre = y + height / 2
            else:  # the label hangs below the shape
                _, text_h = _label_box(full_label(G.nodes[n], lang), st["font"])
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
    load = org_load(C)
    lo, hi = -_COL_W / 2, (len(order) - 0.5) * _COL_W
    want: dict[str, float] = {}
    for n in orgs:
        xs = [pos[v][0] for _, v, k in G.out_edges(n, keys=True) if k in ROLE_EDGES and v in pos]
        want[n] = sum(xs) / len(xs) if xs else lo + _COL_W / 2
    font = NODE_STYLES["organisation"]["font"]
    half = {n: max(_label_box(full_label(G.nodes[n], lang), font)[0],
                   2 * org_size(load.get(n, {}).get("total", 0))) / 2 + 14 for n in orgs}
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
        y += max(_label_box(full_label(G.nodes[n], lang), font)[1]
                 + org_size(load.get(n, {}).get("total", 0)) for n in members) + _ORG_ROW
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
