"""Analyses of the plan's projection: workload, coordination and coverage.

Every function takes the projected graph first (see
:func:`suchenggraph.projection.to_networkx`) and returns plain Python data
(lists of dicts of str / int / float / list), sorted deterministically, with
labels in ``lang`` (``en``, ``zh-Hans`` or ``zh-Hant``) and the IRIs in ``id``
fields. Nothing here prints or reads files.

>>> from suchenggraph.projection import example_graph
>>> [row["organisation"] for row in workload(example_graph())]
['Bureau of Industry and Information Technology', 'Bureau of Commerce', \
'Science and Technology Bureau', 'All parks']
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from . import targetsfmt, uitext
from .projection import coordination_network, label

__all__ = [
    "LANGS",
    "ROLE_KINDS",
    "workload",
    "coordination",
    "strongest_pairs",
    "communities",
    "bridges",
    "coverage",
    "coverage_rows",
    "COVERAGE_KINDS",
]

#: The label languages every function accepts.
LANGS = ("en", "zh-Hans", "zh-Hant")

#: Edge kinds that make an organisation part of a task.
ROLE_KINDS = ("leads", "cooperates", "responsible")

#: The four lists :func:`coverage` returns, in order.
COVERAGE_KINDS = ("task-without-cooperation", "target-without-indicator",
                  "indicator-without-task", "collective-actor")


# --------------------------------------------------------------------------- helpers


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")


def _of_kind(G, kind: str) -> list[str]:
    """Nodes of ``kind``, by number then IRI."""
    nodes = [n for n, k in G.nodes(data="kind") if k == kind]
    return sorted(nodes, key=lambda n: (G.nodes[n].get("number") is None,
                                        G.nodes[n].get("number") or 0, n))


def _role_orgs(G, node, kinds=ROLE_KINDS) -> dict[str, list[str]]:
    """{edge kind: organisations} pointing at ``node``, in clause order."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for u, _, k, d in G.in_edges(node, keys=True, data=True):
        if k in kinds and G.nodes[u].get("kind") == "organisation":
            out[k].append((d.get("order") or 0, u))
    return {k: [u for _, u in sorted(v)] for k, v in out.items()}


def _owners(G, task) -> list[str]:
    """Who answers for a task: its leads, else its responsible units."""
    roles = _role_orgs(G, task)
    return roles.get("leads") or roles.get("responsible") or []


def _task_area(G, task):
    return G.nodes[task].get("area")


def _participation(G) -> dict[str, dict[str, list[str]]]:
    """organisation -> {role kind -> tasks}."""
    part: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for task in _of_kind(G, "task"):
        for kind, orgs in _role_orgs(G, task).items():
            for org in orgs:
                part[org][kind].append(task)
    return part


def _numbers(G, nodes) -> list[int]:
    return sorted(G.nodes[n].get("number") for n in nodes if G.nodes[n].get("number") is not None)


def _active_network(G):
    """The coordination network restricted to organisations that take part in a task."""
    C = coordination_network(G)
    active = set(_participation(G))
    return C.subgraph(sorted(n for n in C if n in active)).copy()


def _targets_of(G, node, key):
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == key)


def _measured(G, target):
    return [v for _, v, k in G.out_edges(target, keys=True) if k == "measures"
            and G.nodes[v].get("kind") == "indicator"]


def _setter(G, target):
    """The task or goal that sets a target written in the text (None for annex targets)."""
    for u, _, k in G.in_edges(target, keys=True):
        if k == "sets_target":
            return u
    return None


def _all_names(attrs: dict) -> dict:
    """The three labels, so JSON keeps every name whatever ``lang`` shows."""
    return {"name_en": attrs.get("label_en"), "name_zh_hans": attrs.get("label_zh_hans"),
            "name_zh_hant": attrs.get("label_zh_hant")}


# --------------------------------------------------------------------------- workload


def workload(G, *, lang: str = "en", include_idle: bool = False) -> list[dict]:
    """What each organisation carries, heaviest first.

    One row per organisation with ``tasks_led``, ``tasks_cooperating``,
    ``tasks_responsible``, ``indicators_led``, ``platforms_led``, ``targets``
    (the distinct targets it answers for: those written in the tasks it owns
    plus the yearly Annex 1 targets of the indicators it leads; a task target
    that restates an annex target of an indicator it also leads counts once)
    and ``areas`` (the action areas of its tasks and platforms), with the task,
    indicator, platform and area numbers behind each count. Organisations with
    no role at all (a leading group, a park only mentioned) are left out unless
    ``include_idle``. Sorted by tasks led, tasks cooperated on, indicators,
    platforms, then IRI.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> rows = workload(example_graph(), lang="zh-Hans")
    >>> [(r["organisation"], r["tasks_led"], r["tasks_cooperating"], r["targets"], r["areas"])
    ...  for r in rows]
    [('区工业和信息化局', 2, 0, 1, 1), ('区商务局', 1, 0, 1, 2), ('区科技局', 0, 2, 1, 2), ('各园区', 0, 1, 0, 1)]
    >>> rows[1]["led"], rows[1]["platforms"], rows[1]["area_numbers"]
    ([1], [1], [1, 2])
    """
    _check_lang(lang)
    part = _participation(G)
    led_things: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, v, k in G.edges(keys=True):
        if k == "leads" and G.nodes[u].get("kind") == "organisation":
            kind = G.nodes[v].get("kind")
            if kind in ("indicator", "platform"):
                led_things[u][kind].append(v)
    owned: dict[str, list[str]] = defaultdict(list)
    for task in _of_kind(G, "task"):
        for org in _owners(G, task):
            owned[org].append(task)
    rows = []
    for org in _of_kind(G, "organisation"):
        roles = part.get(org, {})
        indicators = sorted(led_things[org]["indicator"])
        platforms = sorted(led_things[org]["platform"])
        tasks = [t for kind in ROLE_KINDS for t in roles.get(kind, [])]
        if not (tasks or indicators or platforms) and not include_idle:
            continue
        # targets: annex targets of led indicators, plus task targets not restating one of them
        annex = {}
        for ind in indicators:
            for t in _targets_of(G, ind, "has_target"):
                annex[(ind, G.nodes[t].get("year"))] = t
        targets = set(annex.values())
        for task in owned[org]:
            for t in _targets_of(G, task, "sets_target"):
                year = G.nodes[t].get("year")
                if not any((ind, year) in annex for ind in _measured(G, t)):
                    targets.add(t)
        areas = {_task_area(G, t) for t in tasks} | {G.nodes[p].get("area") for p in platforms}
        areas.discard(None)
        rows.append({
            "organisation": label(G.nodes[org], lang),
            "id": org,
            **_all_names(G.nodes[org]),
            "org_kind": G.nodes[org].get("org_kind"),
            "tasks_led": len(roles.get("leads", [])),
            "tasks_cooperating": len(roles.get("cooperates", [])),
            "tasks_responsible": len(roles.get("responsible", [])),
            "indicators_led": len(indicators),
            "platforms_led": len(platforms),
            "targets": len(targets),
            "areas": len(areas),
            "led": _numbers(G, roles.get("leads", [])),
            "cooperating": _numbers(G, roles.get("cooperates", [])),
            "responsible": _numbers(G, roles.get("responsible", [])),
            "indicators": _numbers(G, indicators),
            "platforms": _numbers(G, platforms),
            "area_numbers": _numbers(G, areas),
        })
    rows.sort(key=lambda r: (-r["tasks_led"], -r["tasks_cooperating"], -r["tasks_responsible"],
                             -r["indicators_led"], -r["platforms_led"], r["id"]))
    return rows


# --------------------------------------------------------------------------- coordination


def coordination(G, *, lang: str = "en") -> list[dict]:
    """Centrality in the coordination network: who must work with whom most.

    The network links two organisations that share a task (see
    :func:`~suchenggraph.projection.coordination_network`); it is taken over the
    organisations that take part in at least one task. Per organisation:
    ``partners`` (degree), ``shared_tasks`` (sum of edge weights),
    ``degree_centrality`` (partners / (n - 1)) and ``betweenness`` (normalised,
    unweighted: the share of shortest partner-to-partner paths through it),
    rounded to 4 places. Sorted by degree centrality, then betweenness, then IRI.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> [(r["organisation"], r["partners"], r["shared_tasks"], r["degree_centrality"],
    ...   r["betweenness"]) for r in coordination(example_graph())]
    [('Science and Technology Bureau', 3, 3, 1.0, 0.6667), ('Bureau of Commerce', 2, 2, 0.6667, 0.0), \
('All parks', 2, 2, 0.6667, 0.0), ('Bureau of Industry and Information Technology', 1, 1, 0.3333, 0.0)]
    """
    import networkx as nx

    _check_lang(lang)
    C = _active_network(G)
    if C.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(C)
    between = nx.betweenness_centrality(C, normalized=True)
    rows = [{
        "organisation": label(C.nodes[n], lang),
        "id": n,
        **_all_names(C.nodes[n]),
        "partners": C.degree(n),
        "shared_tasks": int(C.degree(n, weight="weight")),
        "degree_centrality": round(degree[n], 4),
        "betweenness": round(between[n], 4),
    } for n in C]
    rows.sort(key=lambda r: (-r["degree_centrality"], -r["betweenness"], r["id"]))
    return rows


def strongest_pairs(G, *, top: int | None = 10, lang: str = "en") -> list[dict]:
    """The pairs of organisations that share the most tasks, with the tasks.

    ``top`` keeps the first ``top`` pairs (``None``: all). Ties go to the pair
    whose IRIs sort first; within a pair, the organisation with the smaller IRI
    is ``a``.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> [(r["a"], r["b"], r["shared_tasks"], r["tasks"])
    ...  for r in strongest_pairs(example_graph(), top=2, lang="zh-Hans")]
    [('区商务局', '各园区', 1, [1]), ('区商务局', '区科技局', 1, [1])]
    """
    _check_lang(lang)
    C = _active_network(G)
    pairs = []
    for a, b, d in C.edges(data=True):
        a, b = sorted((a, b))
        pairs.append({"a": label(C.nodes[a], lang), "b": label(C.nodes[b], lang),
                      "shared_tasks": d["weight"], "tasks": list(d["tasks"]),
                      "a_id": a, "b_id": b})
    pairs.sort(key=lambda r: (-r["shared_tasks"], r["a_id"], r["b_id"]))
    return pairs if top is None else pairs[:top]


def communities(G, *, method: str = "greedy", seed: int = 0, lang: str = "en") -> dict:
    """Groups of organisations that work together more than with the rest.

    ``method`` is ``greedy`` (Clauset-Newman-Moore greedy modularity: no
    randomness) or ``louvain`` (run with the fixed ``seed``, so the answer is
    the same every time). Both use the shared-task counts as weights, over the
    organisations that take part in at least one task. Returns ``method``,
    ``modularity`` (of the partition, 4 places) and ``communities``: one dict
    per group, largest first, with its ``members`` (labels; those in most tasks
    first), ``ids``, the ``tasks`` its members lead and the action ``areas`` of
    those tasks.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> result = communities(example_graph(), lang="zh-Hans")
    >>> result["modularity"], [(c["members"], c["tasks"]) for c in result["communities"]]
    (0.0, [(['区工业和信息化局', '区科技局', '区商务局', '各园区'], [1, 2, 3])])
    """
    import networkx as nx
    from networkx.algorithms import community as nxc

    _check_lang(lang)
    if method not in ("greedy", "louvain"):
        raise ValueError(f"unknown method {method!r}: use greedy or louvain")
    C = _active_network(G)
    if C.number_of_nodes() == 0:
        return {"method": method, "modularity": 0.0, "communities": []}
    if method == "greedy":
        parts = nxc.greedy_modularity_communities(C, weight="weight")
    else:
        parts = nxc.louvain_communities(C, weight="weight", seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    q = nx.community.modularity(C, parts, weight="weight")
    led: dict[str, list[str]] = defaultdict(list)
    for task in _of_kind(G, "task"):
        for org in _owners(G, task):
            led[org].append(task)
    part = _participation(G)
    load = {m: len({t for ts in part[m].values() for t in ts}) for m in C}
    out = []
    for i, members in enumerate(parts, start=1):
        members = sorted(members, key=lambda m: (-load[m], m))
        tasks = sorted({t for m in members for t in led[m]})
        areas = {_task_area(G, t) for t in tasks} - {None}
        out.append({
            "community": i,
            "size": len(members),
            "members": [label(C.nodes[m], lang) for m in members],
            "ids": members,
            "tasks": _numbers(G, tasks),
            "areas": _numbers(G, areas),
        })
    return {"method": method, "modularity": round(q, 4), "communities": out}


def bridges(G, *, min_areas: int = 2, lang: str = "en") -> list[dict]:
    """Organisations that connect action areas by taking part in tasks of several.

    Per organisation active in at least ``min_areas`` areas: ``areas`` (how
    many), ``area_numbers``, ``lead_areas`` (where it leads a task), ``tasks``
    (how many it takes part in) and ``sole_links``: the pairs of areas that no
    other organisation connects (remove it, and no organisation works in both).
    Sorted by areas, sole links, tasks, then IRI.

    Examples
    --------
    >>> from suchenggraph.projection import example_graph
    >>> [(r["organisation"], r["area_numbers"], r["lead_areas"], r["sole_links"])
    ...  for r in bridges(example_graph())]
    [('Science and Technology Bureau', [1, 2], [], ['1-2'])]
    """
    _check_lang(lang)
    part = _participation(G)
    areas_of: dict[str, set[str]] = {}
    for org, roles in part.items():
        areas_of[org] = {_task_area(G, t) for ts in roles.values() for t in ts} - {None}
    linkers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for org, areas in areas_of.items():
        for a, b in combinations(sorted(areas, key=lambda x: (G.nodes[x].get("number"), x)), 2):
            linkers[(a, b)].append(org)
    rows = []
    for org in sorted(areas_of):
        areas = areas_of[org]
        if len(areas) < min_areas:
            continue
        lead_areas = {_task_area(G, t) for t in part[org].get("leads", [])} - {None}
        sole = [f"{G.nodes[a].get('number')}-{G.nodes[b].get('number')}"
                for (a, b), orgs in sorted(linkers.items(), key=lambda x: (
                    G.nodes[x[0][0]].get("number"), G.nodes[x[0][1]].get("number")))
                if orgs == [org]]
        rows.append({
            "organisation": label(G.nodes[org], lang),
            "id": org,
            **_all_names(G.nodes[org]),
            "areas": len(areas),
            "area_numbers": _numbers(G, areas),
            "lead_areas": _numbers(G, lead_areas),
            "tasks": len({t for ts in part[org].values() for t in ts}),
            "sole_links": sole,
        })
    rows.sort(key=lambda r: (-r["areas"], -len(r["sole_links"]), -r["tasks"], r["id"]))
    return rows


# --------------------------------------------------------------------------- coverage


def _script(lang: str, script: str | None) -> str:
    """Which Chinese script to show source text in: ``lang``'s, or for ``en`` the source's."""
    if lang == "en":
        return "zh-Hans" if script == "zh-Hans" else "zh-Hant"
    return lang


def _quote(attrs: dict, lang: str, script: str | None) -> str | None:
    """A node's or edge's source quote, on one line: Simplified for zh-Hans, else as written."""
    key = "quote_zh_hans" if _script(lang, script) == "zh-Hans" else "quote_zh_hant"
    text = attrs.get(key) or attrs.get("quote_zh_hans") or attrs.get("quote_zh_hant")
    return " ".join(text.split()) if text else None


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
    _check_lang(lang)
    script = G.graph.get("source_script")
    out: dict[str, list[dict]] = {k: [] for k in COVERAGE_KINDS}
    tasks = _of_kind(G, "task")
    for task in tasks:
        roles = _role_orgs(G, task)
        if not roles.get("cooperates") and not roles.get("responsible"):
            attrs = G.nodes[task]
            out["task-without-cooperation"].append({
                "task": attrs.get("number"), "title": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in roles.get("leads", [])],
                "line": attrs.get("line"), "quote": _quote(attrs, lang, script), "id": task})
    setters = [n for n in tasks] + _of_kind(G, "goal")
    for setter in setters:
        for t in _targets_of(G, setter, "sets_target"):
            if _measured(G, t):
                continue
            attrs = G.nodes[t]
            out["target-without-indicator"].append({
                "source": _source_name(G, setter, lang),
                "metric": label(attrs, _script(lang, script)),
                "value": targetsfmt.number(attrs.get("value")), "unit": attrs.get("unit"),
                "comparator": attrs.get("comparator"), "year": attrs.get("year"),
                "recurrence": attrs.get("recurrence"), "line": attrs.get("line"),
                "quote": _quote(attrs, lang, script), "id": t})
    for ind in _of_kind(G, "indicator"):
        sources = set()
        for t in G.predecessors(ind):
            if G.nodes[t].get("kind") == "target" and ind in _measured(G, t):
                setter = _setter(G, t)
                if setter is not None:
                    sources.add(G.nodes[setter].get("kind"))
        if "task" not in sources:
            attrs = G.nodes[ind]
            leads = sorted(u for u, _, k in G.in_edges(ind, keys=True) if k == "leads")
            out["indicator-without-task"].append({
                "indicator": attrs.get("number"), "name": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in leads], "in_goals": "goal" in sources,
                "line": attrs.get("line"), "quote": _quote(attrs, lang, script), "id": ind})
    for org in _of_kind(G, "organisation"):
        if G.nodes[org].get("org_kind") != "CollectiveActor":
            continue
        for _, task, kind, d in sorted(G.out_edges(org, keys=True, data=True),
                                       key=lambda e: (G.nodes[e[1]].get("number") or 0, e[2])):
            if kind not in ROLE_KINDS or G.nodes[task].get("kind") != "task":
                continue
            attrs = G.nodes[task]
            out["collective-actor"].append({
                "actor": label(G.nodes[org], lang), "role": uitext.word("analyses", kind, lang),
                "task": attrs.get("number"), "title": label(attrs, lang),
                "lead": [label(G.nodes[o], lang) for o in _owners(G, task)],
                "line": d.get("line", attrs.get("line")), "quote": _quote(d, lang, script),
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
