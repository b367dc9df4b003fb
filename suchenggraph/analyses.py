"""Analyses of the plan's projection: workload and coordination.

Who carries what (:func:`workload`), who must work with whom (:func:`coordination`,
:func:`strongest_pairs`, :func:`communities`) and who links the action areas
(:func:`bridges`). The gaps in the plan are :mod:`suchenggraph.coverage`, its
contradictions :mod:`suchenggraph.conflicts`; the readers of the graph all three share
are :mod:`suchenggraph.graphwalk`.

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

import networkx as nx
from networkx.algorithms import community as nxc

from .graphwalk import (
    LANGS,
    ROLE_KINDS,
    active_network,
    all_names,
    check_lang,
    measured,
    numbers,
    of_kind,
    owners_of,
    participation,
    targets_of,
    task_area,
)
from .projection import label

__all__ = [
    "LANGS",
    "workload",
    "coordination",
    "strongest_pairs",
    "communities",
    "bridges",
]


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
    check_lang(lang)
    part = participation(G)
    led_things: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, v, k in G.edges(keys=True):
        if k == "leads" and G.nodes[u].get("kind") == "organisation":
            kind = G.nodes[v].get("kind")
            if kind in ("indicator", "platform"):
                led_things[u][kind].append(v)
    owned: dict[str, list[str]] = defaultdict(list)
    for task in of_kind(G, "task"):
        for org in owners_of(G, task):
            owned[org].append(task)
    rows = []
    for org in of_kind(G, "organisation"):
        roles = part.get(org, {})
        indicators = sorted(led_things[org]["indicator"])
        platforms = sorted(led_things[org]["platform"])
        tasks = [t for kind in ROLE_KINDS for t in roles.get(kind, [])]
        if not (tasks or indicators or platforms) and not include_idle:
            continue
        targets = _answered_targets(G, indicators, owned[org])
        areas = {task_area(G, t) for t in tasks} | {G.nodes[p].get("area") for p in platforms}
        areas.discard(None)
        rows.append({
            "organisation": label(G.nodes[org], lang),
            "id": org,
            **all_names(G.nodes[org]),
            "org_kind": G.nodes[org].get("org_kind"),
            "tasks_led": len(roles.get("leads", [])),
            "tasks_cooperating": len(roles.get("cooperates", [])),
            "tasks_responsible": len(roles.get("responsible", [])),
            "indicators_led": len(indicators),
            "platforms_led": len(platforms),
            "targets": len(targets),
            "areas": len(areas),
            "led": numbers(G, roles.get("leads", [])),
            "cooperating": numbers(G, roles.get("cooperates", [])),
            "responsible": numbers(G, roles.get("responsible", [])),
            "indicators": numbers(G, indicators),
            "platforms": numbers(G, platforms),
            "area_numbers": numbers(G, areas),
        })
    rows.sort(key=lambda r: (-r["tasks_led"], -r["tasks_cooperating"], -r["tasks_responsible"],
                             -r["indicators_led"], -r["platforms_led"], r["id"]))
    return rows


def _answered_targets(G, indicators: list[str], tasks: list[str]) -> set[str]:
    """The distinct targets an organisation answers for: the annex targets of the
    ``indicators`` it leads, plus the targets of the ``tasks`` it owns that do not restate
    one of them (the same indicator and year)."""
    annex = {}
    for ind in indicators:
        for t in targets_of(G, ind, "has_target"):
            annex[(ind, G.nodes[t].get("year"))] = t
    targets = set(annex.values())
    for task in tasks:
        for t in targets_of(G, task, "sets_target"):
            year = G.nodes[t].get("year")
            if not any((ind, year) in annex for ind in measured(G, t)):
                targets.add(t)
    return targets


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
    check_lang(lang)
    C = active_network(G)
    if C.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(C)
    between = nx.betweenness_centrality(C, normalized=True)
    rows = [{
        "organisation": label(C.nodes[n], lang),
        "id": n,
        **all_names(C.nodes[n]),
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
    check_lang(lang)
    C = active_network(G)
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
    check_lang(lang)
    if method not in ("greedy", "louvain"):
        raise ValueError(f"unknown method {method!r}: use greedy or louvain")
    C = active_network(G)
    if C.number_of_nodes() == 0:
        return {"method": method, "modularity": 0.0, "communities": []}
    if method == "greedy":
        parts = nxc.greedy_modularity_communities(C, weight="weight")
    else:
        parts = nxc.louvain_communities(C, weight="weight", seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    q = nx.community.modularity(C, parts, weight="weight")
    led: dict[str, list[str]] = defaultdict(list)
    for task in of_kind(G, "task"):
        for org in owners_of(G, task):
            led[org].append(task)
    part = participation(G)
    load = {m: len({t for ts in part[m].values() for t in ts}) for m in C}
    out = []
    for i, members in enumerate(parts, start=1):
        members = sorted(members, key=lambda m: (-load[m], m))
        tasks = sorted({t for m in members for t in led[m]})
        areas = {task_area(G, t) for t in tasks} - {None}
        out.append({
            "community": i,
            "size": len(members),
            "members": [label(C.nodes[m], lang) for m in members],
            "ids": members,
            "tasks": numbers(G, tasks),
            "areas": numbers(G, areas),
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
    check_lang(lang)
    part = participation(G)
    areas_of: dict[str, set[str]] = {}
    for org, roles in part.items():
        areas_of[org] = {task_area(G, t) for ts in roles.values() for t in ts} - {None}
    linkers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for org, areas in areas_of.items():
        for a, b in combinations(sorted(areas, key=lambda x: (G.nodes[x].get("number"), x)), 2):
            linkers[(a, b)].append(org)
    rows = []
    for org in sorted(areas_of):
        areas = areas_of[org]
        if len(areas) < min_areas:
            continue
        lead_areas = {task_area(G, t) for t in part[org].get("leads", [])} - {None}
        sole = [f"{G.nodes[a].get('number')}-{G.nodes[b].get('number')}"
                for (a, b), orgs in sorted(linkers.items(), key=lambda x: (
                    G.nodes[x[0][0]].get("number"), G.nodes[x[0][1]].get("number")))
                if orgs == [org]]
        rows.append({
            "organisation": label(G.nodes[org], lang),
            "id": org,
            **all_names(G.nodes[org]),
            "areas": len(areas),
            "area_numbers": numbers(G, areas),
            "lead_areas": numbers(G, lead_areas),
            "tasks": len({t for ts in part[org].values() for t in ts}),
            "sole_links": sole,
        })
    rows.sort(key=lambda r: (-r["areas"], -len(r["sole_links"]), -r["tasks"], r["id"]))
    return rows

