"""Check data/ontology.ttl (and data/plan.ttl) against the OOPS! pitfall catalogue.

OOPS! (the OntOlogy Pitfall Scanner) is a web service; this script checks, offline, the
pitfalls of its catalogue that can be decided from the files alone, and prints each one
with what it found. ``tests/test_ontology.py`` runs the same checks. Usage::

    python scripts/ontology_lint.py

Pitfalls that remain by design are listed in ``ACCEPTED`` with the reason.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NS = "https://w3id.org/suchenggraph/ontology#"
ONTOLOGY_IRI = "https://w3id.org/suchenggraph/ontology"

#: Pitfalls left on purpose, and why.
ACCEPTED = {
    "P11": "sg:text, sg:source and sg:government are used on the plan and on its parts "
           "(sg:source and sg:government on organisations too): a domain would need an "
           "owl:unionOf list, and no class names exactly that set",
    "P13": "no owl:inverseOf: queries walk either way with SPARQL's ^ and every inverse "
           "would double the triples of data/plan.ttl",
}
#: Properties that keep no domain (P11, see ACCEPTED).
NO_DOMAIN = {"text", "source", "government"}


def _local(term) -> str:
    return str(term)[len(NS):]


def lint(ontology=None, data=None, version: str | None = None) -> dict[str, list[str]]:
    """Pitfall code -> what was found (an empty list: the pitfall is absent)."""
    from rdflib import OWL, RDF, RDFS, Graph, URIRef
    from rdflib.namespace import DCTERMS

    onto = Graph().parse(ontology or ROOT / "data" / "ontology.ttl")
    data = Graph().parse(data or ROOT / "data" / "plan.ttl")
    terms = sorted({s for s in onto.subjects() if str(s).startswith(NS)})
    classes = {t for t in terms if (t, RDF.type, OWL.Class) in onto}
    props = {t for t in terms if (t, RDF.type, OWL.ObjectProperty) in onto
             or (t, RDF.type, OWL.DatatypeProperty) in onto}
    found: dict[str, list[str]] = {}

    # P08 missing annotations: a label in each language and a comment
    missing = []
    for t in terms:
        langs = {lit.language for lit in onto.objects(t, RDFS.label)}
        for lang in ("en", "zh-Hans", "zh-Hant"):
            if lang not in langs:
                missing.append(f"sg:{_local(t)} has no rdfs:label@{lang}")
        if not {lit.language for lit in onto.objects(t, RDFS.comment)} >= {"en", "zh-Hans"}:
            missing.append(f"sg:{_local(t)} has no rdfs:comment in English and Chinese")
    found["P08"] = missing

    # P10 missing disjointness: every class of the model is disjoint with some other, and no
    # node of the data is typed with two disjoint classes
    def disjoint(c) -> bool:  # stated for the class or one of its superclasses
        return any((k, OWL.disjointWith, None) in onto or (None, OWL.disjointWith, k) in onto
                   for k in onto.transitive_objects(c, RDFS.subClassOf))

    lonely = [f"sg:{_local(c)}" for c in sorted(classes) if not disjoint(c)]
    clashes = []
    for a, b in onto.subject_objects(OWL.disjointWith):
        for node in set(data.subjects(RDF.type, a)) & set(data.subjects(RDF.type, b)):
            clashes.append(f"{node} is both {a} and {b}")
    found["P10"] = [f"{c} is disjoint with nothing" for c in lonely] + sorted(clashes)

    # P11 missing domain or range
    found["P11"] = sorted(
        [f"sg:{_local(p)} has no rdfs:range" for p in props if onto.value(p, RDFS.range) is None]
        + [f"sg:{_local(p)} has no rdfs:domain" for p in props
           if onto.value(p, RDFS.domain) is None and _local(p) not in NO_DOMAIN])

    # P19 multiple domains or ranges (read as their intersection)
    found["P19"] = [f"sg:{_local(p)} has several rdfs:{k}" for p in sorted(props)
                    for k, prop in (("domain", RDFS.domain), ("range", RDFS.range))
                    if len(list(onto.objects(p, prop))) > 1]

    # P22 inconsistent naming: classes and individuals UpperCamelCase, properties lowerCamelCase
    found["P22"] = [f"sg:{_local(t)}" for t in terms
                    if (t in props and not re.fullmatch(r"[a-z][A-Za-z]*", _local(t)))
                    or (t not in props and not re.fullmatch(r"[A-Z][A-Za-z]*", _local(t)))]

    # P34 / P35 untyped class or property: used in the data, not declared
    used_classes = {o for o in data.objects(None, RDF.type) if str(o).startswith(NS)}
    used_props = {p for p in data.predicates() if str(p).startswith(NS)}
    found["P34"] = [f"sg:{_local(c)}" for c in sorted(used_classes - classes)
                    if (c, RDF.type, OWL.NamedIndividual) not in onto]
    found["P35"] = [f"sg:{_local(p)}" for p in sorted(used_props - props)]

    # P38 no OWL ontology declaration; P41 no license
    ont = URIRef(ONTOLOGY_IRI)
    found["P38"] = [] if (ont, RDF.type, OWL.Ontology) in onto else ["no owl:Ontology"]
    found["P41"] = [] if onto.value(ont, DCTERMS.license) is not None else ["no dcterms:license"]

    # versioning tied to the package version (issue 15.7)
    problems = []
    if version is not None:
        if str(onto.value(ont, OWL.versionInfo)) != version:
            problems.append(f"owl:versionInfo is not the package version {version}")
        if str(onto.value(ont, OWL.versionIRI)) != f"{ONTOLOGY_IRI}/{version}":
            problems.append(f"owl:versionIRI is not {ONTOLOGY_IRI}/{version}")
    if onto.value(ont, DCTERMS.modified) is None:
        problems.append("no dcterms:modified")
    found["version"] = problems
    return found


def package_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


if __name__ == "__main__":  # pragma: no cover - run by hand
    results = lint(version=package_version())
    for code, items in results.items():
        status = "ok" if not items else f"{len(items)} found"
        print(f"{code}: {status}")
        for item in items:
            print(f"    {item}")
    for code, why in ACCEPTED.items():
        print(f"{code}: remains by design: {why}")
    sys.exit(1 if any(results.values()) else 0)
