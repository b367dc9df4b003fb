"""The build as a prov:Activity (issue 15.6): inputs by checksum, the tool's version, and a
time only when a reproducible one is given (SOURCE_DATE_EPOCH or --build-time)."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import PROV, RDF, RDFS, XSD, Graph, Literal

from suchenggraph import __version__
from suchenggraph.cli import main

SOURCE = str(Path(__file__).resolve().parent / "data" / "clause_forms.txt")


def build(tmp_path, name, *args, env=None):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["build", SOURCE, "-o", str(out), *args], env=env)
    return result, out


def activity(path: Path):
    g = Graph().parse(path)
    return g, next(g.subjects(RDF.type, PROV.Activity))


def test_with_source_date_epoch_0_the_build_ends_at_the_epoch(tmp_path):
    result, out = build(tmp_path, "a.ttl", env={"SOURCE_DATE_EPOCH": "0"})
    assert result.exit_code == 0, result.output
    g, act = activity(out)
    assert list(g.objects(act, PROV.endedAtTime)) == [
        Literal("1970-01-01T00:00:00Z", datatype=XSD.dateTime)]
    assert '"1970-01-01T00:00:00Z"^^xsd:dateTime' in out.read_text(encoding="utf-8")


def test_two_builds_with_the_same_epoch_are_byte_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    (r1, a), (r2, b) = build(tmp_path, "a.ttl", env=env), build(tmp_path, "b.ttl", env=env)
    assert r1.exit_code == r2.exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert "2023-11-14T22:13:20Z" in a.read_text(encoding="utf-8")


def test_without_a_time_there_is_no_time_triple(tmp_path):
    result, out = build(tmp_path, "a.ttl", env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.output
    g, act = activity(out)
    assert g.value(act, PROV.endedAtTime) is None
    assert not list(g.triples((None, PROV.endedAtTime, None)))


def test_build_time_wins_over_the_environment(tmp_path):
    result, out = build(tmp_path, "a.ttl", "--build-time", "2024-05-01T20:30:00+08:00",
                        env={"SOURCE_DATE_EPOCH": "0"})
    assert result.exit_code == 0, result.output
    assert '"2024-05-01T12:30:00Z"^^xsd:dateTime' in out.read_text(encoding="utf-8")
    result, out = build(tmp_path, "now.ttl", "--build-time", "now")
    g, act = activity(out)
    assert g.value(act, PROV.endedAtTime).datatype == XSD.dateTime


@pytest.mark.parametrize("args, env, message", [
    ([], {"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH='yesterday' is not a whole"),
    ([], {"SOURCE_DATE_EPOCH": "-5"}, "SOURCE_DATE_EPOCH='-5'"),
    ([], {"SOURCE_DATE_EPOCH": "1" * 30}, "before the year 10000"),
    (["--build-time", "2024-05-01"], None, "--build-time '2024-05-01' is not an ISO 8601 time"),
    (["--build-time", "2024-05-01T12:00:00"], None, "with a zone"),
    (["--build-time", "soon"], None, "--build-time 'soon'"),
    (["--build-time", "9999-12-31T23:59:59-23:59"], None, "is not an ISO 8601 time"),
    (["--build-time", "2" * 100000], None, "'2222222222222222222222222222222222222222…' "
     "(100,000 characters) is not"),
    ([], {"SOURCE_DATE_EPOCH": "1" * 100000}, "'1111111111111111111111111111111111111111…' "
     "(100,000 characters) is not"),
    (["--build-time", "0001-01-01T00:00:00+01:00"], None, "is not an ISO 8601 time"),
])
def test_a_bad_time_is_a_one_line_usage_error_and_writes_nothing(tmp_path, args, env, message):
    result, out = build(tmp_path, "a.ttl", *args, env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert not out.exists()


def test_the_activity_names_its_inputs_and_the_tools_version(real_graph):
    act = next(real_graph.subjects(RDF.type, PROV.Activity))
    used = sorted(str(real_graph.value(e, RDFS.label)) for e in real_graph.objects(act, PROV.used))
    assert used == ["glossary", "governments", "source"]
    tool = real_graph.value(act, PROV.wasAssociatedWith)
    assert str(tool).endswith(f"/tool/{__version__}")
    assert str(real_graph.value(tool, RDFS.label)) == f"suchenggraph {__version__}"
    assert real_graph.value(act, PROV.endedAtTime) is None  # data/plan.ttl: no time


def test_every_source_span_is_a_part_of_the_source_file_by_its_checksum(real_graph):
    """Issue 15.6: the Web Annotation selectors point to the file they select from."""
    from suchenggraph.vocab import OA, SG

    plan = next(real_graph.subjects(RDF.type, SG.Plan))
    source = real_graph.value(plan, PROV.wasDerivedFrom)
    assert str(source).startswith("ni:///sha-256;")
    spans = set(real_graph.subjects(RDF.type, SG.SourceSpan))
    assert len(spans) > 200
    for span in spans:
        assert list(real_graph.objects(span, OA.hasSource)) == [source]
        assert (span, RDF.type, OA.SpecificResource) in real_graph


def test_without_the_inputs_a_span_names_no_file():
    from suchenggraph.extract import SAMPLE, parse_plan
    from suchenggraph.glossary import Glossary
    from suchenggraph.model import to_graph
    from suchenggraph.vocab import OA

    g = to_graph(parse_plan(SAMPLE), Glossary.load()).graph
    assert not list(g.triples((None, OA.hasSource, None)))
    assert not list(g.subjects(RDF.type, PROV.Activity))
