"""How the graph page looks: one table per node kind, edge kind and progress status.

Read by the layout (:mod:`suchenggraph.vizlayout`: label sizes), the node and edge
records (:mod:`suchenggraph.vizrecords`) and the page's legend (:mod:`suchenggraph.viz`).
Also the two text measures they share: :func:`char_width` and :func:`wrap`.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["NODE_STYLES", "EDGE_STYLES", "STATUS_STYLES", "KIND_ORDER", "ROLE_EDGES",
           "char_width", "wrap", "org_size"]


#: How each node kind looks: vis-network shape, fill, border, label font size (``font``, and
#: ``short_font`` for the overview label), label colour, base size and label wrap width
#: (columns). Tasks, platforms, indicators and targets show a short label (their number) in
#: the overview and their name once the reader zooms in to ``full_at``; organisation and
#: area names always show.
_NODE_FIELDS = ("shape", "color", "border", "font", "short_font", "font_color", "size", "wrap",
                "full_at")
_NODE_ROWS = (
    # kind          shape      fill       border     font short label      size wrap full_at
    ("area",         "box",     "#1d4e89", "#0f2f57", 24, 24, "#ffffff", 30, 16, 0),
    ("organisation", "dot",     "#e76f51", "#a5432b", 26, 26, "#2b1a14", 9,  18, 0),
    ("task",         "ellipse", "#dbe9f6", "#5b8fc7", 14, 20, "#12263f", 16, 22, 0.75),
    ("platform",     "hexagon", "#2a9d8f", "#1d6f65", 14, 18, "#0f3f39", 12, 22, 0.75),
    ("indicator",    "diamond", "#8e5ac8", "#5e3490", 14, 18, "#3d1f63", 12, 22, 0.75),
    ("goal",         "star",    "#f2b705", "#a67c00", 18, 18, "#5c4500", 18, 16, 0),
    ("target",       "square",  "#9aa5b1", "#66717d", 10, 10, "#3e4750", 5,  14, 1.4),
)
NODE_STYLES: dict[str, dict] = {row[0]: dict(zip(_NODE_FIELDS, row[1:], strict=True))
                                for row in _NODE_ROWS}

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

KIND_ORDER = ("area", "organisation", "task", "platform", "indicator", "goal", "target")

ROLE_EDGES = ("leads", "cooperates", "responsible")


def char_width(ch: str) -> int:
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
        w = sum(char_width(c) for c in tok)
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + tok, used + w
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def org_size(total: int) -> float:
    return round(NODE_STYLES["organisation"]["size"] + 5.0 * math.sqrt(total), 1)
