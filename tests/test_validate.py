"""SHACL validation names each violation and fails; a missing English label only warns."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import SKOS, URIRef

from suchenggraph.cli import main
from suchenggraph.graphio import serialize_turtle
from suchenggraph.validate import validate_graph
from suchenggraph.vocab import SG

P = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"


def _copy(graph):
    from rdflib import Graph

    out = Graph()
    for t in graph:
        out.add(t)
    return out


def test_a_task_without_area_or_lead_is_a_violation(real_graph):
    g = _copy(real_graph)
    task = URIRef(f"{P}/task/19")
    g.remove((task, SG.actionArea, None))
    g.remove((task, SG.lead, None))
    conforms, findings = validate_graph(g)
    assert not conforms
    rows = [(f.severity, f.node, f.path) for f in findings]
    assert ("violation", "sucheng-digital-economy-2022-2024/task/19", "sg:actionArea") in rows
    messages = [f.message for f in findings if f.node.endswith("task/19")]
    assert any(m.startswith("a task belongs to exactly one action area") for m in messages)
    assert any(m.startswith("a task needs at least one lead") for m in messages)


def test_missing_english_label_is_only_a_warning(real_graph):
    g = _copy(real_graph)
    task = URIRef(f"{P}/task/2")
    for label in list(g.objects(task, SKOS.prefLabel)):
        if label.language == "en":
            g.remove((task, SKOS.prefLabel, label))
    conforms, findings = validate_graph(g)
    assert conforms
    assert [(f.severity, f.node) for f in findings] == [
        ("warning", "sucheng-digital-economy-2022-2024/task/2")]
    assert findings[0].message.startswith("has no English label")


def test_target_without_value_or_year(real_graph):
    g = _copy(real_graph)
    target = URIRef(f"{P}/task/23/target/1")
    g.remove((target, URIRef("https://schema.org/value"), None))
    g.remove((target, SG.year, None))
    conforms, findings = validate_graph(g)
    assert not conforms
    messages = sorted(f.message for f in findings if f.node.endswith("task/23/target/1"))
    assert len(messages) == 2
    assert messages[0].startswith("a target needs a year or a recurrence (每年)")
    assert messages[1].startswith("a target needs exactly one numeric value")


def test_validate_command_exit_codes(tmp_path, real_graph):
    runner = CliRunner()
    good = runner.invoke(main, ["validate"])
    assert good.exit_code == 0, good.output
    assert good.stdout == ""
    assert "conforms (0 violation(s), 0 warning(s))" in good.stderr

    g = _copy(real_graph)
    g.remove((URIRef(f"{P}/task/19"), SG.actionArea, None))
    bad = tmp_path / "bad.ttl"
    bad.write_text(serialize_turtle(g), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad), "--csv"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "\ufeffseverity,node,path,message",
        "violation,sucheng-digital-economy-2022-2024/task/19,sg:actionArea,"
        "a task belongs to exactly one action area (Accelerate the digital transformation of "
        "work safety)",
    ]


def test_validate_reports_a_malformed_file_on_one_line(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix sg: <x#> .\nsg:a sg:b .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_iri_oxigraph_refuses_is_a_one_line_error_naming_file_and_term(tmp_path):
    """rdflib reads ``<http://ex/a b>`` (with a warning); the Oxigraph copy refused it with
    a ValueError traceback."""
    bad = tmp_path / "odd.ttl"
    bad.write_text('<http://ex/a b> <http://ex/p> "o" .\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [f"Error: {bad}: cannot check <http://ex/a b>: Invalid IRI code point ' '"]



def test_an_ill_typed_literal_is_a_finding_without_a_traceback(tmp_path, real_graph):
    """``"one"^^xsd:integer`` is legal RDF that breaks a shape: a finding on stdout, and
    nothing from rdflib's logger on stderr (it printed a traceback per such literal)."""
    import subprocess
    import sys

    from rdflib import XSD, Literal

    g = _copy(real_graph)
    g.set((URIRef(f"{P}/task/19"), SG.number, Literal("one", datatype=XSD.integer)))
    bad = tmp_path / "odd.ttl"
    bad.write_text(serialize_turtle(g), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "suchenggraph", "validate", str(bad),
                           "--no-warnings", "--csv"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{bad}: does not conform (1 violation(s), 0 warning(s))"]
    assert "task/19,sg:number,a task needs exactly one integer number" in done.stdout


def test_a_clause_of_ten_thousand_units_validates_in_linear_time():
    """The rule that every shortcut has its Responsibility ran FILTER NOT EXISTS once per
    shortcut over all of the task's responsibilities in Oxigraph: quadratic, about a
    minute here (a line of units separated by spaces can be that long). One shortcut with
    nothing behind it is still found."""
    from rdflib import RDF, Graph

    g = Graph()
    task = URIRef(f"{P}/task/1")
    g.add((task, RDF.type, SG.Task))
    for i in range(10000):
        org, r = URIRef(f"{P}/org/u{i}"), URIRef(f"{task}/responsibility/{i}")
        g.add((task, SG.responsibleUnit, org))
        g.add((task, SG.responsibility, r))
        g.add((r, SG.organisation, org))
        g.add((r, SG.role, SG.ResponsibleRole))
    g.add((task, SG.lead, URIRef(f"{P}/org/u0")))  # a lead with no Responsibility
    _, findings = validate_graph(g)
    behind = [(f.node, f.path) for f in findings if "has no sg:Responsibility" in f.message]
    assert behind == [("sucheng-digital-economy-2022-2024/task/1", "sg:lead")]


def test_validate_and_summary_read_every_graph_of_a_dataset(tmp_path):
    """A dataset of plans (.nq, .trig) holds its plans in named graphs: validate said
    "the graph holds no plan" and summary counted 0 plans (only the default graph was
    read)."""
    runner = CliRunner()
    for suffix in (".nq", ".trig"):
        target = tmp_path / f"plans{suffix}"
        assert runner.invoke(main, ["build", "--dataset", str(target)]).exit_code == 0
        result = runner.invoke(main, ["validate", str(target), "--no-warnings"])
        assert result.exit_code == 0, result.output
        assert result.stderr.endswith("conforms (0 violation(s), 0 warning(s))\n")
        counts = runner.invoke(main, ["summary", "--data", str(target), "--csv"]).stdout
        assert "plans,1" in counts.splitlines() and "tasks,31" in counts.splitlines()
