"""Which Annex 1 indicator a target written in a task measures, and units in base terms.

:func:`unit_scale` puts a value in its base unit (``1 万个`` = ``10000 个``);
:func:`match_indicators` finds the indicator a target's metric and unit match (by the
longest common run of characters, its suffix and the level words of both names).
:mod:`suchenggraph.model` links targets to indicators with it (``sg:measures``) and
:mod:`suchenggraph.conflicts` compares numbers in base units.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["unit_scale", "match_indicators"]


_SCALE = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}


def unit_scale(value: str, unit: str) -> tuple[Decimal, str]:
    """Normalise a value to its base unit, e.g. ``1 万个`` -> ``10000 个``.

    >>> unit_scale("1", "万个"), unit_scale("450", "亿元")
    ((Decimal('10000'), '个'), (Decimal('45000000000'), '元'))
    """
    v = Decimal(value)
    if len(unit) > 1 and unit[0] in _SCALE:
        return v * _SCALE[unit[0]], unit[1:]
    return v, unit


def _dimension(unit: str) -> str:
    base = unit_scale("1", unit)[1]
    if base == "元":
        return "money"
    if base in ("%", "个百分点"):
        return base
    return "count"


def _clean(text: str) -> str:
    return re.sub(r"[“”\"'‘’ ]", "", text)


def _lcs(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


_LEVELS = ("国家级", "省级", "市级", "区级", "县级")


def _core(name: str) -> str:
    """A measure's name without quotes and a trailing 数/量/率 ("number of", "rate")."""
    name = _clean(name)
    return name[:-1] if len(name) > 2 and name[-1] in "数量率" else name


def _levels(text: str) -> set[str]:
    return {level + ("以上" if level + "以上" in text else "") for level in _LEVELS if level in text}


def match_indicators(metric: str, unit: str, indicators) -> tuple[int, tuple[int, int]] | None:
    """The Annex 1 indicator that a target written in the text measures, with its score.

    A match needs the same kind of unit (money, percent, count), a common run
    of at least half the indicator's name (three characters at least), the
    same head noun (the last two characters, once a trailing 数/量/率 is
    dropped), and no conflicting administrative level (省级 is not 市级以上);
    ties go to the longer common ending.

    >>> from types import SimpleNamespace as N
    >>> inds = [N(number=1, name="省级智能制造示范车间", unit="个"), N(number=2, name="5G基站数", unit="座")]
    >>> match_indicators("建设开通5G基站", "座", inds)
    (2, (4, 4))
    >>> match_indicators("新增市级以上智能制造示范车间", "个", inds) is None  # another level
    True
    >>> match_indicators("省级智能制造示范工厂", "个", inds) is None  # another head noun
    True
    >>> match_indicators("电子商务交易额", "亿元", inds) is None  # another kind of unit
    True
    """
    m = _core(metric)
    best = None
    for ind in indicators:
        if _dimension(ind.unit) != _dimension(unit):
            continue
        name = _core(ind.name)
        common = _lcs(m, name)
        if common < max(3, len(name) / 2) or _suffix(m, name) < min(2, len(name)):
            continue
        mine, theirs = _levels(metric), _levels(ind.name)
        if mine and theirs and mine != theirs:
            continue
        score = (common, _suffix(m, name))
        if best is None or score > best[1]:
            best = (ind.number, score)
    return best
