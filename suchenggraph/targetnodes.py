"""The plan graph's targets and indicators: values, units, yearly targets, matched links.

:class:`TargetWriter` adds to :class:`~suchenggraph.graphnodes.GraphWriter` the stages of
:mod:`suchenggraph.model` that write quantities: a text target (:meth:`~TargetWriter._target`)
or an Annex 1 row's yearly targets (:meth:`~TargetWriter._indicators`), each a
``schema:QuantitativeValue`` whose unit is written as the plan writes it, in English, with
its code (``%`` -> ``P1``, money -> ``CNY``) and multiplier (亿元 -> 10^8); the shared
indicator concepts; and the inferred ``sg:measures`` links from text targets to the annex
(:meth:`~TargetWriter._link_targets`, matched by :mod:`suchenggraph.indicatormatch`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import RDF, SKOS, Literal, URIRef

from .extract import Target
from .graphnodes import GraphWriter, stable_hash
from .indicatormatch import match_indicators, unit_scale
from .vocab import BASE, SCHEMA, SG

__all__ = ["TargetWriter", "UNIT_CODES"]

#: ``schema:unitCode`` of a base unit. schema.org asks for a UN/CEFACT common code: ``P1``
#: is percent; money has none in that list, so it takes its ISO 4217 currency code, as
#: schema.org's own currency properties do (docs/model.md says why).
UNIT_CODES = {"%": "P1", "元": "CNY"}


class TargetWriter(GraphWriter):
    """The stages that write targets and indicators (see the module docstring)."""

    def _target(self, node: URIRef, target: Target) -> URIRef:
        """One target (value, unit, comparator, year or recurrence) at ``node``."""
        g = self.g
        self._quantity(node, target.value, target.unit, getattr(SG, target.comparator))
        if target.year is not None:
            self.add_year(node, target.year)
            if target.year_inferred:
                g.add((node, SG.yearInferred, Literal(True)))
        if target.increase:  # 提高50%: a rise over today's level, not a level
            g.add((node, RDF.type, SG.RiseTarget))
            g.add((node, SG.increase, Literal(True)))
        if target.recurrence:
            g.add((node, SG.recurrence, getattr(SG, target.recurrence)))
        if target.metric:
            self.add_zh(node, SG.metric, target.metric)
        self.source(node, target.span)
        return node

    def _quantity(self, node: URIRef, value: str, unit: str, comparator: URIRef):
        """A target's value, unit and comparator (a ``schema:QuantitativeValue``)."""
        g = self.g
        g.add((node, RDF.type, SG.Target))
        g.add((node, RDF.type, SCHEMA.QuantitativeValue))
        g.add((node, SCHEMA.value, Literal(Decimal(value))))
        self._unit(node, unit)
        g.add((node, SG.comparator, comparator))

    def _unit(self, node, unit: str):
        """A unit as written (Chinese in both scripts), in English, its code and multiplier.

        ``schema:unitCode``: ``P1`` (UN/CEFACT common code: percent) for ``%``, ``CNY``
        (ISO 4217) for money (元, 万元, 亿元); ``sg:unitMultiplier`` the factor of a unit
        with 万 or 亿 before its base unit (亿元 -> 100000000, 万户 -> 10000)."""
        if not unit:
            return
        g = self.g
        if re.fullmatch(r"[%A-Za-z]+", unit):
            g.add((node, SG.unit, Literal(unit)))
        else:
            self.add_zh(node, SG.unit, unit)
        en = self.gl.english("unit", unit)
        if en:
            g.add((node, SG.unit, Literal(en, lang="en")))
        factor, base = unit_scale("1", unit)
        code = UNIT_CODES.get(base)
        if code:
            g.add((node, SCHEMA.unitCode, Literal(code)))
        if factor != 1:
            g.add((node, SG.unitMultiplier, Literal(int(factor))))

    def _indicators(self):
        """The Annex 1 indicators: concept, unit, lead Responsibilities, yearly targets."""
        g = self.g
        categories: dict[str, URIRef] = {}
        for ind in self.plan.indicators:
            node = self.numbered("indicator", SG.Indicator, ind.number)
            name_at = ind.span.start + ind.span.quote.find(ind.name)
            self.add_labels(node, ind.name, self.gl.english("indicator", ind.name), name_at)
            g.add((node, SG.indicatorConcept, self._indicator_concept(ind.name)))
            self._unit(node, ind.unit)
            if ind.category:
                if ind.category not in categories:
                    c = URIRef(f"{self.P}/indicator-category/{len(categories) + 1}")
                    categories[ind.category] = c
                    g.add((c, RDF.type, SG.IndicatorCategory))
                    g.add((c, RDF.type, SKOS.Concept))
                    self.add_labels(c, ind.category,
                                    self.gl.english("indicator_category", ind.category))
                g.add((node, SG.category, categories[ind.category]))
            for order, name in enumerate(ind.leads, start=1):
                self.responsibility(node, "lead", self.org(name), order, ind.span)
            self.source(node, ind.span)
            for it in ind.targets:
                t = URIRef(f"{node}/target/{it.year}")
                self._quantity(t, it.value, ind.unit, SG.Exactly)
                self.add_year(t, it.year)
                self.add_zh(t, SG.metric, ind.name, name_at)
                g.add((t, SG.measures, node))
                g.add((node, SG.hasTarget, t))
                self.source(t, it.span)

    def _indicator_concept(self, name: str) -> URIRef:
        """The shared concept an indicator measures, the same in every plan that names it.

        The glossary's ``[indicator_concept]`` maps another wording to the canonical name;
        the concept's key is the canonical name's English (from ``[indicator]``) made a
        slug, else a hash of the name. Plans are compared by concept, not by spelling."""
        canonical = self.gl.english("indicator_concept", name) or name
        en = self.gl.english("indicator", canonical)
        slug = re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-") if en else ""
        node = URIRef(f"{BASE}indicator-concept/{slug or 'c-' + stable_hash(canonical)}")
        g = self.g
        if (node, RDF.type, SKOS.Concept) not in g:
            scheme = URIRef(f"{BASE}indicator-concept")
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            self.add_labels(node, canonical, en)
        return node

    def _link_targets(self):
        """``sg:measures``: the best text target per indicator and per source (task or goal)."""
        indicators = self.plan.indicators
        candidates: dict[tuple[int, str], tuple[tuple[int, int], URIRef]] = {}
        owners = [(f"{self.P}/task/{t.key}", t.targets) for t in self.plan.tasks]
        owners += [(f"{self.P}/goal/{gl.year}", gl.targets) for gl in self.plan.goals]
        for owner, targets in owners:
            for ti, target in enumerate(targets, start=1):
                if target.recurrence:
                    continue
                found = match_indicators(target.metric, target.unit, indicators)
                if found is None:
                    continue
                number, score = found
                kind = owner.rsplit("/", 2)[-2]
                key = (number, kind)
                node = URIRef(f"{owner}/target/{ti}")
                if key not in candidates or score > candidates[key][0]:
                    candidates[key] = (score, node)
        g = self.g
        for (number, _kind), (score, node) in sorted(candidates.items()):
            indicator = URIRef(f"{self.P}/indicator/{number}")
            g.add((node, SG.measures, indicator))
            # inferred, not stated by the annex: say so, and how it was matched
            match = URIRef(f"{node}/indicator-match")
            g.add((match, RDF.type, SG.IndicatorMatch))
            g.add((node, SG.indicatorMatch, match))
            g.add((match, SG.matchedIndicator, indicator))
            g.add((match, SG.commonRun, Literal(score[0])))
            g.add((match, SG.commonEnding, Literal(score[1])))
