"""Ownership consistency: every place where the plan contradicts itself.

The plan names owners and numbers in two places: the task text (``X牵头`` and
the targets written in each task) and the annexes (Annex 1 indicators with a
lead and yearly targets; Annex 2 platforms with a lead and an action area).
:func:`find_conflicts` compares them and returns one finding per difference:

=======================  ==========  ==============================================
kind                     severity    what differs
=======================  ==========  ==============================================
indicator-lead           conflict    an Annex 1 indicator is led by an organisation
                                     that does not lead the task setting the same
                                     target (``sg:measures`` links the two)
platform-area            conflict    an Annex 2 platform is led by an organisation
                                     that leads no task in the platform's action area
target-number            conflict    the task (or goal) text and Annex 1 give a
                                     different number for the same target and year,
                                     compared in base units (``1万个`` = ``10000个``)
indicator-lead-partial   warning     the indicator and the task share a lead, but
                                     one of them names more leads than the other
target-comparator        warning     same number, different comparator (the text
                                     says "at least 1500", the annex says "1500")
target-year              warning     the text sets a target for a year the annex
                                     leaves blank ("/")
=======================  ==========  ==============================================

Each finding names both places in the source (``a_*``: the annex side,
``b_*``: the text side; each with ``place``, ``line``, ``quote`` and ``org``)
and a ``message`` in the chosen language.

>>> from suchenggraph.projection import example_graph
>>> [(f["severity"], f["kind"], f["subject"]) for f in find_conflicts(example_graph())]
[('conflict', 'indicator-lead', 'indicator 1'), ('conflict', 'platform-area', 'platform 1'), \
('conflict', 'target-number', 'indicator 1')]
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from . import targetsfmt
from .graphwalk import (
    LANGS,
    measured,
    of_kind,
    owners_of,
    role_orgs,
    source_quote,
    target_setter,
)
from .model import unit_scale
from .projection import label
from .uitext import words

__all__ = ["KINDS", "SEVERITIES", "find_conflicts", "summarise"]

#: kind -> severity, in the order findings are listed.
KINDS: dict[str, str] = {
    "indicator-lead": "conflict",
    "platform-area": "conflict",
    "target-number": "conflict",
    "indicator-lead-partial": "warning",
    "target-comparator": "warning",
    "target-year": "warning",
}
SEVERITIES = ("conflict", "warning")

def _same_comparator(a: str | None, b: str | None) -> bool:
    """Full coverage is 100 % exactly; a missing comparator reads as exactly."""
    norm = {None: "Exactly", "FullCoverage": "Exactly"}
    return norm.get(a, a) == norm.get(b, b)


def _base(attrs: dict):
    value = attrs.get("value")
    if value is None:
        return None
    return unit_scale(str(Decimal(str(value))), attrs.get("unit") or "")


def _leads_of(G, node) -> list[str]:
    return sorted(u for u, _, k in G.in_edges(node, keys=True) if k == "leads"
                  and G.nodes[u].get("kind") == "organisation")


def _lead_edge(G, org, node) -> dict:
    data = G.get_edge_data(org, node, key="leads")
    return data or {}


def _names(G, orgs, lang) -> list[str]:
    return [label(G.nodes[o], lang) for o in orgs]


def _joined(names: list[str], lang: str) -> str:
    return (", " if lang == "en" else "、").join(names) if names else ""


def _place(G, node, T) -> str:
    attrs = G.nodes[node]
    kind = attrs.get("kind")
    if kind == "goal":
        return T["goal"].format(n=attrs.get("year"))
    return T[kind].format(n=attrs.get("number"))


def _finding(kind, subject, name, a, b, detail, message, **extra) -> dict:
    row = {"severity": KINDS[kind], "kind": kind, "subject": subject, "name": name}
    for side, values in (("a", a), ("b", b)):
        for key in ("place", "line", "quote", "org"):
            row[f"{side}_{key}"] = values.get(key)
    row["detail"] = detail
    row["message"] = message
    for side, values in (("a", a), ("b", b)):
        row[f"{side}_id"] = values.get("id")
        row[f"{side}_org_ids"] = values.get("org_ids", [])
    row.update({"year": None, "tasks": None}, **extra)
    return row


def _indicator_findings(G, lang, script, T) -> list[dict]:
    out = []
    for ind in of_kind(G, "indicator"):
        iattrs = G.nodes[ind]
        n, name = iattrs.get("number"), label(iattrs, lang)
        ind_leads = _leads_of(G, ind)
        row_line = iattrs.get("line")
        row_quote = source_quote(iattrs, lang, script)
        annex = {}
        for _, t, k in G.out_edges(ind, keys=True):
            if k == "has_target":
                annex[G.nodes[t].get("year")] = t
        text_targets = sorted(
            (t for t in G.predecessors(ind) if G.nodes[t].get("kind") == "target"
             and ind in measured(G, t) and target_setter(G, t) is not None),
            key=lambda t: (G.nodes[target_setter(G, t)].get("kind") != "task", t))
        a_side = {"place": T["annex1"].format(n=n), "line": row_line, "quote": row_quote,
                  "org": _names(G, ind_leads, lang), "org_ids": ind_leads, "id": ind}
        for t in text_targets:
            tattrs = G.nodes[t]
            setter = target_setter(G, t)
            sattrs = G.nodes[setter]
            is_task = sattrs.get("kind") == "task"
            owners = owners_of(G, setter) if is_task else []
            b_side = {"place": _place(G, setter, T), "line": tattrs.get("line"),
                      "quote": source_quote(tattrs, lang, script),
                      "org": _names(G, owners, lang) if is_task else [],
                      "org_ids": owners, "id": t}
            fmt = {"n": n, "name": name, "a_line": row_line, "b_line": b_side["line"],
                   "b_quote": b_side["quote"], "b_place": b_side["place"],
                   "a_org": _joined(a_side["org"], lang),
                   "b_org": _joined(b_side["org"], lang) or T["none"]}
            # 1. ownership
            if is_task and ind_leads and owners and set(ind_leads) != set(owners):
                kind = "indicator-lead" if not set(ind_leads) & set(owners) else \
                    "indicator-lead-partial"
                roles = role_orgs(G, setter)
                notes = [T["cooperates" if kind == "indicator-lead" else "also"].format(
                    org=label(G.nodes[o], lang), where=b_side["place"])
                    for o in ind_leads if o in roles.get("cooperates", [])]
                out.append(_finding(kind, f"indicator {n}", name, a_side, b_side,
                                    "; ".join(notes), T[kind].format(**fmt),
                                    year=tattrs.get("year")))
            # 2. numbers, in base units, for the same year
            year = tattrs.get("year")
            if tattrs.get("recurrence") or year is None:
                continue
            fmt["year"] = year
            fmt["b_value"] = targetsfmt.amount(tattrs, lang, words=True, script=script)
            annex_target = annex.get(year)
            if annex_target is None:
                fmt["a_value"] = ""
                out.append(_finding("target-year", f"indicator {n}", name, a_side, b_side,
                                    f"{year}: {fmt['b_value']}", T["target-year"].format(**fmt),
                                    year=year))
                continue
            aattrs = G.nodes[annex_target]
            a_cell = dict(a_side, line=aattrs.get("line") or row_line)
            fmt["a_value"] = targetsfmt.amount(aattrs, lang, words=True, script=script)
            fmt["a_line"] = a_cell["line"]
            a_base, b_base = _base(aattrs), _base(tattrs)
            if a_base is None or b_base is None:
                continue
            detail = f"{year}: {fmt['a_value']} / {fmt['b_value']}"
            if a_base[0] != b_base[0]:
                if aattrs.get("unit") != tattrs.get("unit"):
                    detail += T["base"].format(a=f"{targetsfmt.number(a_base[0])}{a_base[1]}",
                                               b=f"{targetsfmt.number(b_base[0])}{b_base[1]}")
                out.append(_finding("target-number", f"indicator {n}", name, a_cell, b_side,
                                    detail, T["target-number"].format(**fmt), year=year))
            elif not _same_comparator(aattrs.get("comparator"), tattrs.get("comparator")):
                out.append(_finding("target-comparator", f"indicator {n}", name, a_cell,
                                    b_side, detail, T["target-comparator"].format(**fmt),
                                    year=year))
    return out


def _platform_findings(G, lang, script, T) -> list[dict]:
    out = []
    tasks_in: dict[str, list[str]] = {}
    for task in of_kind(G, "task"):
        tasks_in.setdefault(G.nodes[task].get("area"), []).append(task)
    for pf in of_kind(G, "platform"):
        pattrs = G.nodes[pf]
        area = pattrs.get("area")
        leads = _leads_of(G, pf)
        tasks = tasks_in.get(area, [])
        if area is None or area not in G or not leads or not tasks:
            continue
        area_leads = {o for t in tasks for o in owners_of(G, t)}
        if set(leads) & area_leads:
            continue
        counts = Counter(o for t in tasks for o in owners_of(G, t))
        others = sorted(counts, key=lambda o: (-counts[o], o))
        first = tasks[0]
        clause = _lead_edge(G, owners_of(G, first)[0], first) if owners_of(G, first) else {}
        n, name = pattrs.get("number"), label(pattrs, lang)
        aattrs = G.nodes[area]
        ns = ", ".join(str(G.nodes[t].get("number")) for t in tasks)
        a_side = {"place": T["annex2"].format(n=n), "line": pattrs.get("line"),
                  "quote": source_quote(pattrs, lang, script), "org": _names(G, leads, lang),
                  "org_ids": leads, "id": pf}
        b_side = {"place": T["tasks"].format(ns=ns, a=aattrs.get("number")),
                  "line": clause.get("line", G.nodes[first].get("line")),
                  "quote": (source_quote(clause, lang, script)
                            or source_quote(G.nodes[first], lang, script)),
                  "org": _names(G, others, lang), "org_ids": others, "id": area}
        notes = []
        for org in leads:
            coop = [t for t in tasks if org in role_orgs(G, t).get("cooperates", [])]
            if coop:
                cns = ", ".join(str(G.nodes[t].get("number")) for t in coop)
                where = (T["task"] if len(coop) == 1 else T["task_list"]).format(n=cns, ns=cns)
                notes.append(T["cooperates"].format(org=label(G.nodes[org], lang), where=where))
        fmt = {"n": n, "name": name, "a_line": a_side["line"], "a_org": _joined(a_side["org"],
                                                                              lang),
               "area": aattrs.get("number"), "area_name": label(aattrs, lang),
               "b_place": b_side["place"], "b_org": _joined(b_side["org"], lang),
               "b_line": b_side["line"], "b_quote": b_side["quote"]}
        out.append(_finding("platform-area", f"platform {n}", name, a_side, b_side,
                            "; ".join(notes), T["platform-area"].format(**fmt),
                            tasks=[G.nodes[t].get("number") for t in tasks]))
    return out


def find_conflicts(G, *, lang: str = "en", kinds=None) -> list[dict]:
    """Every ownership or number contradiction between the task text and the annexes.

    ``kinds`` (a subset of :data:`KINDS`) limits the search. Findings come
    conflicts first, then by kind (in :data:`KINDS` order), subject number and
    text place. Quotes are Simplified for ``zh-Hans`` and as written in the
    source otherwise.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> f = find_conflicts(example_graph(), kinds=["indicator-lead"])[0]
    >>> f["a_place"], f["a_line"], f["a_org"], f["b_place"], f["b_line"], f["b_org"]
    ('Annex 1 #1', 14, ['Science and Technology Bureau'], 'task 1', 6, ['Bureau of Commerce'])
    >>> f["detail"]
    'Science and Technology Bureau only cooperates on task 1'
    >>> print(find_conflicts(example_graph(), lang="zh-Hans", kinds=["target-number"])[0]["message"])
    指标1“电子商务交易额”:附件1(第14行)2024年为400亿元,任务1(第6行:电子商务交易额达到450亿元)为450亿元。
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    wanted = set(KINDS) if kinds is None else set(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) {', '.join(sorted(unknown))}: use "
                         f"{', '.join(KINDS)}")
    T = words("conflicts", lang)
    script = G.graph.get("source_script")
    found = _indicator_findings(G, lang, script, T) + _platform_findings(G, lang, script, T)
    order = list(KINDS)

    def key(f):
        number = int(f["subject"].rsplit(" ", 1)[1])
        return (SEVERITIES.index(f["severity"]), order.index(f["kind"]), number,
                f["b_line"] or 0, f["b_id"] or "")

    return sorted((f for f in found if f["kind"] in wanted), key=key)


def summarise(findings: list[dict]) -> dict[str, int]:
    """How many findings of each severity.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> summarise(find_conflicts(example_graph()))
    {'conflict': 3, 'warning': 0}
    """
    counts = Counter(f["severity"] for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}
