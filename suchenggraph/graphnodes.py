"""The plan graph's nodes: IRIs, literals in both scripts, sources, organisations.

:class:`GraphWriter` holds the graph being built and mints its nodes, each the same way
wherever a stage of :mod:`suchenggraph.model` needs one: literals in Simplified and
Traditional (:meth:`~GraphWriter.add_zh`, :meth:`~GraphWriter.add_labels`; Traditional as
the source writes it when the source is Traditional), source spans with their Web
Annotation selectors (:meth:`~GraphWriter.span`), numbered parts of the plan
(:meth:`~GraphWriter.numbered`), governments and organisations, scoped by government, from
the glossary or with a composed English name (:meth:`~GraphWriter.org`), and qualified
responsibilities (:meth:`~GraphWriter.responsibility`). IRIs come from stable keys
(:func:`plan_iri`, :func:`org_iri`), never from counters.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import DCTERMS, RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory

from .extract import Plan, Span
from .glossary import Glossary, OrgEntry
from .governments import Government, Governments
from .text import normalise_width, to_traditional
from .vocab import BASE, DCAT, OA, ORG, SG, bind_prefixes

try:  # English names of units without a glossary entry (composed from their parts)
    from .orgnames import english_name
except ImportError:  # pragma: no cover - the module arrives from another branch
    english_name = None

__all__ = ["GraphWriter", "plan_iri", "org_iri", "stable_hash", "ROLE", "ROLE_PROP"]

ROLE = {"lead": SG.LeadRole, "cooperating": SG.CooperatingRole, "responsible": SG.ResponsibleRole}
#: The shortcut property of each role (``org:roleProperty`` of the role in data/ontology.ttl).
ROLE_PROP = {"lead": SG.lead, "cooperating": SG.cooperatingUnit, "responsible": SG.responsibleUnit}


def stable_hash(text: str, n: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def plan_iri(plan_id: str) -> URIRef:
    return URIRef(f"{BASE}plan/{plan_id}")


def org_iri(government: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}org/{government}/{slug}")


def _guess_kind(name: str) -> str:
    """The kind of a unit the glossary lacks, from its name.

    >>> [_guess_kind(n) for n in ("各市人民政府", "各县（市、区）", "各有关企业",
    ...  "省数字经济工作领导小组成员单位", "市委网信办", "省商务厅", "省发展改革委",
    ...  "南京海关", "市行政审批局", "省大数据中心", "省电力公司")]  # doctest: +NORMALIZE_WHITESPACE
    ['CollectiveActor', 'CollectiveActor', 'CollectiveActor', 'CollectiveActor',
     'PartyCommitteeOffice', 'GovernmentDepartment', 'GovernmentDepartment',
     'GovernmentDepartment', 'GovernmentDepartment', 'PublicInstitution',
     'UnclassifiedOrganisation']
    """
    if name.startswith("各") or name.endswith("成员单位"):
        return "CollectiveActor"
    if re.match(r"^(省|市|区|县)委(?!员)", name):
        return "PartyCommitteeOffice"
    if name.endswith("镇"):
        return "Town"
    if name.endswith(("园", "园区", "开发区")):
        return "Park"
    if name.endswith("领导小组"):
        return "LeadingGroup"
    if name.endswith(("局", "分局", "办", "厅", "委", "海关")):
        return "GovernmentDepartment"
    if name.endswith("中心"):
        return "PublicInstitution"
    return "UnclassifiedOrganisation"


class GraphWriter:
    """The graph of one plan being built, and the minting of its nodes.

    ``plan_id`` names the plan's IRI; ``gov`` is the government the plan belongs to (or
    None) and ``government`` the key organisation IRIs are scoped by.
    """

    def __init__(self, plan: Plan, glossary: Glossary, governments: Governments, *,
                 plan_id: str, gov: Government | None, government: str):
        self.plan = plan
        self.gl = glossary
        self.govs = governments
        # a store without contexts or events: a third less time per triple than the default
        self.g = bind_prefixes(Graph(store=SimpleMemory()))
        self.plan_id = plan_id
        self.gov = gov
        self.government = government
        self.P = plan_iri(plan_id)
        self.orgs: dict[tuple[str, str], URIRef] = {}
        self.unknown_orgs: dict[str, None] = {}
        self.no_english: dict[str, list[str]] = {}
        self._norm_orig = normalise_width(plan.text_orig)
        #: the source file, named by its checksum (``ni:///sha-256;…``) when the build knows it
        self.source_file: URIRef | None = None

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

    def add_year(self, node, year: int) -> None:
        """``sg:year`` (what the queries read) and the same year as a ``dcterms:temporal``
        period of time, one node per year of the plan."""
        g = self.g
        g.add((node, SG.year, Literal(str(year), datatype=XSD.gYear)))
        period = URIRef(f"{self.P}/period/{year}")
        g.add((node, DCTERMS.temporal, period))
        if (period, RDF.type, DCTERMS.PeriodOfTime) not in g:
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(str(year), datatype=XSD.gYear)))
            g.add((period, DCAT.endDate, Literal(str(year), datatype=XSD.gYear)))

    def span(self, span: Span) -> URIRef:
        node = URIRef(f"{self.P}/source/{span.start}-{span.end}")
        g = self.g
        if (node, RDF.type, SG.SourceSpan) not in g:
            g.add((node, RDF.type, SG.SourceSpan))
            g.add((node, DCTERMS.isPartOf, self.P))
            # a W3C Web Annotation selector of the source text (position and quote)
            g.add((node, RDF.type, OA.TextPositionSelector))
            g.add((node, RDF.type, OA.TextQuoteSelector))
            if self.source_file is not None:  # a part of that file (oa:SpecificResource)
                g.add((node, RDF.type, OA.SpecificResource))
                g.add((node, OA.hasSource, self.source_file))
            g.add((node, SG.line, Literal(span.line)))
            g.add((node, OA.start, Literal(span.start)))
            g.add((node, OA.end, Literal(span.end)))
            g.add((node, OA.exact, Literal(self.plan.text_orig[span.start : span.end])))
            self.add_zh(node, SG.section, span.section)
            self.add_zh(node, SG.quote, span.quote, span.start)
        return node

    def source(self, s, span: Span | None):
        if span is not None:
            self.g.add((s, SG.source, self.span(span)))

    def numbered(self, path: str, cls, number: int, key: str | None = None) -> URIRef:
        """A numbered part of the plan (task 23, indicator 9 ...): its IRI, type and number.

        ``key`` (a task's, e.g. ``2.1.3`` where numbering restarts per section) mints the
        IRI and is its ``skos:notation`` when it is not the number itself."""
        key = key or str(number)
        node = URIRef(f"{self.P}/{path}/{key}")
        self.g.add((node, RDF.type, cls))
        self.g.add((node, SG.number, Literal(number)))
        if key != str(number):
            self.g.add((node, SKOS.notation, Literal(key)))
        self.g.add((node, DCTERMS.isPartOf, self.P))
        return node

    # -- governments and organisations
    def government_node(self, gov: Government) -> URIRef:
        """The government's node (and its parents'): authority facts from data/governments.toml."""
        node = URIRef(gov.iri)
        g = self.g
        if (node, RDF.type, SG.Government) in g:
            return node
        g.add((node, RDF.type, SG.Government))
        g.add((node, SKOS.notation, Literal(gov.code)))
        g.add((node, SG.divisionLevel, getattr(SG, gov.level.capitalize() + "Level")))
        self.add_labels(node, gov.name, gov.en)
        parent = self.govs.get(gov.parent) if gov.parent else None
        if parent is not None:
            g.add((node, ORG.subOrganizationOf, self.government_node(parent)))
        return node

    def org(self, name: str) -> URIRef:
        entry = self.gl.organisation(name)
        key = entry.name if entry else name
        if self.plan.leading_group is not None and (
                entry.kind == "LeadingGroupOffice" if entry else name.endswith("领导小组办公室")):
            return self.group_office(key, entry)
        gov = self.govs.unit_government(key, self.gov) if self.gov else None
        scope = self.government if gov is None or gov == self.gov else gov.key
        if (scope, key) in self.orgs:
            return self.orgs[(scope, key)]
        if entry is None:
            self.unknown_orgs.setdefault(name, None)
            slug, kind = f"org-{stable_hash(name, 8)}", _guess_kind(name)
            en = self._english(name, gov)
        else:
            slug, kind, en = entry.slug, entry.kind, entry.en
        node = org_iri(scope, slug)
        self.orgs[(scope, key)] = node
        parents = [self.government_node(gov)] if gov is not None else []
        return self._describe(node, kind, slug, scope, parents, key, en, entry)

    def group_office(self, name: str, entry: OrgEntry | None) -> URIRef:
        """The office of the plan's leading group, minted under the group's IRI
        (``…/org/sucheng/digital-economy-leading-group/office``): two leading groups of one
        government have two offices. The glossary entry's English names and aliases apply
        only to the office of the group it names (its ``group``); another group's office is
        "Office of the" and the group's English name."""
        group_name = self.plan.leading_group.name
        group = self.org(group_name)
        node = URIRef(f"{group}/office")
        g = self.g
        if (node, RDF.type, SG.LeadingGroupOffice) in g:
            return node
        group_entry = self.gl.organisation(group_name)
        if not (entry and entry.group and group_entry
                and self.gl.organisation(entry.group) is group_entry):
            group_en = next((o for o in g.objects(group, SKOS.prefLabel) if o.language == "en"),
                            None)
            entry = OrgEntry(name, "office", "LeadingGroupOffice",
                             f"Office of the {group_en}" if group_en else None)
        parents = [group, *(o for o in g.objects(group, ORG.subOrganizationOf)
                            if (o, RDF.type, SG.Government) in g)]
        slug = f"{str(group).rsplit('/', 1)[1]}/office"
        return self._describe(node, "LeadingGroupOffice", slug, str(g.value(group, SG.government)),
                              parents, name, entry.en, entry)

    def _describe(self, node: URIRef, kind: str, slug: str, scope: str, parents, name: str,
                  en: str | None, entry: OrgEntry | None) -> URIRef:
        """An organisation's authority facts: kind, slug, government, parents, labels."""
        g = self.g
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDF.type, getattr(SG, kind)))
        g.add((node, ORG.classification, getattr(SG, kind)))  # a concept of sg:UnitKinds
        g.add((node, SG.slug, Literal(slug)))
        g.add((node, SG.government, Literal(scope)))
        for parent in parents:
            g.add((node, ORG.subOrganizationOf, parent))
        self.add_labels(node, name, en)
        if entry:
            for alias in entry.aliases:
                self.add_zh(node, SKOS.altLabel, alias)
            for alias in entry.en_aliases:
                g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
            for short in entry.abbreviations:
                self.add_zh(node, SKOS.hiddenLabel, short, at=-1)
        return node

    def _english(self, name: str, gov: Government | None) -> str | None:
        """A composed English name for a unit the glossary lacks (None: warn)."""
        if english_name is None:
            self.no_english[name] = []
            return None
        en, unknown = english_name(name, gov.level if gov else None)
        if gov is not None and name[:1] in "省市区县" and gov.name.endswith(name[0]) \
                and not name.startswith("市场"):
            # "省商务厅" of Jiangsu is 江苏省商务厅: Jiangsu Provincial Department of Commerce
            placed, missing = english_name(gov.name + name[1:], gov.level)
            if placed is not None and not missing:
                en, unknown = placed, missing
        if en is None or unknown:
            self.no_english[name] = list(unknown)
        return en

    # -- responsibilities
    def responsibility(self, thing: URIRef, role: str, org: URIRef, order: int,
                       span: Span | None, clause: int | None = None, c=None) -> URIRef:
        """One assignment, qualified: IRI from (clause, role, order), never a counter."""
        local = f"{clause}-{role}-{order}" if clause is not None else f"{role}-{order}"
        r = URIRef(f"{thing}/responsibility/{local}")
        g = self.g
        g.add((r, RDF.type, SG.Responsibility))
        g.add((thing, SG.responsibility, r))
        g.add((r, SG.organisation, org))
        g.add((r, SG.role, ROLE[role]))
        g.add((r, SG.order, Literal(order)))
        if clause is not None:
            g.add((r, SG.clause, Literal(clause)))
        self.source(r, span)
        if c is not None:
            if c.deadline:
                self.add_zh(r, SG.deadlineText, c.deadline)
            if c.due is not None:
                g.add((r, SG.dueDate, Literal(c.due.isoformat(), datatype=XSD.date)))
            if c.ongoing:
                g.add((r, SG.ongoing, Literal(True)))
        return r


    def unknown_org_warnings(self) -> list[str]:
        """One warning per organisation the glossary lacks (and why it has no English name)."""
        warnings = []
        for name in self.unknown_orgs:
            warning = (f"organisation {name!r} is not in the glossary: add an [[organisation]] "
                       f"entry with name = \"{name}\", slug, kind and en")
            if name in self.no_english:
                parts = self.no_english[name]
                if english_name is None:
                    why = "no English name composer (suchenggraph.orgnames) is installed"
                elif parts:
                    why = "unknown name part(s) " + ", ".join(repr(x) for x in parts)
                else:
                    why = "no English name could be composed"
                warning += f" (it has no English label: {why})"
            warnings.append(warning)
        return warnings
