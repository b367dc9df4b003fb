"""`suchenggraph query -` (or a file) as a user writes it: the project's prefixes need no
PREFIX lines, and a syntax error is one readable line at the user's own line and column."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main

ENGINES = ["oxigraph", "rdflib"]


def query(text: str, *args: str):
    return CliRunner().invoke(main, ["query", "-", "--json", *args], input=text)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_projects_prefixes_need_no_prefix_lines(engine):
    result = query("SELECT ?t WHERE { ?t a sg:Task ; sg:number 23 }\n", "--engine", engine)
    assert result.exit_code == 0, result.stderr
    assert '"https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024/task/23"' \
        in result.stdout


def test_a_query_file_without_prefix_lines(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(?o) AS ?n) WHERE { ?o a org:Organization }\n")
    result = CliRunner().invoke(main, ["query", str(path), "--csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "39"


def test_own_prefix_lines_still_win():
    text = "PREFIX sg: <urn:other#>\nSELECT ?t WHERE { ?t a sg:Task }\n"
    result = query(text)
    assert result.exit_code == 0 and result.stdout.strip() == "[]"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_is_one_line_at_the_users_line_and_column(engine):
    result = query("SELECT * WHERE { ?s ?p ?o  LIMIT 1\n", "--engine", engine)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: line 1 (SELECT * WHERE { ?s ?p ?o LIMIT 1): ")
    assert "2:1" not in result.stderr and "Prefix not found" not in result.stderr
    assert len(result.stderr) < 300, result.stderr


def test_an_error_on_a_later_line_names_that_line():
    result = query("SELECT * WHERE {\n  ?s sg:lead ?o\n  LIMIT 1\n")
    assert result.exit_code == 1
    assert result.stderr == ("Error: line 3 (LIMIT 1): cannot parse the query: error at 3:10: "
                             "expected one of LATERAL, SERVICE, [_]\n")


def test_an_unknown_prefix_is_named():
    result = query("SELECT * WHERE {\n ?s ex:p ?o }\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line 2: unknown prefix ex: (declare it with "
                                    "PREFIX ex: <...>; these are declared for you: ")
