"""SPARQL in a notebook: the ``%%sparql`` cell magic (``%load_ext suchenggraph``).

The cell is a SPARQL query over the plan graph (``data/plan.ttl``, or ``--data
FILE``). It runs read-only on the same engines as ``suchenggraph query``
(:mod:`suchenggraph.engines`), and its answer comes back as a pandas DataFrame,
shown under the cell and returned (``-o NAME`` also stores it in a variable)::

    %%sparql --lang zh-Hans -p org 商务局 -o commerce
    # params: org (organisation)
    SELECT ?org ?task ?number WHERE { ?task sg:lead ?org ; a sg:Task ; sg:number ?number }

* ``-p NAME VALUE`` (repeatable) binds ``?NAME`` to VALUE through the engine's
  bindings; the value never becomes query text. A ``# params:`` header (as in
  ``queries/*.rq``) gives a parameter a type: ``organisation``, ``task``, ... resolve a
  name in any language to its IRI, ``integer`` and ``year`` check the value. Without
  a header a value is bound as a string, or as an IRI when written ``<...>``. A bound
  variable must be in the ``SELECT`` clause (as for ``suchenggraph query``).
* The project's prefixes (``sg:``, ``org:``, ``skos:``, ``dcterms:``, ``schema:``,
  ``prov:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``, ``plan:``, ``sgorg:``) are
  declared for the cell unless it declares them itself.
* Tables are readable: an IRI with a label in the graph shows as that label in
  ``--lang`` (``en``, ``zh-Hans``, ``zh-Hant``; default ``en``), a plan's thing with no
  label by its place in the plan (``task 23 · target 1``), any other IRI in one of the
  known namespaces as a prefixed name (``sg:Task``); ``--raw`` keeps the IRIs. Only IRIs
  change: a string that looks like one stays as it is. ``xsd:integer`` columns are
  integers, ``xsd:decimal`` ones floats; any other missing value is ``pd.NA``.
* Only read-only queries run: updates (``INSERT``, ``DELETE``, ``LOAD``, ...),
  ``SERVICE`` and ``FROM`` are refused. A query stops after ``--timeout`` seconds: it
  runs in a forked process, killed then (or on a kernel interrupt), so nothing keeps
  computing in the kernel.
* An error (a syntax error, an unknown name, a refused update, a missing file) shows
  as one line, ``QueryError: line 3 (<the text of line 3>): <the engine's message>``,
  with no traceback; the cell fails, so "Run all" stops there.
* ``%sparql NAME -p ...`` (the line form) runs a named query from the catalogue
  (or a ``.rq`` file); ``%sparql`` alone lists the catalogue.
* ``--endpoint URL`` sends the query to a SPARQL 1.1 Protocol endpoint instead
  (:class:`suchenggraph.engines.endpoint.EndpointEngine`: Oxigraph's server, Jena Fuseki,
  Virtuoso, ...); the same checks, bindings and labels apply, and updates are refused
  before anything is sent. ``--store PATH`` queries a persistent store, ``--data`` a
  dataset of many plans (``.nq``, ``.trig``), and ``--plan ID`` one of the plans (default:
  all); the same choices as on the command line (:func:`suchenggraph.engines.factory.open_any`).

The same work is a plain function, :func:`run_sparql`, and :func:`to_dataframe`
turns any :class:`~suchenggraph.engines.interface.Result` into a labelled DataFrame:

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

import keyword
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from IPython.core.error import UsageError as IPythonUsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments
from IPython.utils.process import arg_split

from .engines.factory import ENGINES
from .engines.interface import DEFAULT_TIMEOUT, IRI, QueryTimeout, Result
from .errors import QueryError, SuchengGraphError, UsageError
from .readonly import check_read_only
from .sparqltext import code_only as _code_only
from .sparqltext import located as _located
from .sparqltext import tidy as _tidy  # noqa: F401 - the tests' name for it
from .sparqltext import with_prefixes
from .vocab import PREFIXES

__all__ = [
    "LANGS",
    "MagicError",
    "MissingExtra",
    "SparqlMagics",
    "catalogue_frame",
    "labels",
    "load_ipython_extension",
    "readable",
    "run_named_query",
    "run_sparql",
    "to_dataframe",
    "with_prefixes",
]

#: The label languages (``--lang``).
LANGS = ("en", "zh-Hans", "zh-Hant")

_LANG_ORDER = {"en": ("en", "zh-hans", "zh-hant"), "zh-Hans": ("zh-hans", "zh-hant", "en"),
               "zh-Hant": ("zh-hant", "zh-hans", "en")}

# --------------------------------------------------------------------------- query text
# (the prologue and the error positions are suchenggraph.sparqltext's, shared with the CLI)


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


# --------------------------------------------------------------------------- readable tables

_LABELS = """\
SELECT ?s ?label ?lang ?rank WHERE {
  VALUES ?s { %s }
  { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND(0 AS ?rank) }
  UNION { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label BIND(1 AS ?rank) }
  BIND(LCASE(LANG(?label)) AS ?lang)
}"""
_ALL_LABELS = _LABELS.replace("  VALUES ?s { %s }\n", "").replace("\n  BIND(LCASE", \
    "\n  FILTER(isIRI(?s))\n  BIND(LCASE")
_CHUNK = 400


def labels(engine, lang: str = "en", iris: Iterable[str] | None = None) -> dict[str, str]:
    """IRI -> its label in ``lang`` (``skos:prefLabel``, else ``rdfs:label``), falling back to
    the other two languages, then to a label with no or another language.

    ``iris``: look up only these (in a ``VALUES`` block of checked IRIs, a few hundred per
    query, so a remote endpoint sends only what a table shows); ``None``: every IRI.

    >>> from suchenggraph.engines.factory import open_engine
    >>> commerce = "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"
    >>> labels(open_engine(), "zh-Hant", [commerce, "urn:x:nothing"])
    {'https://w3id.org/suchenggraph/org/sucheng/commerce-bureau': '區商務局'}
    """
    from .engines.interface import iri

    if lang not in _LANG_ORDER:
        raise UsageError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    if iris is None:
        texts = [_ALL_LABELS]
    else:
        checked = []
        for value in sorted(set(iris)):
            try:
                checked.append(f"<{iri(value).value}>")
            except QueryError:
                continue
        texts = [_LABELS % " ".join(checked[i:i + _CHUNK])
                 for i in range(0, len(checked), _CHUNK)]
    order = {code: i for i, code in enumerate(_LANG_ORDER[lang])}
    best: dict[str, tuple] = {}
    for text in texts:
        for row in engine.select(text, timeout=DEFAULT_TIMEOUT).rows:
            code = row["lang"] or ""
            key = (row["rank"], order.get(code, len(order) + (code != "")), code,
                   str(row["label"]))
            if row["s"] not in best or key < best[row["s"]]:
                best[row["s"]] = key
    return {s: key[3] for s, key in best.items()}


_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
_PLAN = PREFIXES["plan"]


def _plan_path(value: str) -> tuple[str, str] | None:
    """A plan thing's IRI as (plan id, readable path), or ``None``.

    >>> _plan_path("https://w3id.org/suchenggraph/plan/p-2022/task/23/target/1")
    ('p-2022', 'task 23 · target 1')
    >>> _plan_path("https://w3id.org/suchenggraph/plan/p-2022/indicator-category/2")
    ('p-2022', 'indicator category 2')
    """
    if not value.startswith(_PLAN) or len(value) == len(_PLAN):
        return None
    plan_id, _, path = value[len(_PLAN):].partition("/")
    parts = [p for p in path.split("/") if p]
    if not plan_id or not parts:
        return (plan_id, plan_id) if plan_id else None
    steps = []
    for i in range(0, len(parts), 2):
        kind = parts[i].replace("-", " ")
        steps.append(f"{kind} {parts[i + 1]}" if i + 1 < len(parts) else kind)
    return plan_id, " · ".join(steps)


def readable(value, names: Mapping[str, str], *, plan_ids: bool = False):
    """A value as a person reads it: an IRI's label, else a short form of a plan thing's
    IRI (``task 23 · target 1``; ``plan_ids``: prefixed with its plan's id), else its
    prefixed name. Only IRIs (:class:`~suchenggraph.engines.interface.IRI`) change: a string
    literal that looks like an IRI stays as it is.

    >>> from suchenggraph.engines.interface import IRI
    >>> readable(IRI("https://w3id.org/suchenggraph/ontology#Task"), {})
    'sg:Task'
    >>> readable("https://w3id.org/suchenggraph/ontology#Task", {})  # a string, not an IRI
    'https://w3id.org/suchenggraph/ontology#Task'
    >>> readable(IRI("https://w3id.org/suchenggraph/plan/p-2022/task/23/target/1"), {})
    'task 23 · target 1'
    >>> readable(IRI("urn:x:1"), {"urn:x:1": "区商务局"}), readable("text", {}), readable(3, {})
    ('区商务局', 'text', 3)
    """
    if not isinstance(value, IRI):
        return value
    if value in names:
        return names[value]
    short = _plan_path(value)
    if short is not None:
        plan_id, path = short
        return f"{plan_id}: {path}" if plan_ids and path != plan_id else path
    for ns, prefix in _NAMESPACES:
        if value.startswith(ns) and len(value) > len(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


def _series(values: list):
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="Int64" if len(present) < len(values) else "int64")
    if present and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                       for v in present):
        return pd.Series([float("nan") if v is None else float(v) for v in values],
                         dtype="float64")
    # text (and mixed) columns: a missing value is pd.NA, as in the Int64 and boolean ones
    # (object dtype: pandas' default str dtype would turn it into NaN)
    if len(present) < len(values):
        return pd.Series([pd.NA if v is None else v for v in values], dtype=object)
    return pd.Series(values, dtype=None if values else object)


def to_dataframe(result: Result, engine=None, *, lang: str = "en", raw: bool = False):
    """A :class:`~suchenggraph.engines.interface.Result` as a pandas DataFrame, one column per variable.

    With ``engine`` (and not ``raw``), IRIs become labels in ``lang`` (see :func:`readable`).

    >>> from suchenggraph.engines.factory import open_engine
    >>> from suchenggraph.queries import run_named
    >>> engine = open_engine()
    >>> df = to_dataframe(run_named(engine, "owner", {"thing": "task 23"}), engine,
    ...                   lang="zh-Hans")
    >>> df.loc[:1, ["thing", "role", "org"]].to_dict("records")
    [{'thing': '加速推进新基建', 'role': 'lead', 'org': '区通管办'}, \
{'thing': '加速推进新基建', 'role': 'cooperating', 'org': '区工业和信息化局'}]
    """
    import pandas as pd

    columns = list(result.columns)
    names: dict[str, str] = {}
    if not raw and engine is not None:
        iris = None  # an embedded engine reads all labels at once (a few ms)
        if getattr(engine, "name", None) not in ENGINES:  # an endpoint: only those shown
            iris = {v for row in result.rows for v in row.values() if isinstance(v, IRI)}
        names = labels(engine, lang, iris)
    # unlabelled plan things from more than one plan: say which plan each is from
    plans = {short[0] for row in result.rows for v in row.values()
             if isinstance(v, IRI) and v not in names and (short := _plan_path(v))}
    data = {}
    for column in columns:
        values = [row.get(column) for row in result.rows]
        if not raw:
            values = [readable(v, names, plan_ids=len(plans) > 1) for v in values]
        data[column] = _series(values)
    frame = pd.DataFrame(data, columns=columns)
    return frame


# --------------------------------------------------------------------------- running


def _open(data, engine: str, endpoint: str | None, timeout: float | None, plan=None,
          store=None):
    """The engine for the magic's options: :func:`suchenggraph.engines.factory.open_any`, as on the
    command line."""
    from .engines.factory import open_any

    return open_any(data, store=store, endpoint=endpoint, plan=plan, engine=engine,
                    timeout=timeout)


def _child_select(conn, engine, text: str, terms, read_only: bool) -> None:
    """In the forked child: run the query with no time limit, send its answer, exit."""
    import os
    import pickle

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
    import multiprocessing

    if not timeout or getattr(engine, "name", None) not in ENGINES \
            or "fork" not in multiprocessing.get_all_start_methods():
        return engine.select(text, terms, timeout=timeout, read_only=read_only)
    import time

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
    from .queries import bind, parse_query_text

    if lang not in _LANG_ORDER:
        raise UsageError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    if not text or not _code_only(text).strip():
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
        raise _located(exc, text, shift) from None
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
    from .queries import bind, load

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
    import pandas as pd

    from .queries import catalogue

    rows = [q.as_row() for q in catalogue()]
    return pd.DataFrame(rows, columns=["name", "title", "params", "description"])


# --------------------------------------------------------------------------- the magic


class MagicError(Exception):
    """An error the magic reports: IPython shows it as one line, ``Kind: message``."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message

    def _render_traceback_(self) -> list[str]:
        return [f"{self.kind}: {self.message}"]


_QUERY_WORDS = re.compile(r"(?i)^(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)$")


@magics_class
class SparqlMagics(Magics):
    """``%%sparql`` (a query in the cell) and ``%sparql NAME`` (a named query)."""

    @magic_arguments()
    @argument("query", nargs="?", help="line form only: a named query (`suchenggraph queries` "
              "lists them) or a .rq file; %%sparql alone lists the catalogue")
    @argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
              help="bind ?NAME to VALUE (repeatable); a `# params:` header in the cell gives "
              "it a type (organisation, task, ..., integer, year, iri, string)")
    @argument("-o", "--out", metavar="NAME",
              help="also store the DataFrame in the variable NAME")
    @argument("--data", metavar="FILE",
              help="query this graph file instead of the plan graph (data/plan.ttl), or a "
              "dataset of plans (.nq, .trig); with --store, the file the store is built from")
    @argument("--store", metavar="PATH",
              help="query this persistent store (built once, rebuilt when a source changes)")
    @argument("--endpoint", metavar="URL",
              help="query this SPARQL endpoint (SPARQL 1.1 Protocol) instead of a graph file")
    @argument("--plan", metavar="ID|all",
              help="the plan to query in a dataset, store or endpoint (default: all)")
    @argument("--engine", choices=ENGINES, default="oxigraph",
              help="query engine (default: oxigraph)")
    @argument("--lang", choices=LANGS, default="en",
              help="language of the labels shown for IRIs (default: en)")
    @argument("--raw", action="store_true", help="keep IRIs as they are, no labels")
    @argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
              help=f"stop the query after SECONDS (default: {DEFAULT_TIMEOUT:g}; 0: no limit)")
    @line_cell_magic
    def sparql(self, line: str, cell: str | None = None):
        """Run SPARQL on the plan graph, read-only; show and return a pandas DataFrame.

        %%sparql [options]  - the cell is the query
        %sparql NAME [options]  - run a named query; %sparql alone lists them

        Values: -p org 商务局 (with `# params: org (organisation)` in the cell),
        -p org "{name}" takes a Python variable. Errors show as one line.
        """
        try:  # quotes group words and go away, as in a shell: -p org "Bureau of Commerce"
            argv = arg_split(line, posix=True)
        except ValueError as exc:
            raise IPythonUsageError(f"cannot read the options: {exc}") from None
        args = self.sparql.parser.parse_args(argv)
        if args.out is not None and (not args.out.isidentifier() or keyword.iskeyword(args.out)):
            raise IPythonUsageError(f"-o {args.out}: not a Python variable name")
        options = {"data": args.data, "engine": args.engine, "lang": args.lang,
                   "raw": args.raw, "timeout": args.timeout or None, "endpoint": args.endpoint,
                   "store": args.store, "plan": args.plan}
        try:
            if cell is not None:
                if args.query is not None:
                    raise UsageError(f"%%sparql takes its query from the cell, not {args.query!r}"
                                     " on the first line (%sparql NAME runs a named query)")
                frame = run_sparql(cell, args.param, **options)
            elif args.query is None:
                if args.param:
                    raise UsageError("-p given but no query: %sparql NAME -p ... or a "
                                     "%%sparql cell")
                frame = catalogue_frame()
            elif _QUERY_WORDS.match(args.query):
                raise UsageError("write a SPARQL query as a cell: %%sparql on the first line, "
                                 "the query below it (%sparql NAME runs a named query)")
            else:
                frame = run_named_query(args.query, args.param, **options)
        except SuchengGraphError as exc:
            raise MagicError(type(exc).__name__, exc.one_line()) from None
        if args.out is not None:
            self.shell.user_ns[args.out] = frame
        return frame


def load_ipython_extension(ipython) -> None:
    """Register :class:`SparqlMagics` (``%load_ext suchenggraph`` calls this)."""
    _need_pandas()
    ipython.register_magics(SparqlMagics)


def _need_pandas() -> None:
    """Refuse to load without pandas (the ``notebook`` extra), in one line."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise MissingExtra("ImportError", "the %%sparql magic needs pandas: "
                           "pip install 'suchenggraph[notebook]'") from None


class MissingExtra(MagicError, ImportError):
    """A library of the ``notebook`` extra that is not installed (an :class:`ImportError`
    that IPython shows as one line)."""
