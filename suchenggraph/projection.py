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
from decimal import Decimal

__all__ = ["NODE_KINDS", "EDGE_KINDS", "to_networkx", "coordination_network", "label",
           "example_graph"]

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
    ``aliases`` (``skos:altLabel``, sorted), ``number`` (tasks, indicators, platforms, areas),
    ``org_kind``, ``text_zh_hans`` /
    ``text_zh_hant`` (tasks), ``area`` (tasks, platforms), target fields (``value``,
    ``unit``, ``comparator``, ``year``, ``recurrence``, ``metric``), ``unit`` and
    ``category_en`` / ``category_zh_hans`` / ``category_zh_hant`` (indicators) and ``line`` /
    ``quote_zh_hans`` / ``quote_zh_hant`` (where it stands in the source).

    Role edges (``leads``, ``cooperates``, ``responsible``) to a task carry the clause that
    names the organisation: ``order`` (its place in the clause), ``line`` and ``quote_*``;
    ``leads`` edges to an indicator or platform carry the line and quote of its annex row.
    ``G.graph`` holds ``plan`` (the plan IRI), ``title_*`` and ``source_script``.
    """
    import networkx as nx

    reader = _Reader(graph)
    G = nx.MultiDiGraph()
    G.graph.update(reader.plan_attrs())
    for kind, node in reader.nodes():
        G.add_node(str(node), **reader.node_attrs(node, kind))
    for u, v, kind, extra in reader.edges(G):
        G.add_edge(u, v, key=kind, kind=kind, **extra)
    return G


class _Reader:
    """The stages of :func:`to_networkx`, each a method: the plan's attributes, the nodes
    of each kind and their attributes, the clause behind each role, the typed edges."""

    def __init__(self, graph):
        from rdflib import RDF, SKOS

        from .vocab import ORG, SCHEMA, SG

        self.g, self.RDF, self.SKOS, self.SCHEMA, self.SG = graph, RDF, SKOS, SCHEMA, SG
        self.kinds = [(ORG.Organization, "organisation"), (SG.Task, "task"),
                      (SG.Indicator, "indicator"), (SG.Platform, "platform"),
                      (SG.ActionArea, "area"), (SG.Target, "target"), (SG.Goal, "goal")]
        self.org_kinds = {str(c).rsplit("#", 1)[1] for c in (
            SG.GovernmentDepartment, SG.PartyCommitteeOffice, SG.PublicInstitution, SG.Park,
            SG.Town, SG.CollectiveActor, SG.LeadingGroup, SG.LeadingGroupOffice,
            SG.SocialOrganisation, SG.UnclassifiedOrganisation)}

    def first(self, node, prop):
        values = sorted(self.g.objects(node, prop), key=str)
        return values[0] if values else None

    def provenance(self, node) -> dict:
        src = self.first(node, self.SG.source)
        if src is None:
            return {}
        line = self.first(src, self.SG.line)
        quote = _labels(self.g, src, self.SG.quote)
        return {"line": int(line) if line is not None else None,
                "quote_zh_hans": quote["zh_hans"], "quote_zh_hant": quote["zh_hant"]}

    def plan_attrs(self) -> dict:
        plans = sorted(self.g.subjects(self.RDF.type, self.SG.Plan), key=str)
        if not plans:
            return {}
        attrs = {"plan": str(plans[0])}
        for k, v in _labels(self.g, plans[0], self.SKOS.prefLabel).items():
            attrs[f"title_{k}"] = v
        script = self.first(plans[0], self.SG.sourceScript)
        attrs["source_script"] = str(script) if script is not None else None
        return attrs

    def nodes(self):
        for cls, kind in self.kinds:
            for node in sorted(set(self.g.subjects(self.RDF.type, cls)), key=str):
                yield kind, node

    def node_attrs(self, node, kind: str) -> dict:
        g, SG, SKOS = self.g, self.SG, self.SKOS
        attrs = {"kind": kind}
        labels = _labels(g, node, SG.metric if kind == "target" else SKOS.prefLabel)
        for k, v in labels.items():
            attrs[f"label_{k}"] = v
        if kind != "target":
            attrs["aliases"] = sorted(map(str, g.objects(node, SKOS.altLabel | SKOS.hiddenLabel)))
        number = self.first(node, SG.number)
        if number is not None:
            attrs["number"] = int(number)
        if kind == "organisation":
            types = {str(t).rsplit("#", 1)[-1] for t in g.objects(node, self.RDF.type)}
            attrs["org_kind"] = next((t for t in sorted(types) if t in self.org_kinds),
                                     "UnclassifiedOrganisation")
        if kind == "task":
            text = _labels(g, node, SG.text)
            attrs["text_zh_hans"], attrs["text_zh_hant"] = text["zh_hans"], text["zh_hant"]
        if kind in ("task", "platform"):
            area = self.first(node, SG.actionArea)
            attrs["area"] = str(area) if area is not None else None
        if kind == "indicator":
            attrs["unit"] = self.unit(node)["zh_hans"]
            category = self.first(node, SG.category)
            labels = _labels(g, category, SKOS.prefLabel) if category is not None else {}
            for k in ("en", "zh_hans", "zh_hant"):
                attrs[f"category_{k}"] = labels.get(k)
        if kind == "target":
            attrs.update(self.target_attrs(node))
        if kind == "goal":
            year = self.first(node, SG.year)
            attrs["year"] = int(str(year)) if year is not None else None
        attrs.update(self.provenance(node))
        return attrs

    def unit(self, node) -> dict:
        """The unit's labels; ``zh_hans`` falls back to a unit written without a language."""
        unit = _labels(self.g, node, self.SG.unit)
        plain = [str(u) for u in self.g.objects(node, self.SG.unit) if not u.language]
        unit["zh_hans"] = unit["zh_hans"] or (plain[0] if plain else None)
        return unit

    def target_attrs(self, node) -> dict:
        SG, first = self.SG, self.first
        value, unit = first(node, self.SCHEMA.value), self.unit(node)
        comp, year, rec = first(node, SG.comparator), first(node, SG.year), \
            first(node, SG.recurrence)
        return {"value": value.toPython() if value is not None else None,
                "unit": unit["zh_hans"], "unit_en": unit["en"],
                "comparator": str(comp).rsplit("#", 1)[1] if comp is not None else None,
                "year": int(str(year)) if year is not None else None,
                "year_inferred": bool(first(node, SG.yearInferred)),
                "increase": bool(first(node, SG.increase)),
                "recurrence": str(rec).rsplit("#", 1)[1] if rec is not None else None}

    def clauses(self, G) -> dict:
        """The clause that names each organisation in each role on a task (first one wins):
        ``{(org, task, edge kind): attributes}``."""
        SG, first = self.SG, self.first
        roles = {SG.LeadRole: "leads", SG.CooperatingRole: "cooperates",
                 SG.ResponsibleRole: "responsible"}
        found: dict[tuple[str, str, str], tuple] = {}
        for task, r in sorted(self.g.subject_objects(SG.responsibility)):
            org, role = first(r, SG.organisation), first(r, SG.role)
            if org is None or role not in roles or \
                    G.nodes.get(str(task), {}).get("kind") != "task":
                continue  # an annex row's lead: its edge carries the row (below)
            order, clause = first(r, SG.order), first(r, SG.clause)
            key = (str(org), str(task), roles[role])
            info = {"order": int(order) if order is not None else None, **self.provenance(r)}
            rank = (int(clause) if clause is not None else 0, info["order"] or 0)
            if key not in found or rank < found[key][0]:
                found[key] = (rank, info)
        return {key: info for key, (_, info) in found.items()}

    def edges(self, G):
        """(from, to, kind, attributes) of every edge whose ends are nodes of ``G``."""
        SG = self.SG
        clauses = self.clauses(G)
        out = []
        for prop, kind in ((SG.lead, "leads"), (SG.cooperatingUnit, "cooperates"),
                           (SG.responsibleUnit, "responsible")):
            for s, o in sorted(self.g.subject_objects(prop)):
                extra = clauses.get((str(o), str(s), kind))
                if extra is None and str(s) in G and \
                        G.nodes[str(s)]["kind"] in ("indicator", "platform"):
                    extra = {k: G.nodes[str(s)].get(k)
                             for k in ("line", "quote_zh_hans", "quote_zh_hant")}
                out.append((str(o), str(s), kind, extra or {}))
        for prop, kind in ((SG.actionArea, "in_area"), (SG.setsTarget, "sets_target"),
                           (SG.hasTarget, "has_target"), (SG.measures, "measures")):
            out.extend((str(s), str(o), kind, {})
                       for s, o in sorted(self.g.subject_objects(prop)))
        return [(u, v, kind, extra) for u, v, kind, extra in out if u in G and v in G]


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


def example_graph():
    """A tiny hand-made projection, shaped like :func:`to_networkx` output, for examples.

    Two action areas, three tasks, four organisations (one a collective actor),
    one Annex 1 indicator and one Annex 2 platform. It holds three ownership
    conflicts on purpose: indicator 1 is led by 区科技局 while task 1, which sets
    the same target, is led by 区商务局; the annex says 400 亿元 where task 1
    says 450 亿元; platform 1 sits in area 2, where 区商务局 leads no task.

    >>> G = example_graph()
    >>> sorted(k for _, k in G.nodes(data="kind"))[:4]
    ['area', 'area', 'indicator', 'organisation']
    >>> label(G.nodes["org/commerce"], "zh-Hant")
    '區商務局'
    """
    import networkx as nx

    from .text import to_traditional

    G = nx.MultiDiGraph(plan="plan/example", title_en="Example plan",
                        title_zh_hans="样例行动计划", title_zh_hant="樣例行動計劃",
                        source_script="zh-Hans")

    def names(hans, en):
        return {"label_en": en, "label_zh_hans": hans, "label_zh_hant": to_traditional(hans)}

    def quoted(line, hans):
        return {"line": line, "quote_zh_hans": hans, "quote_zh_hant": to_traditional(hans)}

    for slug, hans, en, kind in (
        ("commerce", "区商务局", "Bureau of Commerce", "GovernmentDepartment"),
        ("science", "区科技局", "Science and Technology Bureau", "GovernmentDepartment"),
        ("industry", "区工业和信息化局", "Bureau of Industry and Information Technology",
         "GovernmentDepartment"),
        ("parks", "各园区", "All parks", "CollectiveActor"),
    ):
        G.add_node(f"org/{slug}", kind="organisation", org_kind=kind, aliases=[],
                   **names(hans, en))
    for n, hans, en, line in ((1, "数字产业化加速行动", "Accelerating digital industrialisation", 5),
                              (2, "制造业数字化转型行动", "Digital transformation of manufacturing",
                               7)):
        G.add_node(f"area/{n}", kind="area", number=n, aliases=[], **names(hans, en),
                   **quoted(line, f"({'一二'[n - 1]}){hans}"))
    tasks = (
        (1, 1, "培育电商企业", "Grow e-commerce firms", 6, "commerce", ["science", "parks"],
         "到2024年,电子商务交易额达到450亿元。", "(区商务局牵头,区科技局,各园区等按职责分工负责)"),
        (2, 2, "建设示范车间", "Build model workshops", 8, "industry", ["science"],
         "到2024年,新增示范车间20个以上。", "(区工业和信息化局牵头,区科技局等按职责分工负责)"),
        (3, 2, "推进企业上云", "Move firms to the cloud", 9, "industry", [],
         "推进企业上云。", "(区工业和信息化局牵头)"),
    )
    for n, area, hans, en, line, lead, coop, text, clause in tasks:
        task = f"task/{n}"
        G.add_node(task, kind="task", number=n, aliases=[], area=f"area/{area}",
                   text_zh_hans=f"{hans}。{text}{clause}",
                   text_zh_hant=to_traditional(f"{hans}。{text}{clause}"), **names(hans, en),
                   **quoted(line, f"{n}.{hans}。{text}{clause}"))
        G.add_edge(task, f"area/{area}", key="in_area", kind="in_area")
        G.add_edge(f"org/{lead}", task, key="leads", kind="leads", order=1,
                   **quoted(line, clause))
        for order, org in enumerate(coop, start=1):
            G.add_edge(f"org/{org}", task, key="cooperates", kind="cooperates", order=order,
                       **quoted(line, clause))
    for target, value, unit, comp, line, metric, quote in (
        ("task/1/target/1", 450, "亿元", "Exactly", 6, "电子商务交易额", "电子商务交易额达到450亿元"),
        ("task/2/target/1", 20, "个", "AtLeast", 8, "新增示范车间", "新增示范车间20个以上"),
    ):
        G.add_node(target, kind="target", label_en=None, label_zh_hans=metric,
                   label_zh_hant=to_traditional(metric), value=Decimal(value), unit=unit,
                   unit_en=None, comparator=comp, year=2024, year_inferred=False,
                   recurrence=None, **quoted(line, quote))
        G.add_edge(target.rsplit("/target", 1)[0], target, key="sets_target", kind="sets_target")
    row = "1 | 电子商务交易额 | 亿元 | 400 | 区科技局"
    G.add_node("indicator/1", kind="indicator", number=1, aliases=[], unit="亿元",
               category_en=None, category_zh_hans=None, category_zh_hant=None,
               **names("电子商务交易额", "E-commerce turnover"), **quoted(14, row))
    G.add_node("indicator/1/target/2024", kind="target", label_en=None,
               label_zh_hans="电子商务交易额", label_zh_hant="電子商務交易額",
               value=Decimal(400), unit="亿元", unit_en=None, comparator="Exactly", year=2024,
               year_inferred=False, recurrence=None, **quoted(14, "400"))
    G.add_edge("indicator/1", "indicator/1/target/2024", key="has_target", kind="has_target")
    G.add_edge("indicator/1/target/2024", "indicator/1", key="measures", kind="measures")
    G.add_edge("task/1/target/1", "indicator/1", key="measures", kind="measures")
    G.add_edge("org/science", "indicator/1", key="leads", kind="leads", **quoted(14, row))
    row = "1 | 跨境电商平台 | 区商务局(制造业数字化转型行动)"
    G.add_node("platform/1", kind="platform", number=1, aliases=[], area="area/2",
               **names("跨境电商平台", "Cross-border e-commerce platform"), **quoted(17, row))
    G.add_edge("platform/1", "area/2", key="in_area", kind="in_area")
    G.add_edge("org/commerce", "platform/1", key="leads", kind="leads", **quoted(17, row))
    return G
