"""Records -> RDF: the plan as a knowledge graph of responsibilities.

IRIs are minted from stable keys: the plan id (from the glossary, or a hash of
the document number), task / indicator / platform numbers, years, and
organisation slugs scoped by government. No blank nodes.

>>> from suchenggraph.extract import parse_plan, SAMPLE
>>> result = to_graph(parse_plan(SAMPLE), Glossary.load())
>>> task = next(result.graph.subjects(RDF.type, SG.Task))
>>> str(task).endswith("/task/1")
True
>>> sorted(str(o).rsplit("/", 1)[1] for o in result.graph.objects(task, SG.lead))
['commerce-bureau']
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import DCTERMS, PROV, RDF, SKOS, XSD, Graph, Literal, URIRef

from .extract import Plan, Span, Target
from .glossary import Glossary
from .text import normalise_width, to_traditional
from .vocab import BASE, ORG, SCHEMA, SG, bind_prefixes

__all__ = ["BuildResult", "to_graph", "plan_iri", "org_iri", "match_indicators", "unit_scale"]

ROLE = {"lead": SG.LeadRole, "cooperating": SG.CooperatingRole, "responsible": SG.ResponsibleRole}
ROLE_PROP = {"lead": SG.lead, "cooperating": SG.cooperatingUnit, "responsible": SG.responsibleUnit}


@dataclass
class BuildResult:
    graph: Graph
    plan_iri: URIRef
    warnings: list[str] = field(default_factory=list)


def _hash(text: str, n: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def plan_iri(plan_id: str) -> URIRef:
    return URIRef(f"{BASE}plan/{plan_id}")


def org_iri(government: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}org/{government}/{slug}")


# --------------------------------------------------------------------------- units and matching

_SCALE = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}


def unit_scale(value: str, unit: str) -> tuple[Decimal, str]:
    """Normalise a value to its base unit, e.g. ``1 万个`` -> ``10000 个``.

    >>> unit_scale("1", "万个"), unit_scale("450", "亿元")
    ((Decimal('10000'), '个'), (Decimal('45000000000'), '元'))
    """
    v = Decimal(value)
    if len(unit) > 1 and unit[0] in _SCALE:
        return v * _SCALE[unit[0]], unit[1:]
    return v, unit


def _dimension(unit: str) -> str:
    base = unit_scale("1", unit)[1]
    if base == "元":
        return "money"
    if base in ("%", "个百分点"):
        return base
    return "count"


def _clean(text: str) -> str:
    return re.sub(r"[“”\"'‘’ ]", "", text)


def _lcs(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


_LEVELS = ("国家级", "省级", "市级", "区级", "县级")


def _core(name: str) -> str:
    """A measure's name without quotes and a trailing 数/量/率 ("number of", "rate")."""
    name = _clean(name)
    return name[:-1] if len(name) > 2 and name[-1] in "数量率" else name


def _levels(text: str) -> set[str]:
    return {level + ("以上" if level + "以上" in text else "") for level in _LEVELS if level in text}


def match_indicators(metric: str, unit: str, indicators) -> tuple[int, tuple[int, int]] | None:
    """The Annex 1 indicator that a target written in the text measures, with its score.

    A match needs the same kind of unit (money, percent, count), a common run
    of at least half the indicator's name (three characters at least), the
    same head noun (the last two characters, once a trailing 数/量/率 is
    dropped), and no conflicting administrative level (省级 is not 市级以上);
    ties go to the longer common ending.

    >>> from types import SimpleNamespace as N
    >>> inds = [N(number=1, name="省级智能制造示范车间", unit="个"), N(number=2, name="5G基站数", unit="座")]
    >>> match_indicators("建设开通5G基站", "座", inds)
    (2, (4, 4))
    >>> match_indicators("新增市级以上智能制造示范车间", "个", inds) is None  # another level
    True
    >>> match_indicators("省级智能制造示范工厂", "个", inds) is None  # another head noun
    True
    >>> match_indicators("电子商务交易额", "亿元", inds) is None  # another kind of unit
    True
    """
    m = _core(metric)
    best = None
    for ind in indicators:
        if _dimension(ind.unit) != _dimension(unit):
            continue
        name = _core(ind.name)
        common = _lcs(m, name)
        if common < max(3, len(name) / 2) or _suffix(m, name) < min(2, len(name)):
            continue
        mine, theirs = _levels(metric), _levels(ind.name)
        if mine and theirs and mine != theirs:
            continue
        score = (common, _suffix(m, name))
        if best is None or score > best[1]:
            best = (ind.number, score)
    return best


# --------------------------------------------------------------------------- graph


class _Builder:
    def __init__(self, plan: Plan, glossary: Glossary):
        self.plan = plan
        self.gl = glossary
        self.g = bind_prefixes(Graph())
        doc = glossary.document(plan.doc_number)
        self.plan_id = doc.get("id") or f"plan-{_hash(plan.doc_number)}"
        self.government = doc.get("government") or self.plan_id
        self.doc = doc
        self.P = plan_iri(self.plan_id)
        self.warnings: list[str] = []
        self.orgs: dict[str, URIRef] = {}
        self.unknown_orgs: dict[str, None] = {}
        self._norm_orig = normalise_width(plan.text_orig)

    # -- literals
    def hant(self, hans: str, at: int | None = None) -> str:
        """The Traditional form: the source's own characters where the source is Traditional."""
        if self.plan.script == "zh-Hant":
            if at is None:
                at = self.plan.text_hans.find(hans)
            if at >= 0 and self.plan.text_hans[at : at + len(hans)] == hans:
                return self._norm_orig[at : at + len(hans)]
        return to_traditional(hans)

    def add_zh(self, s, p, hans: str, at: int | None = None):
        self.g.add((s, p, Literal(hans, lang="zh-Hans")))
        self.g.add((s, p, Literal(self.hant(hans, at), lang="zh-Hant")))

    def add_labels(self, s, hans: str, en: str | None, at: int | None = None, prop=SKOS.prefLabel):
        self.add_zh(s, prop, hans, at)
        if en:
            self.g.add((s, prop, Literal(en, lang="en")))

    def span(self, span: Span) -> URIRef:
        node = URIRef(f"{self.P}/source/{span.start}-{span.end}")
        g = self.g
        if (node, RDF.type, SG.SourceSpan) not in g:
            g.add((node, RDF.type, SG.SourceSpan))
            g.add((node, DCTERMS.isPartOf, self.P))
            g.add((node, SG.line, Literal(span.line)))
            g.add((node, SG.start, Literal(span.start)))
            g.add((node, SG.end, Literal(span.end)))
            self.add_zh(node, SG.section, span.section)
            self.add_zh(node, SG.quote, span.quote, span.start)
        return node

    def source(self, s, span: Span | None):
        if span is not None:
            self.g.add((s, SG.source, self.span(span)))

    def numbered(self, path: str, cls, number: int) -> URIRef:
        """A numbered part of the plan (task 23, indicator 9 ...): its IRI, type and number."""
        node = URIRef(f"{self.P}/{path}/{number}")
        self.g.add((node, RDF.type, cls))
        self.g.add((node, SG.number, Literal(number)))
        self.g.add((node, DCTERMS.isPartOf, self.P))
        return node

    # -- organisations
    def org(self, name: str) -> URIRef:
        entry = self.gl.organisation(name)
        key = entry.name if entry else name
        if key in self.orgs:
            return self.orgs[key]
        if entry is None:
            self.unknown_orgs.setdefault(name, None)
            slug, kind, en = f"org-{_hash(name, 8)}", _guess_kind(name), None
        else:
            slug, kind, en = entry.slug, entry.kind, entry.en
        node = org_iri(self.government, slug)
        self.orgs[key] = node
        g = self.g
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDF.type, getattr(SG, kind)))
        g.add((node, SG.slug, Literal(slug)))
        g.add((node, SG.government, Literal(self.government)))
        self.add_labels(node, key, en)
        if entry:
            for alias in entry.aliases:
                self.add_zh(node, SKOS.altLabel, alias)
            for alias in entry.en_aliases:
                g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
            for short in entry.abbreviations:
                self.add_zh(node, SKOS.hiddenLabel, short, at=-1)
        return node

    # -- the build
    def build(self) -> BuildResult:
        p, g, P = self.plan, self.g, self.P
        g.add((P, RDF.type, SG.Plan))
        g.add((P, RDF.type, PROV.Entity))
        self.add_labels(P, p.title, self.doc.get("title_en"), prop=DCTERMS.title)
        self.add_labels(P, p.title, self.doc.get("title_en"))
        self.add_zh(P, DCTERMS.identifier, p.doc_number)
        g.add((P, SG.periodStart, Literal(str(p.period[0]), datatype=XSD.gYear)))
        g.add((P, SG.periodEnd, Literal(str(p.period[1]), datatype=XSD.gYear)))
        g.add((P, SG.government, Literal(self.government)))
        g.add((P, SG.sourceScript, Literal(p.script)))
        if p.date:
            y, m, d = p.date
            g.add((P, DCTERMS.issued, Literal(f"{y:04d}-{m:02d}-{d:02d}", datatype=XSD.date)))
        if p.issuer:
            g.add((P, DCTERMS.creator, self.org(p.issuer)))
        if p.preamble:
            self.add_zh(P, SG.text, p.preamble.quote, p.preamble.start)
            self.source(P, p.preamble)
        self._sections()
        self._areas()
        self._tasks()
        self._indicators()
        self._platforms()
        self._programme()
        self._measures()
        self._leading_group()
        self._goals()
        self._link_targets()
        self._mentions()
        for name in self.unknown_orgs:
            self.warnings.append(
                f"organisation {name!r} is not in the glossary: add an [[organisation]] entry "
                f"with name = \"{name}\", slug, kind and en")
        return BuildResult(self.g, P, self.warnings)

    def _sections(self):
        for sec in self.plan.sections:
            node = URIRef(f"{self.P}/section/{sec.key}")
            self.g.add((node, RDF.type, SG.Section))
            self.g.add((node, DCTERMS.isPartOf, self.P))
            self.g.add((node, SG.sectionNumber, Literal(sec.label)))
            self.add_labels(node, sec.title, self.gl.english("section", sec.title),
                            sec.span.start)
            if sec.text:
                self.add_zh(node, SG.text, sec.text)
            self.source(node, sec.span)

    def _areas(self):
        scheme = URIRef(f"{self.P}/areas")
        g = self.g
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((self.P, SG.actionAreaScheme, scheme))
        self.add_labels(scheme, "行动领域", "Action areas")
        self.area_nodes = {}
        for area in self.plan.areas:
            node = self.numbered("area", SG.ActionArea, area.number)
            self.area_nodes[area.number] = node
            self.area_nodes[area.title] = node
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, scheme))
            g.add((scheme, SKOS.hasTopConcept, node))
            g.add((node, SKOS.notation, Literal(str(area.number))))
            self.add_labels(node, area.title, self.gl.english("area", area.title),
                            area.span.start + area.span.quote.find(area.title))
            self.source(node, area.span)

    def _tasks(self):
        g = self.g
        for task in self.plan.tasks:
            node = self.numbered("task", SG.Task, task.number)
            title_at = task.span.start + task.span.quote.find(task.title)
            self.add_labels(node, task.title, self.gl.english("task", task.title), title_at)
            self.add_zh(node, SG.text, task.text, task.span.end - len(task.text))
            if task.area in self.area_nodes:
                g.add((node, SG.actionArea, self.area_nodes[task.area]))
            self.source(node, task.span)
            k = 0
            for ci, clause in enumerate(task.clauses, start=1):
                for role, names in (("lead", clause.leads), ("cooperating", clause.cooperating),
                                    ("responsible", clause.responsible)):
                    for order, name in enumerate(names, start=1):
                        org = self.org(name)
                        g.add((node, ROLE_PROP[role], org))
                        k += 1
                        r = URIRef(f"{node}/responsibility/{k}")
                        g.add((r, RDF.type, SG.Responsibility))
                        g.add((node, SG.responsibility, r))
                        g.add((r, SG.organisation, org))
                        g.add((r, SG.role, ROLE[role]))
                        g.add((r, SG.order, Literal(order)))
                        g.add((r, SG.clause, Literal(ci)))
                        self.source(r, clause.span)
            for ti, target in enumerate(task.targets, start=1):
                t = self._target(URIRef(f"{node}/target/{ti}"), target)
                g.add((node, SG.setsTarget, t))

    def _target(self, node: URIRef, target: Target) -> URIRef:
        g = self.g
        g.add((node, RDF.type, SG.Target))
        g.add((node, RDF.type, SCHEMA.QuantitativeValue))
        g.add((node, SCHEMA.value, Literal(Decimal(target.value))))
        self._unit(node, target.unit)
        g.add((node, SG.comparator, getattr(SG, target.comparator)))
        if target.year is not None:
            g.add((node, SG.year, Literal(str(target.year), datatype=XSD.gYear)))
            if target.year_inferred:
                g.add((node, SG.yearInferred, Literal(True)))
        if target.increase:
            g.add((node, SG.increase, Literal(True)))
        if target.recurrence:
            g.add((node, SG.recurrence, getattr(SG, target.recurrence)))
        if target.metric:
            self.add_zh(node, SG.metric, target.metric)
        self.source(node, target.span)
        return node

    def _unit(self, node, unit: str):
        if not unit:
            return
        if re.fullmatch(r"[%A-Za-z]+", unit):
            self.g.add((node, SG.unit, Literal(unit)))
        else:
            self.add_zh(node, SG.unit, unit)
        en = self.gl.english("unit", unit)
        if en:
            self.g.add((node, SG.unit, Literal(en, lang="en")))

    def _indicators(self):
        g = self.g
        categories: dict[str, URIRef] = {}
        for ind in self.plan.indicators:
            node = self.numbered("indicator", SG.Indicator, ind.number)
            name_at = ind.span.start + ind.span.quote.find(ind.name)
            self.add_labels(node, ind.name, self.gl.english("indicator", ind.name), name_at)
            self._unit(node, ind.unit)
            if ind.category:
                if ind.category not in categories:
                    c = URIRef(f"{self.P}/indicator-category/{len(categories) + 1}")
                    categories[ind.category] = c
                    g.add((c, RDF.type, SG.IndicatorCategory))
                    g.add((c, RDF.type, SKOS.Concept))
                    self.add_labels(c, ind.category,
                                    self.gl.english("indicator_category", ind.category))
                g.add((node, SG.category, categories[ind.category]))
            for name in ind.leads:
                g.add((node, SG.lead, self.org(name)))
            self.source(node, ind.span)
            for it in ind.targets:
                t = URIRef(f"{node}/target/{it.year}")
                g.add((t, RDF.type, SG.Target))
                g.add((t, RDF.type, SCHEMA.QuantitativeValue))
                g.add((t, SCHEMA.value, Literal(Decimal(it.value))))
                self._unit(t, ind.unit)
                g.add((t, SG.comparator, SG.Exactly))
                g.add((t, SG.year, Literal(str(it.year), datatype=XSD.gYear)))
                self.add_zh(t, SG.metric, ind.name, name_at)
                g.add((t, SG.measures, node))
                g.add((node, SG.hasTarget, t))
                self.source(t, it.span)

    def _platforms(self):
        g = self.g
        for pf in self.plan.platforms:
            node = self.numbered("platform", SG.Platform, pf.number)
            self.add_labels(node, pf.name, self.gl.english("platform", pf.name))
            for name in pf.leads:
                g.add((node, SG.lead, self.org(name)))
            if pf.area_title:
                area = self.area_nodes.get(pf.area_title)
                if area is None:
                    self.warnings.append(f"platform {pf.number} ({pf.name}): action area "
                                         f"{pf.area_title!r} is not one of the plan's areas")
                else:
                    g.add((node, SG.actionArea, area))
            self.source(node, pf.span)

    def _programme(self):
        name = self.plan.programme
        if not name:
            return
        entry = self.gl.programmes.get(name, {})
        node = URIRef(f"{self.P}/programme/{entry.get('slug') or _hash(name, 8)}")
        g = self.g
        g.add((node, RDF.type, SG.Programme))
        g.add((node, DCTERMS.isPartOf, self.P))
        self.add_labels(node, name, entry.get("en"))
        for pf in self.plan.platforms:
            g.add((node, SG.platform, URIRef(f"{self.P}/platform/{pf.number}")))
        for key, prop in (("park", SG.park), ("centre", SG.centre)):
            if entry.get(key) and entry[key] in self.plan.text_hans:
                g.add((node, prop, self.org(entry[key])))
        for goal in self.plan.goals:
            at = goal.text.find(name)
            if at >= 0:
                self.source(node, Span(goal.span.line, goal.span.start + at,
                                       goal.span.start + at + len(name), goal.span.section, name))

    def _measures(self):
        for m in self.plan.measures:
            node = self.numbered("measure", SG.GuaranteeMeasure, m.number)
            self.add_labels(node, m.title, self.gl.english("measure", m.title))
            self.add_zh(node, SG.text, m.text)
            self.source(node, m.span)

    def _leading_group(self):
        lg = self.plan.leading_group
        if lg is None:
            return
        g = self.g
        group = self.org(lg.name)
        self.source(group, lg.span)
        slugs = {"FirstChairRole": "first-chair", "ChairRole": "chair",
                 "ViceChairRole": "vice-chair", "MemberRole": "member"}
        for role, holder in lg.posts:
            post = URIRef(f"{group}/post/{slugs[role]}")
            g.add((post, RDF.type, ORG.Post))
            g.add((group, ORG.hasPost, post))
            g.add((post, ORG.postIn, group))
            g.add((post, ORG.role, getattr(SG, role)))
            self.add_labels(post, holder, self.gl.english("post", holder), prop=SG.heldBy)
        if lg.office_host:
            office = self.org("领导小组办公室")
            g.add((office, ORG.subOrganizationOf, group))
            g.add((office, SG.hostedBy, self.org(lg.office_host)))
        if lg.centre:
            centre = self.org(lg.centre)
            self.add_zh(centre, ORG.purpose, lg.centre_purpose or "")

    def _goals(self):
        g = self.g
        for goal in self.plan.goals:
            node = URIRef(f"{self.P}/goal/{goal.year}")
            g.add((node, RDF.type, SG.Goal))
            g.add((node, DCTERMS.isPartOf, self.P))
            g.add((node, SG.year, Literal(str(goal.year), datatype=XSD.gYear)))
            self.add_labels(node, f"{goal.year}年目标", f"Goals for {goal.year}")
            self.add_zh(node, SG.text, goal.text, goal.span.start)
            self.source(node, goal.span)
            for ti, target in enumerate(goal.targets, start=1):
                t = self._target(URIRef(f"{node}/target/{ti}"), target)
                g.add((node, SG.setsTarget, t))

    def _link_targets(self):
        """``sg:measures``: the best text target per indicator and per source (task or goal)."""
        indicators = self.plan.indicators
        candidates: dict[tuple[int, str], tuple[tuple[int, int], URIRef]] = {}
        owners = [(f"{self.P}/task/{t.number}", t.targets) for t in self.plan.tasks]
        owners += [(f"{self.P}/goal/{gl.year}", gl.targets) for gl in self.plan.goals]
        for owner, targets in owners:
            for ti, target in enumerate(targets, start=1):
                if target.recurrence:
                    continue
                found = match_indicators(target.metric, target.unit, indicators)
                if found is None:
                    continue
                number, score = found
                kind = owner.rsplit("/", 2)[-2]
                key = (number, kind)
                node = URIRef(f"{owner}/target/{ti}")
                if key not in candidates or score > candidates[key][0]:
                    candidates[key] = (score, node)
        for (number, _kind), (_score, node) in sorted(candidates.items()):
            self.g.add((node, SG.measures, URIRef(f"{self.P}/indicator/{number}")))

    def _mentions(self):
        """``sg:mentions``: glossary organisations named in the text outside responsibility clauses."""
        text_nodes = [(URIRef(f"{self.P}/task/{t.number}"), _without_clauses(t))
                      for t in self.plan.tasks]
        text_nodes += [(URIRef(f"{self.P}/measure/{m.number}"), m.text) for m in self.plan.measures]
        text_nodes += [(URIRef(f"{self.P}/section/{s.key}"), s.text) for s in self.plan.sections]
        names = sorted(((n, o) for o in self.gl.orgs for n in (o.name, *o.aliases)),
                       key=lambda x: -len(x[0]))
        for node, text in text_nodes:
            rest = text
            for name, entry in names:
                if name in rest:
                    self.g.add((node, SG.mentions, self.org(entry.name)))
                    rest = rest.replace(name, "\0")


def _without_clauses(task) -> str:
    """The task text with its responsibility clauses blanked out."""
    text = list(task.text)
    base = task.span.end - len(task.text)
    for clause in task.clauses:
        for i in range(clause.span.start - base, clause.span.end - base):
            if 0 <= i < len(text):
                text[i] = "\0"
    return "".join(text)


def _guess_kind(name: str) -> str:
    if name.startswith("各"):
        return "CollectiveActor"
    if name.startswith("区委"):
        return "PartyCommitteeOffice"
    if name.endswith("镇"):
        return "Town"
    if name.endswith(("园", "园区", "开发区")):
        return "Park"
    if name.endswith(("局", "分局", "办")):
        return "GovernmentDepartment"
    if name.endswith("领导小组"):
        return "LeadingGroup"
    return "UnclassifiedOrganisation"


def to_graph(plan: Plan, glossary: Glossary) -> BuildResult:
    """Build the RDF graph of ``plan``; warnings list what the glossary lacks."""
    return _Builder(plan, glossary).build()
