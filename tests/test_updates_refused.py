"""Every SPARQL 1.1 Update operation is refused, by name, wherever a query can come in:
`query -`, a query file run with -p, the %%sparql magic's run_sparql, and --endpoint (where
a listener must see no connection). Each message names the operation, so dropping a word
from the guard's list (the query then fails later, as a parse error) fails a test."""

from __future__ import annotations

import select

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main
from suchenggraph.errors import QueryError

UPDATES = [
    ("INSERT", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ("DELETE", "DELETE DATA { <urn:a> <urn:b> <urn:c> }"),
    ("DELETE", "DELETE { ?x ?p ?o } INSERT { ?x ?p \"new\" } WHERE { ?x ?p ?o }"),
    ("INSERT", "INSERT { ?x <urn:b> \"new\" } WHERE { ?x ?p ?o }"),
    ("DELETE", "DELETE WHERE { ?x ?p ?o }"),
    ("WITH", "WITH <urn:g> DELETE { ?x ?p ?o } WHERE { ?x ?p ?o }"),
    ("LOAD", "LOAD <http://127.0.0.1:9/data.ttl>"),
    ("CLEAR", "CLEAR DEFAULT"),
    ("CREATE", "CREATE GRAPH <urn:g>"),
    ("DROP", "DROP GRAPH <urn:g>"),
    ("ADD", "ADD DEFAULT TO <urn:g>"),
    ("MOVE", "MOVE DEFAULT TO <urn:g>"),
    ("COPY", "COPY DEFAULT TO <urn:g>"),
]
IDS = [text.split("{")[0].strip() for _, text in UPDATES]


def refusal(word: str) -> str:
    return (f"refused: {word} is a SPARQL update; only read-only queries (SELECT, ASK, "
            "CONSTRUCT, DESCRIBE) run here")


@pytest.mark.parametrize("word, text", UPDATES, ids=IDS)
def test_query_from_stdin(word, text):
    result = CliRunner().invoke(main, ["query", "-"], input=text)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {refusal(word)}\n"


@pytest.mark.parametrize("word, text", UPDATES, ids=IDS)
def test_query_file_with_a_parameter(tmp_path, word, text):
    path = tmp_path / "update.rq"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(path), "-p", "x", "<urn:a>"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {refusal(word)}\n"


@pytest.mark.parametrize("word, text", UPDATES, ids=IDS)
def test_the_magic(word, text):
    from suchenggraph.magic import run_sparql

    with pytest.raises(QueryError) as info:
        run_sparql(text)
    assert info.value.one_line() == refusal(word)


@pytest.mark.parametrize("word, text", UPDATES, ids=IDS)
def test_an_endpoint_never_sees_it(listener, word, text):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    result = CliRunner().invoke(main, ["query", "-", "--endpoint", url], input=text)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {refusal(word)}\n"
    readable, _, _ = select.select([listener], [], [], 0.2)
    assert not readable, "the update reached the endpoint"
