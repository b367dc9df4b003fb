"""Running SPARQL for a notebook: the work behind the ``%%sparql`` magic, without IPython.

:func:`run_sparql` runs a query's text, :func:`run_named_query` a named query or a ``.rq``
file, :func:`catalogue_frame` lists the catalogue; each returns a pandas DataFrame
(:func:`suchenggraph.sparqlframes.to_dataframe`). The steps of a run: the values of
``-p`` (:func:`_values`), the project's prefixes and the read-only check
(:mod:`suchenggraph.sparqltext`, :mod:`suchenggraph.readonly`), the engine
(:func:`_open`: :func:`suchenggraph.engines.factory.open_any`, as on the command line), the
bindings (:func:`suchenggraph.queries.bind`), and the query under its time limit
(:func:`_select`: in a forked child that is killed when the time is up or the kernel is
interrupted, so nothing keeps computing in the kernel).

>>> df = run_sparql('''
... # params: number (integer)
... SELECT ?number ?task ?lead WHERE { ?task sg:number ?number ; a sg:Task ; sg:lead ?lead }
... ''', {"number": "23"}, lang="zh-Hans")
>>> df.to_dict("records")
[{'number': 23, 'task': '加速推进新基建', 'lead': '区通管办'}]
>>> run_sparql("SELECT ?x WHERE {\\n  ?x sg:number\\n}")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
suchenggraph.errors.QueryError: line 3 (}): cannot parse the query: error at 3:1: expected one of ...
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections.abc import Mapping

from .engines.factory import ENGINES, open_any
from .engines.interface import DEFAULT_TIMEOUT, QueryTimeout
from .errors import QueryError, SuchengGraphError, UsageError
from .queries import bind, catalogue, load, parse_query_text
from .readonly import check_read_only
from .sparqlframes import check_lang, to_dataframe
from .sparqltext import code_only, located, with_prefixes

__all__ = ["run_sparql", "run_named_query", "catalogue_frame"]


def _values(params) -> dict[str, str]:
    if params is None:
        return {}
    pairs = params.items() if isinstance(params, Mapping) else params
    values: dict[str, str] = {}
    for name, value in pairs:
        name = str(name).lstrip("?$")
        if name in values:
            raise UsageError(f"parameter {name!r} given twice")
        values[name] = str(value)
    return values



def _open(data, engine: str, endpoint: str | None, timeout: float | None, plan=None,
          store=None):
    """The engine for the magic's options: :func:`suchenggraph.engines.factory.open_any`, as on the
    command line."""
    return open_any(data, store=store, endpoint=endpoint, plan=plan, engine=engine,
                    timeout=timeout)


def _child_select(conn, engine, text: str, terms, read_only: bool) -> None:
    """In the forked child: run the query with no time limit, send its answer, exit."""
    try:
        try:
            # timeout=0, not None: None means the engine's own default limit, which would race
            # the parent's (and, first under load, give the store's message, not ours)
            answer = ("ok", engine.select(text, terms, timeout=0, read_only=read_only))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            if not isinstance(exc, SuchengGraphError):
                exc = QueryError(f"cannot run the query: {' '.join(str(exc).split())}")
            try:
                pickle.dumps(exc)
            except Exception:  # noqa: BLE001 - an error that cannot cross: its text can
                exc = QueryError(str(exc))
            answer = ("error", exc)
        conn.send(answer)
        conn.close()
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the kernel's streams


def _select(engine, text: str, terms=None, *, timeout: float | None, read_only: bool = True):
    """``engine.select(text, terms)``; with a ``timeout`` on a graph in this process, the
    query runs in a forked child (the loaded graph is shared copy-on-write, nothing is read
    again) that is killed when the time is up or the kernel is interrupted, so no query
    keeps computing in the kernel after the cell has given up on it.

    >>> from suchenggraph.engines.factory import open_engine
    >>> _select(open_engine(), "SELECT (COUNT(?t) AS ?n) WHERE "
    ...         "{ ?t a <https://w3id.org/suchenggraph/ontology#Task> }", timeout=5).rows
    [{'n': 31}]
    """
    if not timeout or getattr(engine, "name", None) not in ENGINES \
            or "fork" not in multiprocessing.get_all_start_methods():
        return engine.select(text, terms, timeout=timeout, read_only=read_only)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_select, args=(send, engine, text, terms, read_only),
                            name="suchenggraph-query", daemon=True)
    answer = None
    try:
        child.start()
    finally:
        send.close()
    try:
        deadline = time.monotonic() + timeout
        while answer is None:
            left = deadline - time.monotonic()
            if left <= 0 or not receive.poll(min(left, 0.1)):
                if left <= 0:
                    raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s "
                                       "and was stopped (use --timeout to allow more)")
                if not child.is_alive() and not receive.poll():
                    raise QueryError("cannot run the query: the query process ended "
                                     f"without an answer (exit code {child.exitcode})")
                continue
            try:
                answer = receive.recv()
            except (EOFError, OSError) as exc:
                raise QueryError("cannot run the query: the query process ended without an "
                                 f"answer ({type(exc).__name__})") from None
    finally:  # a timeout, an error or a kernel interrupt (KeyboardInterrupt): stop the child
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
    kind, value = answer
    if kind == "error":
        raise value
    return value


def run_sparql(text: str, params=None, *, data=None, engine: str = "oxigraph",
               lang: str = "en", raw: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
               endpoint: str | None = None, plan: str | None = None, store=None):
    """Run SPARQL ``text`` read-only on the plan graph (or ``data``) and return a DataFrame.

    Where the plans are, as on the command line (:func:`suchenggraph.engines.factory.open_any`):
    ``data`` (a graph file, or a dataset of plans ``.nq`` / ``.trig``), ``store`` (a
    persistent store folder, built from ``data`` when given) or ``endpoint`` (a SPARQL
    1.1 Protocol endpoint); ``plan`` chooses one plan (id or IRI; default: all).

    ``params`` (a mapping, or ``(name, value)`` pairs) are bound as the ``# params:``
    header of ``text`` says (see :func:`suchenggraph.queries.bind`), never pasted into the
    query. The project's prefixes are declared for you. Errors raise
    :class:`~suchenggraph.errors.SuchengGraphError` subclasses; a syntax error names the
    line of ``text`` it is on.

    >>> run_sparql("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: refused: DELETE is a SPARQL update; only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here
    """
    check_lang(lang)
    if not text or not code_only(text).strip():
        raise UsageError("no query: write a SPARQL query in the cell, under %%sparql")
    values = _values(params)
    query = parse_query_text(text, "cell")
    check_read_only(text)
    text = text.rstrip()  # an error at the end of the input then names the query's last line
    full, shift = with_prefixes(text)
    eng = _open(data, engine, endpoint, timeout, plan, store)
    terms = bind(query, values, eng)
    try:
        result = _select(eng, full, terms, timeout=timeout)
    except QueryError as exc:
        raise located(exc, text, shift) from None
    return to_dataframe(result, eng, lang=lang, raw=raw)


def run_named_query(spec: str, params=None, *, data=None, engine: str = "oxigraph",
                    lang: str = "en", raw: bool = False,
                    timeout: float | None = DEFAULT_TIMEOUT, endpoint: str | None = None,
                    plan: str | None = None, store=None):
    """Run a named query (see ``suchenggraph queries``) or a ``.rq`` file: a DataFrame
    (``data``, ``store``, ``endpoint`` and ``plan`` as for :func:`run_sparql`).

    >>> df = run_named_query("indicators", {"year": "2024"}, lang="zh-Hans")
    >>> df.loc[[0], ["number", "indicator", "value", "unit"]].to_dict("records")
    [{'number': 1, 'indicator': '数字经济核心产业增加值占GDP比重', 'value': 11.25, 'unit': '%'}]
    """
    if spec.strip() == "-":
        raise UsageError("a query on standard input has no place in a notebook; "
                         "write it in the cell, under %%sparql")
    query = load(spec)
    eng = _open(data, engine, endpoint, timeout, plan, store)
    terms = bind(query, _values(params), eng)
    return to_dataframe(_select(eng, query.text, terms, timeout=timeout), eng,
                        lang=lang, raw=raw)


def catalogue_frame():
    """The named queries as a DataFrame: ``name``, ``title``, ``params``, ``description``."""
    import pandas as pd  # the notebook extra: see suchenggraph.sparqlframes

    rows = [q.as_row() for q in catalogue()]
    return pd.DataFrame(rows, columns=["name", "title", "params", "description"])

