"""Name resolution that stays fast on a store of many plans.

:func:`suchenggraph.resolve.resolve` compares a name with every label it knows:
right for one plan, but over a thousand plans reading every label costs seconds.
:func:`resolve_fast` asks the store first, with *exact* labels bound in the
query (``?x skos:prefLabel "区商务局"@zh-Hans``), which every engine answers from
an index in well under a millisecond; only when nothing carries the name exactly
does it fall back to the full scan (case-insensitive, partial names, "did you
mean"). Whatever it finds goes through the same :func:`~suchenggraph.resolve.resolve`
tiers, so the answer, and the wording of an ambiguous name, are the same.

Works on any engine with the :class:`suchenggraph.engines.interface.Engine` interface
(``select`` and ``candidates``): the embedded stores and a SPARQL endpoint.

>>> from suchenggraph.engines.factory import open_engine
>>> engine = open_engine()
>>> resolve_fast(engine, "区商务局", "organisation").iri
'https://w3id.org/suchenggraph/org/sucheng/commerce-bureau'
>>> resolve_fast(engine, "商務局", "organisation").label("en")
'Bureau of Commerce'
>>> resolve_fast(engine, "task 23").kind
'task'
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from .candidates import from_rows
from .errors import NameNotFound
from .naming import (
    ZH_PREFIXES,
    check_kinds,
    check_name,
    has_cjk,
    parse_key,
    parse_number,
    where_from,
)
from .resolve import resolve

__all__ = ["resolve_fast", "exact_candidates", "name_variants", "term_text", "where",
           "CLASS_OF_KIND"]

SG = "https://w3id.org/suchenggraph/ontology#"
CLASS_OF_KIND = {
    "organisation": "http://www.w3.org/ns/org#Organization",
    "task": SG + "Task",
    "indicator": SG + "Indicator",
    "platform": SG + "Platform",
    "area": SG + "ActionArea",
}
_LANGS = ("zh-Hans", "zh-Hant", "en")

#: the head and tail of a query for things with their number and every label; what
#: goes between chooses the things (``?thing``, of ``?class``)
_WITH_LABELS = """\
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?class ?number ?prop ?label (LANG(?label) AS ?lang) WHERE {
%s
  OPTIONAL { ?thing sg:number ?number }
  OPTIONAL {
    VALUES ?prop { skos:prefLabel skos:altLabel }
    ?thing ?prop ?label
  }
}"""

#: the things given (IRIs), with all their labels
_LABELS = _WITH_LABELS % """\
  VALUES ?thing { %s }
  VALUES ?class { %s }
  ?thing a ?class ."""

#: the things that carry one of the names as a label, with all their labels (one query)
_BY_LABEL = _WITH_LABELS % """\
  {
    SELECT DISTINCT ?thing ?class WHERE {
      VALUES ?name { %s }
      VALUES ?class { %s }
      { ?thing skos:prefLabel ?name } UNION { ?thing skos:altLabel ?name }
      ?thing a ?class .
    }
  }"""

_BY_NUMBER = """\
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
SELECT DISTINCT ?thing WHERE {
  VALUES ?class { %s }
  ?thing sg:number %s ;
         a ?class .
}"""


def term_text(value: str, *, lang: str | None = None, iri: bool = False) -> str:
    """An IRI or a literal written as SPARQL/N-Triples text by Oxigraph's serialiser.

    >>> term_text('say "hi"\\n', lang="en"), term_text("urn:x", iri=True)
    ('"say \\\\"hi\\\\"\\\\n"@en', '<urn:x>')
    """
    if iri:
        return str(ox.NamedNode(value))
    return str(ox.Literal(value, language=lang) if lang else ox.Literal(value))


def name_variants(name: str) -> list[str]:
    """The exact labels a name may stand for: as typed, width-normalised, with the
    district prefix added or dropped (``商务局`` -> ``区商务局``).

    >>> name_variants("商务局")
    ['商务局', '区商务局', '區商务局']
    >>> name_variants(" 宿城区商务局 ")
    ['宿城区商务局', '区商务局', '區商务局', '商务局']
    >>> name_variants("Bureau of Commerce")
    ['Bureau of Commerce']
    """
    text = " ".join(name.split())  # str.split's whitespace is re's \s
    out = [text, unicodedata.normalize("NFKC", text)]
    if has_cjk(text):
        core = text
        for prefix in ZH_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                core = text[len(prefix):]
                break
        out += ["区" + core, "區" + core, core]
    seen: list[str] = []
    for v in out:
        if v and v not in seen:
            seen.append(v)
    return seen


def _internal(engine, text: str, timeout=None):
    """Run one of this module's own queries: a fixed text with values written by Oxigraph's
    serialiser, so the read-only check (which parses user queries with rdflib, and would
    cost more than the lookup) is not needed."""
    return engine.select(text, timeout=timeout, read_only=False)


def _classes(kinds) -> str:
    return " ".join(term_text(CLASS_OF_KIND[k], iri=True) for k in kinds)


def _candidates(engine, things: list[str], kinds: list[str], timeout=None):
    if not things:
        return []
    text = _LABELS % (" ".join(term_text(t, iri=True) for t in sorted(things)),
                      _classes(kinds))
    return _from_label_rows(_internal(engine, text, timeout).rows)


def _from_label_rows(found) -> list:
    """Candidates from the rows of :data:`_LABELS` or :data:`_BY_LABEL`."""
    rows = []
    for r in found:
        number = r.get("number")
        rows.append((r["thing"], r["class"], int(number) if number is not None else None,
                     r.get("prop"), r.get("label"), r.get("lang") or None))
    return from_rows(rows)


def exact_candidates(engine, name: str, kinds=None, *, timeout=None) -> list:
    """The things of ``kinds`` that carry ``name`` (or a variant) exactly as a label,
    or, for ``task 23`` / ``23``, that number: found through the store's indexes.

    >>> from suchenggraph.engines.factory import open_engine
    >>> [c.label("en") for c in exact_candidates(open_engine(), "区商务局")]
    ['Bureau of Commerce']
    """
    kinds = check_kinds(kinds)
    if parse_key(name):
        return []  # a task key (2.1.3): resolved over every candidate's IRI
    number = parse_number(name)
    if number is not None:
        kind, n = number
        wanted = [k for k in kinds if kind is None or k == kind] or kinds
        text = _BY_NUMBER % (_classes(wanted), int(n))  # an xsd:integer literal
        things = [r["thing"] for r in _internal(engine, text, timeout).rows]
        return _candidates(engine, things, kinds, timeout)
    labels = [term_text(v, lang=lang) for v in name_variants(name) for lang in _LANGS]
    text = _BY_LABEL % (" ".join(labels), _classes(kinds))
    return _from_label_rows(_internal(engine, text, timeout).rows)


def resolve_fast(engine, name: str, kinds=None, *, timeout=None):
    """:func:`suchenggraph.resolve.resolve` on ``engine``: exact, indexed lookups first,
    the scan over every label only when they find nothing.

    >>> from suchenggraph.engines.factory import open_engine
    >>> resolve_fast(open_engine(), "Comerce Bureau", "organisation")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.NameNotFound: no organisation is named 'Comerce Bureau'; did you mean 'Bureau of Commerce', 'Science and Technology Bureau', 'Finance Bureau'?
    """
    check_name(name)  # before it reaches a query: bytes that are not UTF-8, a huge name
    if isinstance(name, str) and name.strip():
        found = exact_candidates(engine, name, kinds, timeout=timeout)
        if found:
            try:
                return resolve(name, found, kinds)
            except NameNotFound:
                pass
    return resolve(name, engine.candidates(kinds), kinds)


def where(iri: str) -> str:
    """Where a thing belongs: its plan, or for an organisation its government (the IRI
    itself when it was minted elsewhere); see :func:`suchenggraph.naming.where_from`.

    >>> where("https://w3id.org/suchenggraph/org/suyu/commerce-bureau")
    'government suyu'
    >>> where("https://w3id.org/suchenggraph/plan/p-2022/task/3")
    'plan p-2022'
    """
    return where_from(iri) or iri
