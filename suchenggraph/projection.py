"""RDF -> NetworkX: an explicit projection that chooses node kinds and typed edges.

Nodes are keyed by IRI (a string) and carry ``kind`` plus plain attributes;
literals never become nodes. Edge keys are the edge kinds:

=============  ==========================  ============================
edge kind      from -> to                  RDF
=============  ==========================  ============================
leads          organisation -> task,       ``?x sg:lead ?org``
               indicator, platform
cooperates     organisation -> task        ``?task sg:cooperatingUnit ?org``
responsible    organisation -> task        ``?task sg:responsibleUnit ?org``
in_area        task, platform -> area      ``?x sg:actionArea ?area``
sets_target    task, goal -> target        ``?x sg:setsTarget ?target``
has_target     indicator -> target         ``?ind sg:hasTarget ?target``
measures       target -> indicator         ``?target sg:measures ?ind``
=============  ==========================  ============================

>>> from suchenggraph.build import build_plan
>>> G = to_networkx(build_plan().graph)
>>> G.nodes["https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"]["label_en"]
'Bureau of Commerce'
>>> sorted({k for _, _, k in G.edges(keys=True)})
['cooperates', 'has_target', 'in_area', 'leads', 'measures', 'sets_target']
"""

from __future__ import annotations

from collections import defaultdict

__all__ = ["NODE_KINDS", "EDGE_KINDS", "to_networkx", "coordination_network", "label"]

NODE_KINDS = ("organisation", "task", "indicator", "platform", "area", "target", "goal")
EDGE_KINDS = ("leads", "cooperates", "responsible", "in_area", "sets_target", "has_target",
              "measures")


def label(attrs: dict, lang: str = "en") -> str:
    """A node's label in ``lang`` (en, zh-Hans, zh-Hant), falling back to the others.

    >>> label({"label_en": None, "label_zh_hans": "区商务局"}, "en")
    '区商务局'
    """
    order = {"en": ("en", "zh_hans", "zh_hant"), "zh-Hans": ("zh_hans", "zh_hant", "en"),
             "zh-Hant": ("zh_hant", "zh_hans", "en")}[lang]
    for key in order:
        value = attrs.get(f"label_{key}")
        if value:
            return value
    return attrs.get("id", "")


def _labels(graph, node, prop):
    out = {"en": None, "zh_hans": None, "zh_hant": None}
    for lit in sorted(graph.objects(node, prop), key=str):
        key = {"en": "en", "zh-hans": "zh_hans", "zh-hant": "zh_hant"}.get(
            (getattr(lit, "language", None) or "").lower())
        if key and out[key] is None:
            out[key] = str(lit)
    return out


def to_networkx(graph):
    """Project a plan graph (rdflib) onto a ``networkx.MultiDiGraph``.

    Node attributes: ``kind``, ``label_en``, ``label_zh_hans``, ``label_zh_hant``,
    ``number`` (tasks, indicators, platforms, areas), ``org_kind``, ``text_zh_hans`` /
    ``text_zh_hant`` (tasks), ``area`` (tasks, platforms), target fields (``value``,
    ``unit``, ``comparator``, ``year``, ``recurrence``, ``metric``) and ``line`` /
    ``quote`` (where it stands in the source).
    """
    import networkx as nx
    from rdflib import RDF, SKOS

    from .vocab import ORG, SCHEMA, SG

    G = nx.MultiDiGraph()
    kinds = [(ORG.Organization, "organisation"), (SG.Task, "task"), (SG.Indicator, "indicator"),
             (SG.Platform, "platform"), (SG.ActionArea, "area"), (SG.Target, "target"),
             (SG.Goal, "goal")]
    org_kinds = {str(c).rsplit("#", 1)[1] for c in (
        SG.GovernmentDepartment, SG.PartyCommitteeOffice, SG.PublicInstitution, SG.Park, SG.Town,
        SG.CollectiveActor, SG.LeadingGroup, SG.LeadingGroupOffice, SG.SocialOrganisation,
        SG.UnclassifiedOrganisation)}

    def first(node, prop):
        values = sorted(graph.objects(node, prop), key=str)
        return values[0] if values else None

    for cls, kind in kinds:
        for node in sorted(set(graph.subjects(RDF.type, cls)), key=str):
            attrs = {"kind": kind}
            labels = _labels(graph, node, SKOS.prefLabel)
            if kind == "target":
                metric = _labels(graph, node, SG.metric)
                labels = {k: v for k, v in metric.items()}
            for k, v in labels.items():
                attrs[f"label_{k}"] = v
            number = first(node, SG.number)
            if number is not None:
                attrs["number"] = int(number)
            if kind == "organisation":
                types = {str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type)}
                attrs["org_kind"] = next((t for t in sorted(types) if t in org_kinds),
                                         "UnclassifiedOrganisation")
            if kind == "task":
                text = _labels(graph, node, SG.text)
                attrs["text_zh_hans"], attrs["text_zh_hant"] = text["zh_hans"], text["zh_hant"]
            if kind in ("task", "platform"):
                area = first(node, SG.actionArea)
                attrs["area"] = str(area) if area is not None else None
            if kind == "target":
                value = first(node, SCHEMA.value)
                attrs["value"] = value.toPython() if value is not None else None
                unit = _labels(graph, node, SG.unit)
                plain = [str(u) for u in graph.objects(node, SG.unit) if not u.language]
                attrs["unit"] = unit["zh_hans"] or (plain[0] if plain else None)
                attrs["unit_en"] = unit["en"]
                comp = first(node, SG.comparator)
                attrs["comparator"] = str(comp).rsplit("#", 1)[1] if comp is not None else None
                year = first(node, SG.year)
                attrs["year"] = int(str(year)) if year is not None else None
                rec = first(node, SG.recurrence)
                attrs["recurrence"] = str(rec).rsplit("#", 1)[1] if rec is not None else None
            if kind == "goal":
                year = first(node, SG.year)
                attrs["year"] = int(str(year)) if year is not None else None
            src = first(node, SG.source)
            if src is not None:
                line = first(src, SG.line)
                attrs["line"] = int(line) if line is not None else None
                quote = _labels(graph, src, SG.quote)
                attrs["quote_zh_hans"], attrs["quote_zh_hant"] = quote["zh_hans"], quote["zh_hant"]
            G.add_node(str(node), **attrs)

    def edge(u, v, kind):
        u, v = str(u), str(v)
        if u in G and v in G:
            G.add_edge(u, v, key=kind, kind=kind)

    for prop, kind in ((SG.lead, "leads"), (SG.cooperatingUnit, "cooperates"),
                       (SG.responsibleUnit, "responsible")):
        for s, o in sorted(graph.subject_objects(prop)):
            edge(o, s, kind)
    for prop, kind in ((SG.actionArea, "in_area"), (SG.setsTarget, "sets_target"),
                       (SG.hasTarget, "has_target"), (SG.measures, "measures")):
        for s, o in sorted(graph.subject_objects(prop)):
            edge(s, o, kind)
    return G


def coordination_network(G):
    """Organisation-organisation network: linked when they share a task (lead or cooperating).

    Edge attributes: ``weight`` (number of shared tasks) and ``tasks`` (their numbers, sorted).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="organisation"); G.add_node("b", kind="organisation")
    >>> G.add_node("t1", kind="task", number=1); G.add_node("t2", kind="task", number=2)
    >>> for u, v, k in [("a", "t1", "leads"), ("b", "t1", "cooperates"), ("a", "t2", "leads"),
    ...                 ("b", "t2", "cooperates")]:
    ...     _ = G.add_edge(u, v, key=k, kind=k)
    >>> C = coordination_network(G)
    >>> C.edges["a", "b"]["weight"], C.edges["a", "b"]["tasks"]
    (2, [1, 2])
    """
    import networkx as nx

    members: dict[str, set[str]] = defaultdict(set)
    for u, v, k in G.edges(keys=True):
        if k in ("leads", "cooperates", "responsible") and G.nodes[v].get("kind") == "task":
            members[v].add(u)
    C = nx.Graph()
    for n, attrs in G.nodes(data=True):
        if attrs.get("kind") == "organisation":
            C.add_node(n, **attrs)
    for task in sorted(members):
        orgs = sorted(members[task])
        number = G.nodes[task].get("number")
        for i, a in enumerate(orgs):
            for b in orgs[i + 1 :]:
                if C.has_edge(a, b):
                    C.edges[a, b]["tasks"].append(number)
                    C.edges[a, b]["weight"] += 1
                else:
                    C.add_edge(a, b, weight=1, tasks=[number])
    for _, _, d in C.edges(data=True):
        d["tasks"].sort()
    return C
