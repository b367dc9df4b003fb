"""What the graph page says about a node or an edge, as plain text.

A node's labels (:func:`full_label` drawn when zoomed in, :func:`short_label` in the
overview, :func:`numbered` such as ``Task 23`` / ``任务23``), its hover text
(:func:`node_tooltip`: names in the three languages, roles, targets, source line), an
edge's hover text (:func:`edge_title`), and a target in a few words (:func:`target_text`).
The words around them come from the ``viz`` section of :mod:`suchenggraph.uitext`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import uitext
from .projection import label
from .text import to_traditional
from .vizstyle import KIND_ORDER, NODE_STYLES, wrap

__all__ = ["node_label", "numbered", "target_text", "target_owners", "full_label",
           "short_label", "node_tooltip", "edge_title"]


_COMPARATOR = {"AtLeast": "≥", "MoreThan": ">", "About": "≈", "Exactly": "", "AtMost": "≤"}


def _shorten(text: str | None, limit: int) -> str:
    if not text:
        return ""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def node_label(attrs: dict, lang: str) -> str:
    return label(attrs, lang) or ""


def _others(attrs: dict, lang: str) -> list[str]:
    """The node's names in the two languages other than ``lang`` (when they differ)."""
    main = node_label(attrs, lang)
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


def target_text(attrs: dict, lang: str, with_year: bool = True) -> str:
    """``2024: ≥ 30 %`` style summary of a target.

    >>> target_text({"value": Decimal("30.0"), "unit": "%", "comparator": "AtLeast",
    ...               "year": 2024}, "en")
    '2024: ≥ 30%'
    """
    ui = uitext.words("viz", lang)
    unit = attrs.get("unit_en") if lang == "en" and attrs.get("unit_en") else attrs.get("unit")
    if unit in ("percent", "％"):
        unit = "%"
    elif unit and lang == "zh-Hant":
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


def numbered(attrs: dict, lang: str) -> str:
    """``Task 23`` / ``任务23`` for numbered things, else the kind name."""
    name = _kind_name(attrs.get("kind", ""), lang)
    number = attrs.get("number")
    if number is None:
        return name
    return f"{name} {number}" if lang == "en" else f"{name}{number}"


def target_owners(G, n) -> list[str]:
    """The task, indicator or goal a target belongs to (sets_target / has_target)."""
    return sorted(u for u, _, k in G.in_edges(n, keys=True) if k in ("sets_target", "has_target"))


def full_label(attrs: dict, lang: str) -> str:
    """The label drawn when zoomed in (wrapped)."""
    kind = attrs.get("kind", "")
    st = NODE_STYLES.get(kind, NODE_STYLES["target"])
    name = node_label(attrs, lang)
    if kind == "target":
        return target_text(attrs, lang, with_year=False)
    if kind == "area":
        return wrap(f"{numbered(attrs, lang)} {name}", st["wrap"])
    if kind in ("task", "platform", "indicator") and attrs.get("number") is not None:
        return wrap(f"{attrs['number']}. {name}", st["wrap"])
    return wrap(name, st["wrap"])


def short_label(attrs: dict, lang: str) -> str:
    """The label drawn in the overview: numbers for tasks, platforms and indicators."""
    kind = attrs.get("kind", "")
    if kind in ("task", "platform", "indicator") and attrs.get("number") is not None:
        return str(attrs["number"])
    if kind == "target":
        return ""
    return full_label(attrs, lang)


def node_tooltip(G, n, lang: str, load) -> str:
    """Plain text shown on hover: names in all three languages, what it is, who, targets, source."""
    ui = uitext.words("viz", lang)
    attrs = G.nodes[n]
    kind = attrs.get("kind", "")
    lines = [node_label(attrs, lang)]
    others = _others(attrs, lang)
    if others:
        lines.append(" · ".join(others))
    what = numbered(attrs, lang)
    if kind == "organisation" and attrs.get("org_kind"):
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", attrs["org_kind"]).lower()
        what = f"{what} ({words})" if lang == "en" else what
    lines.append(what)

    def names(nodes):
        return ", ".join(node_label(G.nodes[x], lang) for x in nodes)

    def role(k):
        return sorted((u for u, _, kk in G.in_edges(n, keys=True) if kk == k),
                      key=lambda u: (node_label(G.nodes[u], lang), u))

    if kind == "organisation":
        w = load.get(n)
        if w:
            lines.append(_plural(ui["workload_fmt"].format(**w)))
            if w["tasks_responsible"]:
                lines.append(_plural(ui["responsible_fmt"].format(**w)))
        for k, head in (("leads", "lead_by"), ("cooperates", "coop_by"),
                        ("responsible", "resp_by")):
            things = sorted((v for _, v, kk in G.out_edges(n, keys=True) if kk == k),
                            key=lambda v: (KIND_ORDER.index(G.nodes[v].get("kind", "task")),
                                           G.nodes[v].get("number") or 0))
            if things:
                shown = [f"{numbered(G.nodes[v], lang)}" for v in things]
                lines.append(f"{ui[head]}: " + _shorten(", ".join(shown), 160))
    if kind in ("task", "platform", "indicator"):
        for k, head in (("leads", "lead_by"), ("cooperates", "coop_by"),
                        ("responsible", "resp_by")):
            who = role(k)
            if who:
                lines.append(f"{ui[head]}: " + _shorten(names(who), 200))
    if kind in ("task", "platform") and attrs.get("area") in G:
        lines.append(f"{ui['in_area_t']}: {numbered(G.nodes[attrs['area']], lang)} "
                     f"{node_label(G.nodes[attrs['area']], lang)}")
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
                metric = node_label(G.nodes[t], lang)
                own = kind == "indicator"
                lines.append("  • " + ("" if own else _shorten(metric, 40) + " ")
                             + target_text(G.nodes[t], lang))
    if kind == "target":
        lines[0] = f"{node_label(attrs, lang)}: {target_text(attrs, lang)}"
        owners = target_owners(G, n)
        if owners:
            lines.append(f"{ui['set_by']}: " + ", ".join(
                f"{numbered(G.nodes[o], lang)} {node_label(G.nodes[o], lang)}" for o in owners))
        measured = [v for _, v, k in G.out_edges(n, keys=True) if k == "measures"]
        if measured:
            lines.append(f"{ui['measures_t']}: " + ", ".join(
                f"{numbered(G.nodes[v], lang)} {node_label(G.nodes[v], lang)}" for v in measured))
    quote = attrs.get("quote_zh_hant") if lang == "zh-Hant" else attrs.get("quote_zh_hans")
    if kind in ("target", "goal", "indicator", "platform") and quote:
        lines.append("“" + _shorten(quote, 120) + "”")
    if attrs.get("line"):
        lines.append(f"{ui['source']} {attrs['line']}" + ("" if lang == "en" else "行"))
    return "\n".join(lines)


def edge_title(G, u, v, k, lang: str) -> str:
    ui = uitext.words("viz", lang)
    a, b = G.nodes[u], G.nodes[v]

    def name(x):
        label = node_label(x, lang)
        if x.get("kind") in ("task", "indicator", "platform", "area"):
            return f"{numbered(x, lang)} {label}"
        return label

    sep = " " if lang == "en" else ""
    return f"{name(a)}{sep}{ui.get(k, k)}{sep}{name(b)}"
