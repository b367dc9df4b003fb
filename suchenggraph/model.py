"""Records -> RDF: the plan as a knowledge graph of responsibilities.

IRIs are minted from stable keys: the plan id (from the glossary, or a hash of
the document number -- with the title for a notice's second plan -- or of the
title when there is no number), task keys, indicator / platform numbers, years,
organisation slugs scoped by government, governments by their GB/T 2260 code.
No blank nodes.

Every assignment of an organisation to a task, indicator or platform (a body
clause or an annex row) is an ``sg:Responsibility`` with its source; the
shortcuts ``sg:lead`` / ``sg:cooperatingUnit`` / ``sg:responsibleUnit`` are
derived from them (:func:`derive_shortcuts`), the property each role names with
``org:roleProperty`` in the ontology.

:func:`to_graph` builds the graph in stages, each a method of ``_Builder`` that adds one
part of the plan, in this order (:meth:`_Builder.build`): ``_plan`` (the plan node),
``_sections``, ``_areas``, ``_tasks`` (with their clauses' responsibilities and their
targets), ``_indicators`` (Annex 1), ``_platforms`` (Annex 2), ``_programme``,
``_measures``, ``_leading_group``, ``_goals``, ``_link_targets`` (``sg:measures``,
matched by :mod:`suchenggraph.indicatormatch`), ``_mentions``, then the shortcuts
(:func:`derive_shortcuts`), ``_other_governments`` and ``_build_activity`` (PROV). The
stages that write quantities (targets, units, indicators, ``_link_targets``) live in
:class:`~suchenggraph.targetnodes.TargetWriter`; the nodes all stages add are minted by
:class:`~suchenggraph.graphnodes.GraphWriter` (literals in both scripts, source spans,
organisations and governments, responsibilities).

>>> from suchenggraph.extract import parse_plan, SAMPLE
>>> result = to_graph(parse_plan(SAMPLE), Glossary.load())
>>> task = next(result.graph.subjects(RDF.type, SG.Task))
>>> str(task).endswith("/task/1")
True
>>> sorted(str(o).rsplit("/", 1)[1] for o in result.graph.objects(task, SG.lead))
['commerce-bureau']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import DCTERMS, PROV, RDF, SKOS, XSD, Graph, Literal, URIRef

from .extract import Plan, Span
from .glossary import Glossary
from .governments import Government, Governments
from .graphnodes import ROLE, ROLE_PROP, org_iri, plan_iri, stable_hash
from .indicatormatch import match_indicators, unit_scale
from .provenance import add_build_activity
from .provenance import build_time as resolve_build_time
from .targetnodes import TargetWriter
from .vocab import DCAT, ELI, ORG, SG

__all__ = ["BuildResult", "to_graph", "plan_iri", "org_iri", "default_plan_id",
           "plan_government", "derive_shortcuts", "match_indicators", "unit_scale",
           "ROLE", "ROLE_PROP"]

_PROP_OF_ROLE = {ROLE[k]: v for k, v in ROLE_PROP.items()}


@dataclass
class BuildResult:
    graph: Graph
    plan_iri: URIRef
    warnings: list[str] = field(default_factory=list)


def default_plan_id(plan: Plan) -> str:
    """A plan's id when the glossary gives none: stable across rebuilds.

    From the document number; a notice's later plans (``index`` > 0) add their
    title, so two plans of one notice differ; a plan without a number uses its title.

    >>> from types import SimpleNamespace as P
    >>> default_plan_id(P(doc_number="苏政办发〔2021〕9号", title="行动计划", index=0))
    'plan-9f37e3ec92'
    >>> default_plan_id(P(doc_number="苏政办发〔2021〕9号", title="若干政策", index=1))
    'plan-64dd9a29f3'
    >>> default_plan_id(P(doc_number=None, title="若干政策", index=0))
    'plan-4b11c906e0'
    """
    if plan.doc_number:
        key = plan.doc_number if plan.index == 0 else f"{plan.doc_number}\n{plan.title}"
    else:
        key = plan.title
    return f"plan-{stable_hash(key)}"


def plan_government(plan: Plan, governments: Governments, *, override: str | None = None,
                    glossary_key: str | None = None) -> tuple[Government | None, list[str]]:
    """The government ``plan`` belongs to, and warnings.

    ``override`` (``--government``: a code, key or name) decides; else the glossary's
    key; else the issuer (the plan's, or its notice's); else the document number's
    prefix. Issuer and number that disagree give a warning (the issuer wins).
    """
    if override:
        return governments.find(override), []
    if glossary_key and glossary_key in governments.by_key:
        return governments.by_key[glossary_key], []
    notice = getattr(plan, "notice", None)
    issuer = plan.issuer or (notice.issuer if notice else None)
    by_issuer = governments.from_issuer(issuer)
    by_number = governments.from_number(plan.doc_number)
    if by_issuer and by_number and by_issuer.code != by_number.code:
        return by_issuer, [f"the issuer {issuer!r} is {by_issuer.name} ({by_issuer.code}) but "
                           f"the number {plan.doc_number!r} reads as {by_number.name} "
                           f"({by_number.code}): took the issuer's; --government overrides"]
    gov = by_issuer or by_number
    if gov is None and not glossary_key:
        return None, ["cannot tell which government issued the plan (no known issuer or "
                      "document-number prefix): give --government CODE"]
    return gov, []


def derive_shortcuts(graph: Graph) -> Graph:
    """Add the shortcut of every ``sg:Responsibility`` (``?thing sg:lead ?org`` ...).

    >>> g = Graph()
    >>> t, r, o = URIRef("urn:t"), URIRef("urn:r"), URIRef("urn:o")
    >>> for triple in [(t, SG.responsibility, r), (r, SG.organisation, o), (r, SG.role, SG.LeadRole)]:
    ...     _ = g.add(triple)
    >>> (t, SG.lead, o) in derive_shortcuts(g)
    True
    """
    for thing, r in list(graph.subject_objects(SG.responsibility)):
        prop = _PROP_OF_ROLE.get(graph.value(r, SG.role))
        org = graph.value(r, SG.organisation)
        if prop is not None and org is not None:
            graph.add((thing, prop, org))
    return graph


# --------------------------------------------------------------------------- graph


class _Builder(TargetWriter):
    """One plan's graph, built in the stages :meth:`build` lists (see the module's docstring)."""

    def __init__(self, plan: Plan, glossary: Glossary, governments: Governments,
                 government: str | None = None, inputs: dict[str, str] | None = None,
                 build_time: str | None = None):
        doc = glossary.document_for(plan)
        plan_id = doc.get("id") or default_plan_id(plan)
        key = None if government else doc.get("government")
        gov, warnings = plan_government(plan, governments, override=government,
                                        glossary_key=key)
        # the key organisation IRIs are scoped by: the glossary's, the government's, or
        # (no government known) the plan's own id
        super().__init__(plan, glossary, governments, plan_id=plan_id, gov=gov,
                         government=key or (gov.key if gov else plan_id))
        self.inputs = inputs or {}
        if "source" in self.inputs:
            self.source_file = URIRef(f"ni:///sha-256;{self.inputs['source']}")
        self.build_time = resolve_build_time(build_time)
        self.doc = doc
        self.warnings = warnings

    def build(self) -> BuildResult:
        self._plan()
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
        derive_shortcuts(self.g)
        self._other_governments()
        self._build_activity()
        self.warnings += self.unknown_org_warnings()
        return BuildResult(self.g, self.P, self.warnings)

    def _plan(self):
        """The plan node: types, title, number, period, government, date, issuer, preamble."""
        p, g, P = self.plan, self.g, self.P
        notice = getattr(p, "notice", None)
        g.add((P, RDF.type, SG.Plan))
        g.add((P, RDF.type, PROV.Entity))
        g.add((P, RDF.type, PROV.Plan))
        self.add_labels(P, p.title, self.doc.get("title_en"), prop=DCTERMS.title)
        self.add_labels(P, p.title, self.doc.get("title_en"))
        if p.doc_number:
            self.add_zh(P, DCTERMS.identifier, p.doc_number)
        if p.doc_number:  # the document number as the local id of a legal resource (ELI)
            g.add((P, RDF.type, ELI.LegalResource))
            g.add((P, ELI.id_local, Literal(p.doc_number)))
        if p.period is not None:
            period = URIRef(f"{P}/period")
            g.add((P, DCTERMS.temporal, period))
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(str(p.period[0]), datatype=XSD.gYear)))
            g.add((period, DCAT.endDate, Literal(str(p.period[1]), datatype=XSD.gYear)))
        g.add((P, SG.government, Literal(self.government)))
        if self.gov is not None:
            g.add((P, SG.issuingGovernment, self.government_node(self.gov)))
        g.add((P, SG.sourceScript, Literal(p.script)))
        date = p.date or (notice.date if notice else None)
        if date:
            y, m, d = date
            g.add((P, DCTERMS.issued, Literal(f"{y:04d}-{m:02d}-{d:02d}", datatype=XSD.date)))
        issuer = p.issuer or (notice.issuer if notice else None)
        if issuer:
            if self.gov is not None and issuer == self.gov.name + "人民政府":
                g.add((P, DCTERMS.creator, self.government_node(self.gov)))
            else:
                g.add((P, DCTERMS.creator, self.org(issuer)))
        if p.preamble:
            self.add_zh(P, SG.text, p.preamble.quote, p.preamble.start)
            self.source(P, p.preamble)

    def _other_governments(self):
        """The other governments whose units the plan names: their organisation graphs are
        read with the plan's own (dataset.scope)."""
        for scope in sorted({scope for scope, _ in self.orgs} - {self.government}):
            self.g.add((self.P, SG.otherGovernment, Literal(scope)))

    def _build_activity(self):
        """The build as a prov:Activity: the inputs it used (by checksum), the tool and its
        version, and its time only when one is given (:mod:`suchenggraph.provenance`)."""
        if self.inputs:
            add_build_activity(self.g, self.P, self.inputs, self.build_time)

    def _sections(self):
        """The plan's sections (一、二、…): number, title, text, source."""
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
        """The action areas, as a SKOS concept scheme of the plan."""
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
        """The tasks: title, text, area, a Responsibility per clause name, their targets."""
        g = self.g
        for task in self.plan.tasks:
            node = self.numbered("task", SG.Task, task.number, task.key)
            title_at = task.span.start + task.span.quote.find(task.title)
            self.add_labels(node, task.title, self.gl.english("task", task.title), title_at)
            self.add_zh(node, SG.text, task.text, task.span.end - len(task.text))
            if task.area in self.area_nodes:
                g.add((node, SG.actionArea, self.area_nodes[task.area]))
            self.source(node, task.span)
            for ci, clause in enumerate(task.clauses, start=1):
                for role, names in (("lead", clause.leads), ("cooperating", clause.cooperating),
                                    ("responsible", clause.responsible)):
                    for order, name in enumerate(names, start=1):
                        self.responsibility(node, role, self.org(name), order, clause.span,
                                            ci, clause)
            for ti, target in enumerate(task.targets, start=1):
                t = self._target(URIRef(f"{node}/target/{ti}"), target)
                g.add((node, SG.setsTarget, t))

    def _platforms(self):
        """The Annex 2 platforms: number, name, action area, lead Responsibilities."""
        g = self.g
        for pf in self.plan.platforms:
            node = self.numbered("platform", SG.Platform, pf.number)
            self.add_labels(node, pf.name, self.gl.english("platform", pf.name))
            for order, name in enumerate(pf.leads, start=1):
                self.responsibility(node, "lead", self.org(name), order, pf.span)
            if pf.area_title:
                area = self.area_nodes.get(pf.area_title)
                if area is None:
                    self.warnings.append(f"platform {pf.number} ({pf.name}): action area "
                                         f"{pf.area_title!r} is not one of the plan's areas")
                else:
                    g.add((node, SG.actionArea, area))
            self.source(node, pf.span)

    def _programme(self):
        """The programme the plan belongs to (from the glossary), when it names one."""
        name = self.plan.programme
        if not name:
            return
        entry = self.gl.programmes.get(name, {})
        node = URIRef(f"{self.P}/programme/{entry.get('slug') or stable_hash(name, 8)}")
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
        """The guarantee measures (保障措施): number, title, text."""
        for m in self.plan.measures:
            node = self.numbered("measure", SG.GuaranteeMeasure, m.number)
            self.add_labels(node, m.title, self.gl.english("measure", m.title))
            self.add_zh(node, SG.text, m.text)
            self.source(node, m.span)

    def _leading_group(self):
        """The leading group: its posts (chairs, members), its office and its centre."""
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
        """The overall goals, one node per target year, with the targets their text sets."""
        g = self.g
        for goal in self.plan.goals:
            node = URIRef(f"{self.P}/goal/{goal.year}")
            g.add((node, RDF.type, SG.Goal))
            g.add((node, DCTERMS.isPartOf, self.P))
            self.add_year(node, goal.year)
            self.add_labels(node, f"{goal.year}年目标", f"Goals for {goal.year}")
            self.add_zh(node, SG.text, goal.text, goal.span.start)
            self.source(node, goal.span)
            for ti, target in enumerate(goal.targets, start=1):
                t = self._target(URIRef(f"{node}/target/{ti}"), target)
                g.add((node, SG.setsTarget, t))

    def _mentions(self):
        """``sg:mentions``: glossary organisations named in the text outside responsibility clauses."""
        text_nodes = [(URIRef(f"{self.P}/task/{t.key}"), _without_clauses(t))
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


def to_graph(plan: Plan, glossary: Glossary, *, government: str | None = None,
             governments: Governments | None = None,
             inputs: dict[str, str] | None = None,
             build_time: str | None = None) -> BuildResult:
    """Build the RDF graph of ``plan``; warnings list what the glossary lacks.

    ``government`` (a GB/T 2260 code, key or name) overrides the government the
    document names; ``governments`` defaults to ``data/governments.toml``.
    ``inputs`` maps each input of the build (``source``, ``glossary``,
    ``governments``) to the base64url SHA-256 of its bytes: the graph then records
    the build as a ``prov:Activity`` that used them, ended at ``build_time`` (``now`` or an
    ISO 8601 time with a zone; else ``SOURCE_DATE_EPOCH``; else no time: see
    :func:`suchenggraph.provenance.build_time`).
    """
    governments = governments or Governments.load()
    return _Builder(plan, glossary, governments, government, inputs, build_time).build()
