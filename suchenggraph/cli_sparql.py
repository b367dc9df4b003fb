"""CLI commands for any SPARQL query: the named query catalogue and ``query``."""

from __future__ import annotations

import functools

import click

from .cli import emit, output_options, run, source_options
from .cli_query import _engine

# --------------------------------------------------------------------------- any query


@click.command()
@output_options
def queries(fmt):
    """The named query catalogue (queries/*.rq): name, title, parameters.

    Run one with `suchenggraph query NAME -p PARAM VALUE`; --json adds the description.
    """
    from .queries import catalogue

    rows = [q.as_row() for q in run(catalogue)]
    emit(rows, fmt, ["name", "title", "params"])


@click.command()
@click.argument("spec", metavar="NAME|FILE|-")
@click.option("-p", "--param", "params", type=(str, str), multiple=True,
              metavar="NAME VALUE", help="Bind a parameter (repeatable). Values are bound, "
              "never pasted into the query; names of things are resolved as in `leads`.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Stop the query after this many seconds (exit 1).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="The SPARQL engine for a graph file (--store, --endpoint "
              "and datasets run on Oxigraph or the endpoint's own).")
@functools.partial(source_options, timeout=False)
@output_options
def query(spec, params, timeout, engine, data, plan, store, endpoint, fmt):
    """Run a named query, a query file, or a query from stdin (-), read-only.

    Updates (INSERT, DELETE, LOAD, ...), SERVICE and FROM are refused (exit 1);
    a query that runs past --timeout is stopped (exit 1). With --endpoint the
    query goes to that SPARQL endpoint, bound values as RDF terms, and --timeout
    is how long to wait for its answer.

    \b
    Examples:
      suchenggraph query leads -p org 商务局
      suchenggraph query indicators -p year 2024 --csv
      suchenggraph query top_leads --store plans.store
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | suchenggraph query -
    """
    from .errors import UsageError
    from .queries import bind, load

    values: dict[str, str] = {}
    for name, value in params:
        if name in values:
            run(_raise, UsageError(f"parameter {name!r} given twice"))
        values[name] = value
    named = run(load, spec)
    from .readonly import check_read_only

    run(check_read_only, named.text, deep=False)  # refused before the graph is read
    text, shift = named.text, 0
    if named.path is None or not _in_catalogue(named.path):  # the user's own query text:
        from .sparqltext import with_prefixes  # the project's prefixes are declared for it

        text = text.rstrip()  # an error at the end names the query's last line, not the next
        text, shift = run(with_prefixes, text)
    eng = _engine(data, engine, plan=plan, store=store, endpoint=endpoint, timeout=timeout)
    terms = run(bind, named, values, eng)
    result = run(_select, eng, text, terms, timeout, named.text.rstrip(), shift)
    emit(result.rows, fmt, result.columns)


def _in_catalogue(path: str) -> bool:
    import os

    from .resources import queries_folder

    return os.path.dirname(os.path.abspath(path)) == os.path.abspath(queries_folder())


def _select(eng, text, terms, timeout, own_text, shift):
    """``eng.select``; a parse error at the line and column of the user's own text."""
    from .errors import QueryError
    from .sparqltext import located

    try:
        return eng.select(text, terms, timeout=timeout)
    except QueryError as exc:
        if not shift:
            raise
        raise located(exc, own_text, shift) from None


def _raise(exc):
    raise exc
