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

The magic is the last of three stages: :mod:`suchenggraph.sparqlframes` makes an answer a
readable DataFrame (:func:`to_dataframe`, for any :class:`~suchenggraph.engines.interface.Result`),
:mod:`suchenggraph.sparqlrun` runs a query with its bindings and time limit
(:func:`run_sparql`, the same work as a cell, as a plain function), and this module reads
the cell's options and shows an error in one line. ``run_sparql`` and ``to_dataframe`` are
importable from here too.
"""

from __future__ import annotations

import keyword
import re

from IPython.core.error import UsageError as IPythonUsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments
from IPython.utils.process import arg_split

from .engines.factory import ENGINES
from .engines.interface import DEFAULT_TIMEOUT
from .errors import SuchengGraphError, UsageError
from .sparqlframes import LANGS, to_dataframe
from .sparqlrun import catalogue_frame, run_named_query, run_sparql

__all__ = [
    "MagicError",
    "MissingExtra",
    "SparqlMagics",
    "load_ipython_extension",
    "run_sparql",
    "to_dataframe",
]


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
