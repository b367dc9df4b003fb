"""The GEXF and GraphML exports validate against their XML schemas (tests/data/xsd/README.md
says where each schema comes from: GEXF 1.2's published files; a GraphML 1.0 schema written
from its published documentation, the published files being out of reach here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from suchenggraph.exports import export
from suchenggraph.projection import example_graph, to_networkx

XSD = Path(__file__).resolve().parent / "data" / "xsd"
GEXF_DRAFT, GEXF_12 = b"http://www.gexf.net/1.2draft", b"http://www.gexf.net/1.2"


@pytest.fixture(scope="module")
def schemas():
    return {"gexf": etree.XMLSchema(etree.parse(str(XSD / "gexf-1.2" / "gexf.xsd"))),
            "graphml": etree.XMLSchema(etree.parse(
                str(XSD / "graphml-1.0" / "graphml-structure-and-attributes.xsd")))}


def _document(fmt: str, text: str):
    data = text.encode("utf-8")
    if fmt == "gexf":  # networkx writes the draft namespace of the same schema (README.md)
        assert data.count(GEXF_DRAFT + b'"') == 1, "one namespace declaration expected"
        data = data.replace(GEXF_DRAFT + b'"', GEXF_12 + b'"')
    return etree.fromstring(data)


def _check(schema, doc) -> None:
    if not schema.validate(doc):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        pytest.fail(f"the export breaks its schema:\n{errors}")


@pytest.mark.parametrize("which", ["plan", "coordination"])
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_export_of_the_plan_is_valid(real_graph, schemas, fmt, which, lang):
    text = export(to_networkx(real_graph), fmt, which=which, lang=lang)
    _check(schemas[fmt], _document(fmt, text))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_export_of_the_example_graph_is_valid(schemas, fmt):
    _check(schemas[fmt], _document(fmt, export(example_graph(), fmt)))


def test_the_schemas_catch_what_the_exports_got_wrong(real_graph, schemas):
    """The schemas are not vacuous: the two faults the exports had are rejected."""
    G = to_networkx(real_graph)
    gexf = export(G, "gexf").replace('<graph defaultedgetype', '<graph name="" defaultedgetype')
    assert not schemas["gexf"].validate(_document("gexf", gexf))
    graphml = export(G, "graphml").replace('<node id="org.sucheng.commerce-bureau"',
                                           '<node id="org/sucheng/commerce-bureau"')
    assert not schemas["graphml"].validate(_document("graphml", graphml))
