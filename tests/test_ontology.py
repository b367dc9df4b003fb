"""Ontology hygiene (issue 15.7): the OOPS! pitfalls that can be decided offline are absent,
the version follows the package's, and each check fires on a broken copy."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import ontology_lint  # noqa: E402

ONTOLOGY = ROOT / "data" / "ontology.ttl"


def test_no_pitfall_remains_but_the_accepted_ones():
    found = ontology_lint.lint(version=ontology_lint.package_version())
    assert {code: items for code, items in found.items() if items} == {}
    assert set(ontology_lint.ACCEPTED) == {"P11", "P13"}


def test_the_version_is_the_packages():
    import suchenggraph

    version = ontology_lint.package_version()
    assert getattr(suchenggraph, "__version__", version) == version
    found = ontology_lint.lint(version="9.9.9")
    assert found["version"] == ["owl:versionInfo is not the package version 9.9.9",
                                "owl:versionIRI is not https://w3id.org/suchenggraph/ontology/9.9.9"]


@pytest.mark.parametrize("old, new, code, expected", [
    (', "任務"@zh-Hant', "", "P08", "sg:Task has no rdfs:label@zh-Hant"),
    ("    rdfs:domain sg:PlanComponent ;\n    rdfs:range xsd:gYear ;",
     "    rdfs:range xsd:gYear ;", "P11", "sg:year has no rdfs:domain"),
    ("    rdfs:domain sg:PlanComponent ;\n    rdfs:range xsd:gYear ;",
     "    rdfs:domain sg:PlanComponent ;\n    rdfs:range xsd:gYear , xsd:integer ;", "P19",
     "sg:year has several rdfs:range"),
    ("sg:Plan\n    a owl:Class ;", "sg:Newcomer a owl:Class .\n\nsg:Plan\n    a owl:Class ;", "P10",
     "sg:Newcomer is disjoint with nothing"),
    ("    dcterms:license <https://spdx.org/licenses/MIT> .", "    .", "P41", "no dcterms:license"),
])
def test_each_check_fires_on_a_broken_copy(tmp_path, old, new, code, expected):
    text = ONTOLOGY.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    broken = tmp_path / "ontology.ttl"
    broken.write_text(text.replace(old, new).replace(";\n    .", " ."), encoding="utf-8")
    assert expected in ontology_lint.lint(ontology=broken)[code]


def test_a_node_typed_with_two_disjoint_classes_is_found(tmp_path):
    data = tmp_path / "plan.ttl"
    data.write_text("@prefix sg: <https://w3id.org/suchenggraph/ontology#> .\n"
                    "<urn:x> a sg:Task , sg:Indicator .\n", encoding="utf-8")
    assert any("urn:x is both" in x for x in ontology_lint.lint(data=data)["P10"])
