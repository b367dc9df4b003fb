"""Readable tables: a query's answer as a pandas DataFrame a person can read.

An IRI with a label in the graph shows as that label in ``lang`` (:func:`labels`: ``en``,
``zh-Hans``, ``zh-Hant``, each falling back to the others), a plan's thing with no label
by its place in the plan (``task 23 · target 1``), any other IRI in one of the known
namespaces as a prefixed name (``sg:Task``): :func:`readable`. Only IRIs change: a
string that looks like one stays as it is. :func:`to_dataframe` turns a
:class:`~suchenggraph.engines.interface.Result` into a DataFrame with one column per variable:
``xsd:integer`` columns are integers, ``xsd:decimal`` ones floats, any other missing
value ``pd.NA``. Used by the ``%%sparql`` magic (:mod:`suchenggraph.magic`) and
:mod:`suchenggraph.sparqlrun`.

pandas is the ``notebook`` extra, imported only where a DataFrame is made, so that
``%load_ext suchenggraph`` can say in one line that it is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from .engines.factory import ENGINES
from .engines.interface import DEFAULT_TIMEOUT, IRI, Result, iri
from .errors import QueryError, UsageError
from .vocab import PREFIXES

__all__ = ["LANGS", "check_lang", "labels", "readable", "to_dataframe"]

#: The label languages (``--lang``).
LANGS = ("en", "zh-Hans", "zh-Hant")

_LANG_ORDER = {"en": ("en", "zh-hans", "zh-hant"), "zh-Hans": ("zh-hans", "zh-hant", "en"),
               "zh-Hant": ("zh-hant", "zh-hans", "en")}


def check_lang(lang: str) -> None:
    """Refuse (:class:`~suchenggraph.errors.UsageError`) a ``lang`` not in :data:`LANGS`."""
    if lang not in _LANG_ORDER:
        raise UsageError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")


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
    check_lang(lang)
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
