"""Questions only a dataset of many plans can answer: ``plans`` (the query that lists a
dataset's plans, :data:`suchenggraph.engines.plans.PLANS_QUERY`) and two named queries.

Above both the engines and the named queries (:mod:`suchenggraph.queries`): the engines
never import it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .engines.plans import PLANS_QUERY
from .queries import get

__all__ = ["CROSS_PLAN_QUERIES"]


class _CrossPlanQueries(Mapping):
    """name -> query text. ``top_leads`` and ``recurring_indicators`` are named queries
    (``queries/*.rq``, in the catalogue), read when first asked for.

    >>> CROSS_PLAN_QUERIES["top_leads"].splitlines()[0]
    '# title: Who leads the most tasks across plans'
    >>> list(CROSS_PLAN_QUERIES)
    ['plans', 'top_leads', 'recurring_indicators']
    """

    _NAMES = ("plans", "top_leads", "recurring_indicators")

    def __init__(self):
        self._texts: dict[str, str] = {"plans": PLANS_QUERY}

    def __getitem__(self, name: str) -> str:
        if name not in self._NAMES:
            raise KeyError(name)
        if name not in self._texts:
            self._texts[name] = get(name).text
        return self._texts[name]

    def __iter__(self):
        return iter(self._NAMES)

    def __len__(self) -> int:
        return len(self._NAMES)


#: Questions only a dataset of many plans can answer, in standard SPARQL 1.1, run over
#: the union of the plans (any engine, any scope): ``plans`` (the plans and their
#: governments), ``top_leads`` (who leads the most tasks across plans) and
#: ``recurring_indicators`` (indicators set by several plans).
CROSS_PLAN_QUERIES: Mapping[str, str] = _CrossPlanQueries()
