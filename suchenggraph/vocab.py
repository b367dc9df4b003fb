"""The vocabulary: the project's own closed namespace and the standard ones it reuses.

``SG`` is closed: a misspelt term raises instead of minting a new IRI.

>>> SG.Task
rdflib.term.URIRef('https://w3id.org/suchenggraph/ontology#Task')
>>> SG.Taks
Traceback (most recent call last):
...
AttributeError: term 'Taks' not in namespace 'https://w3id.org/suchenggraph/ontology#'
"""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["SG", "ORG", "SCHEMA", "OA", "DCAT", "ELI", "PREFIXES", "BASE", "bind_prefixes", "sparql_prologue"]

BASE = "https://w3id.org/suchenggraph/"


class SG(DefinedNamespace):
    """suchenggraph's own terms; each is described in ``data/ontology.ttl``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Plan: URIRef
    PlanComponent: URIRef
    Section: URIRef
    Goal: URIRef
    ActionArea: URIRef
    Task: URIRef
    Responsibility: URIRef
    Role: URIRef
    TaskRole: URIRef
    PostRole: URIRef
    Indicator: URIRef
    IndicatorCategory: URIRef
    Target: URIRef
    RiseTarget: URIRef
    IndicatorMatch: URIRef
    Comparator: URIRef
    Recurrence: URIRef
    Platform: URIRef
    Programme: URIRef
    GuaranteeMeasure: URIRef
    SourceSpan: URIRef
    GovernmentDepartment: URIRef
    PartyCommitteeOffice: URIRef
    PublicInstitution: URIRef
    Park: URIRef
    Town: URIRef
    CollectiveActor: URIRef
    LeadingGroup: URIRef
    LeadingGroupOffice: URIRef
    SocialOrganisation: URIRef
    UnclassifiedOrganisation: URIRef
    UnitKinds: URIRef
    Government: URIRef
    DivisionLevel: URIRef

    # individuals
    LeadRole: URIRef
    CooperatingRole: URIRef
    ResponsibleRole: URIRef
    FirstChairRole: URIRef
    ChairRole: URIRef
    ViceChairRole: URIRef
    MemberRole: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    About: URIRef
    Exactly: URIRef
    AtMost: URIRef
    FullCoverage: URIRef
    Annual: URIRef
    ProvinceLevel: URIRef
    CityLevel: URIRef
    DistrictLevel: URIRef
    CountyLevel: URIRef

    # properties
    number: URIRef
    text: URIRef
    sectionNumber: URIRef
    actionArea: URIRef
    actionAreaScheme: URIRef
    lead: URIRef
    cooperatingUnit: URIRef
    responsibleUnit: URIRef
    responsibility: URIRef
    organisation: URIRef
    role: URIRef
    order: URIRef
    clause: URIRef
    setsTarget: URIRef
    hasTarget: URIRef
    measures: URIRef
    unit: URIRef
    unitMultiplier: URIRef
    comparator: URIRef
    year: URIRef
    yearInferred: URIRef
    increase: URIRef
    recurrence: URIRef
    metric: URIRef
    category: URIRef
    indicatorConcept: URIRef
    platform: URIRef
    park: URIRef
    centre: URIRef
    hostedBy: URIRef
    heldBy: URIRef
    mentions: URIRef
    source: URIRef
    line: URIRef
    section: URIRef
    quote: URIRef
    slug: URIRef
    government: URIRef
    otherGovernment: URIRef
    sourceScript: URIRef
    deadlineText: URIRef
    dueDate: URIRef
    ongoing: URIRef
    issuingGovernment: URIRef
    divisionLevel: URIRef
    indicatorMatch: URIRef
    matchedIndicator: URIRef
    commonRun: URIRef
    commonEnding: URIRef

    # progress reports (suchenggraph/progress_store.py)
    indicator: URIRef
    task: URIRef
    status: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")  # W3C Web Annotation: text selectors
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # dcat:startDate / endDate of a period
ELI = Namespace("http://data.europa.eu/eli/ontology#")  # European Legislation Identifier

#: One prefix table, used for serialisation and for preparing queries.
PREFIXES: dict[str, str] = {
    "sg": str(SG._NS),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "dcat": str(DCAT),
    "eli": str(ELI),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "plan": BASE + "plan/",
    "sgorg": BASE + "org/",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}


def bind_prefixes(graph):
    """Bind :data:`PREFIXES` on an rdflib graph (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """``PREFIX`` lines for :data:`PREFIXES`, sorted.

    >>> sparql_prologue().splitlines()[0]
    'PREFIX dcat: <http://www.w3.org/ns/dcat#>'
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
