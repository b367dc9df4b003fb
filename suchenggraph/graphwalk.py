"""Walking the projection: the small readers every analysis shares.

The analyses (:mod:`suchenggraph.analyses`), the coverage gaps
(:mod:`suchenggraph.coverage`) and the conflicts (:mod:`suchenggraph.conflicts`) ask the
projected graph (:func:`suchenggraph.projection.to_networkx`) the same few questions:
the nodes of a kind in plan order (:func:`of_kind`), who holds which role on a task
(:func:`role_orgs`, :func:`owners_of`, :func:`participation`), what a target measures and
what sets it (:func:`measured`, :func:`target_setter`), and a node's source text
(:func:`source_quote`). Each takes the graph first and returns plain data.

>>> from suchenggraph.projection import example_graph
>>> G = example_graph()
>>> [G.nodes[t]["number"] for t in of_kind(G, "task")]
[1, 2, 3]
>>> sorted(role_orgs(G, of_kind(G, "task")[0]))
['cooperates', 'leads']
"""

from __future__ import annotations

from collections import defaultdict

from .projection import coordination_network

__all__ = [
    "LANGS",
    "ROLE_KINDS",
    "check_lang",
    "of_kind",
    "role_orgs",
    "owners_of",
    "task_area",
    "participation",
    "numbers",
    "active_network",
    "targets_of",
    "measured",
    "target_setter",
    "all_names",
    "source_script",
    "source_quote",
]

#: The label languages every function accepts.
LANGS = ("en", "zh-Hans", "zh-Hant")

#: Edge kinds that make an organisation part of a task.
ROLE_KINDS = ("leads", "cooperates", "responsible")


def check_lang(lang: str) -> None:
    """Refuse (``ValueError``) a ``lang`` that is not one of :data:`LANGS`."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")


def of_kind(G, kind: str) -> list[str]:
    """Nodes of ``kind``, by number then IRI."""
    nodes = [n for n, k in G.nodes(data="kind") if k == kind]
    return sorted(nodes, key=lambda n: (G.nodes[n].get("number") is None,
                                        G.nodes[n].get("number") or 0, n))


def role_orgs(G, node, kinds=ROLE_KINDS) -> dict[str, list[str]]:
    """{edge kind: organisations} pointing at ``node``, in clause order."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for u, _, k, d in G.in_edges(node, keys=True, data=True):
        if k in kinds and G.nodes[u].get("kind") == "organisation":
            out[k].append((d.get("order") or 0, u))
    return {k: [u for _, u in sorted(v)] for k, v in out.items()}


def owners_of(G, task) -> list[str]:
    """Who answers for a task: its leads, else its responsible units."""
    roles = role_orgs(G, task)
    return roles.get("leads") or roles.get("responsible") or []


def task_area(G, task):
    return G.nodes[task].get("area")


def participation(G) -> dict[str, dict[str, list[str]]]:
    """organisation -> {role kind -> tasks}."""
    part: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for task in of_kind(G, "task"):
        for kind, orgs in role_orgs(G, task).items():
            for org in orgs:
                part[org][kind].append(task)
    return part


def numbers(G, nodes) -> list[int]:
    return sorted(G.nodes[n].get("number") for n in nodes if G.nodes[n].get("number") is not None)


def active_network(G):
    """The coordination network restricted to organisations that take part in a task."""
    C = coordination_network(G)
    active = set(participation(G))
    return C.subgraph(sorted(n for n in C if n in active)).copy()


def targets_of(G, node, key):
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == key)


def measured(G, target):
    return [v for _, v, k in G.out_edges(target, keys=True) if k == "measures"
            and G.nodes[v].get("kind") == "indicator"]


def target_setter(G, target):
    """The task or goal that sets a target written in the text (None for annex targets)."""
    for u, _, k in G.in_edges(target, keys=True):
        if k == "sets_target":
            return u
    return None


def all_names(attrs: dict) -> dict:
    """The three labels, so JSON keeps every name whatever ``lang`` shows."""
    return {"name_en": attrs.get("label_en"), "name_zh_hans": attrs.get("label_zh_hans"),
            "name_zh_hant": attrs.get("label_zh_hant")}


def source_script(lang: str, script: str | None) -> str:
    """Which Chinese script to show source text in: ``lang``'s, or for ``en`` the source's."""
    if lang == "en":
        return "zh-Hans" if script == "zh-Hans" else "zh-Hant"
    return lang


def source_quote(attrs: dict, lang: str, script: str | None) -> str | None:
    """A node's or edge's source quote, on one line: Simplified for zh-Hans, else as written."""
    key = "quote_zh_hans" if source_script(lang, script) == "zh-Hans" else "quote_zh_hant"
    text = attrs.get(key) or attrs.get("quote_zh_hans") or attrs.get("quote_zh_hant")
    return " ".join(text.split()) if text else None

