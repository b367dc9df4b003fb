"""Coverage: the gaps in the plan, from its projection.

Four lists (:data:`COVERAGE_KINDS`): tasks that name no cooperating unit, targets that
measure no Annex 1 indicator, indicators no task text backs, and what each collective
actor (各园区, 各街道 ...) is asked to do. :func:`coverage` gives them as four lists, one
function per list (:func:`_without_cooperation`, :func:`_without_indicator`,
:func:`_without_task`, :func:`_collective_actors`); :func:`coverage_rows` as one flat
table, the rows ``suchenggraph analyze coverage`` prints. Like the analyses, each takes
the projected graph first and returns plain data, with labels in ``lang``; the graph is
read with :mod:`suchenggraph.graphwalk`.
"""

from __future__ import annotations

from . import targetsfmt, uitext
from .graphwalk import (
    ROLE_KINDS,
    check_lang,
    measured,
    of_kind,
    owners_of,
    role_orgs,
    source_quote,
    source_script,
    target_setter,
    targets_of,
)
from .projection import label

__all__ = ["COVERAGE_KINDS", "coverage", "coverage_rows"]

#: The four lists :func:`coverage` returns, in order.
COVERAGE_KINDS = ("task-without-cooperation", "target-without-indicator",
                  "indicator-without-task", "collective-actor")


def _source_name(G, node, lang) -> str:
    attrs = G.nodes[node]
    if attrs.get("kind") == "goal":
        return uitext.word("analyses", "goals_of", lang).format(year=attrs.get("year"))
    return f"{attrs.get('kind')} {attrs.get('number')}"


def coverage(G, *, lang: str = "en") -> dict[str, list[dict]]:
    """Gaps in the plan, as four lists keyed by :data:`COVERAGE_KINDS`.

    * ``task-without-cooperation``: tasks that name no cooperating (or
      responsible) organisation besides their lead;
    * ``target-without-indicator``: targets written in the task or goal text
      that measure no Annex 1 indicator;
    * ``indicator-without-task``: Annex 1 indicators whose targets no task
      text sets (``in_goals`` says whether the overall goals state one);
    * ``collective-actor``: what each collective actor (各园区, 各街道 ...) is
      asked to do: one row per task and role.

    Each row carries ``line`` and ``quote`` (the source, Simplified for
    ``zh-Hans``, otherwise as written).

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> gaps = coverage(example_graph())
    >>> [(r["task"], r["lead"]) for r in gaps["task-without-cooperation"]]
    [(3, ['Bureau of Industry and Information Technology'])]
    >>> [(r["source"], r["metric"], r["value"], r["unit"]) for r in gaps["target-without-indicator"]]
    [('task 2', '新增示范车间', '20', '个')]
    >>> gaps["indicator-without-task"]
    []
    >>> [(r["actor"], r["role"], r["task"]) for r in gaps["collective-actor"]]
    [('All parks', 'cooperating', 1)]
    """
    check_lang(lang)
    script = G.graph.get("source_script")
    return {"task-without-cooperation": _without_cooperation(G, lang, script),
            "target-without-indicator": _without_indicator(G, lang, script),
            "indicator-without-task": _without_task(G, lang, script),
            "collective-actor": _collective_actors(G, lang, script)}


def _without_cooperation(G, lang: str, script: str | None) -> list[dict]:
    """Tasks that name no cooperating (or responsible) organisation besides their lead."""
    out = []
    for task in of_kind(G, "task"):
        roles = role_orgs(G, task)
        if not roles.get("cooperates") and not roles.get("responsible"):
            attrs = G.nodes[task]
            out.append({
                "task": attrs.get("number"), "title": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in roles.get("leads", [])],
                "line": attrs.get("line"), "quote": source_quote(attrs, lang, script), "id": task})
    return out


def _without_indicator(G, lang: str, script: str | None) -> list[dict]:
    """Targets written in a task's or a goal's text that measure no Annex 1 indicator."""
    out = []
    for setter in of_kind(G, "task") + of_kind(G, "goal"):
        for t in targets_of(G, setter, "sets_target"):
            if measured(G, t):
                continue
            attrs = G.nodes[t]
            out.append({
                "source": _source_name(G, setter, lang),
                "metric": label(attrs, source_script(lang, script)),
                "value": targetsfmt.number(attrs.get("value")), "unit": attrs.get("unit"),
                "comparator": attrs.get("comparator"), "year": attrs.get("year"),
                "recurrence": attrs.get("recurrence"), "line": attrs.get("line"),
                "quote": source_quote(attrs, lang, script), "id": t})
    return out


def _without_task(G, lang: str, script: str | None) -> list[dict]:
    """Annex 1 indicators whose targets no task text sets."""
    out = []
    for ind in of_kind(G, "indicator"):
        sources = set()
        for t in G.predecessors(ind):
            if G.nodes[t].get("kind") == "target" and ind in measured(G, t):
                setter = target_setter(G, t)
                if setter is not None:
                    sources.add(G.nodes[setter].get("kind"))
        if "task" not in sources:
            attrs = G.nodes[ind]
            leads = sorted(u for u, _, k in G.in_edges(ind, keys=True) if k == "leads")
            out.append({
                "indicator": attrs.get("number"), "name": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in leads], "in_goals": "goal" in sources,
                "line": attrs.get("line"), "quote": source_quote(attrs, lang, script), "id": ind})
    return out


def _collective_actors(G, lang: str, script: str | None) -> list[dict]:
    """What each collective actor is asked to do: one row per task and role."""
    out = []
    for org in of_kind(G, "organisation"):
        if G.nodes[org].get("org_kind") != "CollectiveActor":
            continue
        for _, task, kind, d in sorted(G.out_edges(org, keys=True, data=True),
                                       key=lambda e: (G.nodes[e[1]].get("number") or 0, e[2])):
            if kind not in ROLE_KINDS or G.nodes[task].get("kind") != "task":
                continue
            attrs = G.nodes[task]
            out.append({
                "actor": label(G.nodes[org], lang), "role": uitext.word("analyses", kind, lang),
                "task": attrs.get("number"), "title": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in owners_of(G, task)],
                "line": d.get("line", attrs.get("line")), "quote": source_quote(d, lang, script),
                "id": org})
    return out


def coverage_rows(G, *, lang: str = "en", kinds=None) -> list[dict]:
    """:func:`coverage` as one flat list: ``kind``, ``subject``, ``name``, ``detail``, ``line``.

    ``kinds`` (a subset of :data:`COVERAGE_KINDS`) limits the lists; rows keep
    :data:`COVERAGE_KINDS` order, then source order. ``quote`` and ``id`` come too.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> for r in coverage_rows(example_graph()):
    ...     print(r["kind"], "|", r["subject"], "|", r["name"], "|", r["detail"])
    task-without-cooperation | task 3 | Move firms to the cloud | lead: Bureau of Industry and Information Technology
    target-without-indicator | task 2 | 新增示范车间 | at least 20个 (2024)
    collective-actor | All parks | Grow e-commerce firms | cooperating on task 1 (lead: Bureau of Commerce)
    """
    wanted = COVERAGE_KINDS if kinds is None else tuple(k for k in COVERAGE_KINDS if k in kinds)
    unknown = set(kinds or ()) - set(COVERAGE_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) {', '.join(sorted(unknown))}: use "
                         f"{', '.join(COVERAGE_KINDS)}")
    gaps = coverage(G, lang=lang)
    W = uitext.words("analyses", lang)
    script = G.graph.get("source_script")
    rows = []
    for kind in wanted:
        for r in gaps[kind]:
            if kind == "task-without-cooperation":
                subject, name = f"task {r['task']}", r["title"]
                detail = W["lead"].format(orgs=W["sep"].join(r["lead"]))
            elif kind == "target-without-indicator":
                subject, name = r["source"], r["metric"]
                amount = targetsfmt.amount(G.nodes[r["id"]], lang, words=True, script=script)
                when = W["annual"] if r["recurrence"] == "Annual" else r["year"]
                detail = f"{amount} ({when})" if when else amount
            elif kind == "indicator-without-task":
                subject, name = f"indicator {r['indicator']}", r["name"]
                detail = W["lead"].format(orgs=W["sep"].join(r["lead"]))
                if r["in_goals"]:
                    detail += ("; " if lang == "en" else ";") + W["goals"]
            else:
                subject, name = r["actor"], r["title"]
                detail = W["role"].format(role=r["role"], task=r["task"],
                                          orgs=W["sep"].join(r["lead"]))
            rows.append({"kind": kind, "subject": subject, "name": name, "detail": detail,
                         "line": r["line"], "quote": r["quote"], "id": r["id"]})
    return rows
