"""Copies of a plan under new IRIs: test data and benchmark data for many plans.

:func:`remint` gives copy ``k`` of a plan as an rdflib ``Graph`` (the plan IRI and every IRI
under it get a new plan id; with ``government``, the organisations move to that
government); :class:`Reminter` gives the same copies as N-Quads text, fast enough for
thousands. Nothing else changes: labels, texts, numbers and structure stay as they are.
Above the engines: it reads a plan with :func:`suchenggraph.engines.plans.split_plan`.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .engines.plans import GOVERNMENT, ORG_BASE, PLAN_BASE, plan_iri_for, split_plan
from .errors import DataError, UsageError
from .vocab import bind_prefixes

__all__ = ["copy_plan_id", "remint", "Reminter"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def copy_plan_id(plan_id: str, k: int) -> str:
    """The id of copy ``k`` of a plan.

    >>> copy_plan_id("sucheng-digital-economy-2022-2024", 7)
    'sucheng-digital-economy-2022-2024-copy-7'
    """
    return f"{plan_id}-copy-{k}"


def _check_slug(what: str, value: str) -> str:
    if not _SLUG.match(value):
        raise UsageError(f"{what} {value!r} must be lower-case letters, digits and '-'")
    return value


def _renamer(plan_iri: str, government: str, new_plan_iri: str, new_government: str):
    old_org, new_org = ORG_BASE + government, ORG_BASE + new_government

    def rename(value: str) -> str:
        if value == plan_iri or value.startswith(plan_iri + "/"):
            return new_plan_iri + value[len(plan_iri):]
        if new_government != government and (value == old_org or
                                             value.startswith(old_org + "/")):
            return new_org + value[len(old_org):]
        return value

    return rename


def remint(source, k: int, *, government: str | None = None, plan_id: str | None = None):
    """Copy ``k`` of a plan as an rdflib Graph: the same facts under new IRIs.

    The plan IRI and every IRI under it get the new plan id (default
    ``<id>-copy-<k>``); with ``government``, the organisation IRIs move to that
    government (and ``sg:government``, the key those IRIs are minted from, says so).
    Nothing else changes: labels, texts, numbers and structure stay as they are.

    >>> from suchenggraph.resources import default_plan
    >>> g = remint(default_plan(), 5, government="suyu")
    >>> task = URIRef(PLAN_BASE + "sucheng-digital-economy-2022-2024-copy-5/task/2")
    >>> [str(o) for o in g.objects(task, URIRef("https://w3id.org/suchenggraph/ontology#lead"))]
    ['https://w3id.org/suchenggraph/org/suyu/commerce-bureau']
    """
    parts = split_plan(source)
    old_id = parts.id
    new_id = _check_slug("plan id", plan_id or copy_plan_id(old_id, k))
    new_gov = _check_slug("government", government) if government else parts.government
    rename = _renamer(parts.plan_iri, parts.government, plan_iri_for(new_id), new_gov)

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(rename(t.value))
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == _XSD_STRING:
                return Literal(t.value)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        return BNode(t.value)

    out = bind_prefixes(Graph())
    for q in parts.quads:
        o = q.object
        if q.predicate.value == GOVERNMENT and getattr(o, "value", None) == parts.government:
            out.add((term(q.subject), URIRef(GOVERNMENT), Literal(new_gov)))
            continue
        out.add((term(q.subject), URIRef(q.predicate.value), term(o)))
    return out


class Reminter:
    """Fast copies of one plan as N-Quads text, for loading thousands of plans.

    The plan is split once into a template where the plan IRI and the government
    stand as placeholders inside IRIs (and in the ``sg:government`` literal);
    each copy is then two string replacements. :meth:`nquads` gives exactly the
    quads of ``split_plan(remint(plan, k, government=...))``.

    >>> from suchenggraph.resources import default_plan
    >>> r = Reminter(default_plan())
    >>> text = r.nquads(3, government="suyu")
    >>> text.count("\\n") == r.quads
    True
    >>> "/plan/sucheng-digital-economy-2022-2024-copy-3/task/2>" in text
    True
    """

    _P, _G = "\x00P\x00", "\x00G\x00"

    def __init__(self, source):
        parts = split_plan(source)
        self.plan_id = parts.id
        self.government = parts.government
        plan, old_org = parts.plan_iri, ORG_BASE + parts.government
        lines = []

        def iri(value: str) -> str:
            if value == plan or value.startswith(plan + "/"):
                value = self._P + value[len(plan):]
            elif value == old_org or value.startswith(old_org + "/"):
                value = ORG_BASE + self._G + value[len(old_org):]
            return "<" + value + ">"

        for q in parts.quads:
            terms = []
            for t in (q.subject, q.predicate, q.object, q.graph_name):
                if isinstance(t, ox.NamedNode):
                    terms.append(iri(t.value))
                elif (isinstance(t, ox.Literal) and q.predicate.value == GOVERNMENT
                      and t.value == parts.government):
                    terms.append('"' + self._G + '"')
                else:
                    text = str(t)
                    if "\x00" in text:  # pragma: no cover - N-Quads escapes control characters
                        raise DataError("a literal holds a NUL character; cannot template it")
                    terms.append(text)
            lines.append(" ".join(terms) + " .\n")
        lines.sort()
        self.template = "".join(lines)
        self.quads = len(lines)

    def nquads(self, k: int, *, government: str | None = None,
               plan_id: str | None = None) -> str:
        """Copy ``k`` as N-Quads (``k`` = 0 with no government is the plan itself)."""
        new_id = plan_id or (self.plan_id if k == 0 else copy_plan_id(self.plan_id, k))
        gov = government or self.government
        return (self.template.replace(self._P, PLAN_BASE + new_id)
                .replace(self._G, gov))
