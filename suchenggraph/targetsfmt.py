"""A target as text: the one formatter for every place that shows a target.

A target (``sg:Target``) has a metric, a comparator (``AtLeast``, ``MoreThan``, ``About``,
``Exactly``, ``AtMost``, or ``FullCoverage``), a value, a unit, a year (written or, for
``year_inferred``, the end of the plan period), ``increase`` for a rise rather than a
level (提高50%) and ``recurrence`` (``Annual``). Given as a dict of those keys (a
query's row, or a graph node's attributes), it shows in two forms:

* symbols, with the unit in the reader's language (:func:`describe_target`, the command
  line's ``task`` and ``owner``): ``建设开通5G基站 ≥ 1500 base stations (2024)``;
* words, with the unit as the plan writes it (:func:`amount` with ``words=True``, the
  analyses' and the conflict report's sentences): ``at least 1500座``.

Nothing heavy is imported: ``owner`` on the command line shows targets on its fast path.
"""

from __future__ import annotations

import sys

from .answers import pick

__all__ = ["SYMBOLS", "WORDS", "number", "amount", "describe_target"]

#: Comparators as symbols (``Exactly``: none).
SYMBOLS = {"AtLeast": "≥", "MoreThan": ">", "About": "≈", "Exactly": "", "AtMost": "≤"}

#: Comparators as words, in front of the value.
WORDS = {
    "en": {"AtLeast": "at least ", "MoreThan": "more than ", "About": "about ",
           "Exactly": "", "AtMost": "at most ", "FullCoverage": ""},
    "zh-Hans": {"AtLeast": "不少于", "MoreThan": "超过", "About": "约", "Exactly": "",
                "AtMost": "不超过", "FullCoverage": ""},
    "zh-Hant": {"AtLeast": "不少於", "MoreThan": "超過", "About": "約", "Exactly": "",
                "AtMost": "不超過", "FullCoverage": ""},
}

_FULL_COVERAGE = {"en": "full coverage", "zh-Hans": "全覆盖", "zh-Hant": "全覆蓋"}
_EVERY_YEAR = {"en": "every year", "zh-Hans": "每年", "zh-Hant": "每年"}
_PLAN_END = {"en": "end of the plan period", "zh-Hans": "规划期末", "zh-Hant": "規劃期末"}


def number(value) -> str:
    """A target's value as written: a decimal without trailing zeros, nothing for ``None``.

    >>> from decimal import Decimal
    >>> number(Decimal("1500.0")), number(Decimal("11.250")), number(7), number(None)
    ('1500', '11.25', '7', '')
    """
    if value is None:
        return ""
    decimal = sys.modules.get("decimal")  # none can exist before it is imported
    if decimal is not None and isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _traditional(text: str) -> str:
    from .text import to_traditional  # OpenCC: only for a Traditional reading

    return to_traditional(text)


def amount(t: dict, lang: str = "en", *, words: bool = False, script: str | None = None) -> str:
    """The comparator, value and unit of target ``t``.

    Symbols (the default): the unit in ``lang`` (``unit_en``, ``unit_zh_hant`` when
    given), a unit that is a multiple (``10,000 units``) after ``×``. Words: the unit as
    the plan writes it, in Traditional characters for ``zh-Hant``, and for ``en`` unless
    the source (``script``) is Simplified.

    >>> from decimal import Decimal
    >>> t = {"comparator": "AtLeast", "value": Decimal("1500"), "unit": "座",
    ...      "unit_en": "base stations"}
    >>> amount(t), amount(t, "zh-Hans"), amount(t, "zh-Hans", words=True)
    ('≥ 1500 base stations', '≥ 1500座', '不少于1500座')
    >>> amount(t, "en", words=True, script="zh-Hans"), amount(t, "en", words=True)
    ('at least 1500座', 'at least 1500座')
    >>> amount({"comparator": "AtMost", "value": 2, "unit": "万户"}, "zh-Hant", words=True)
    '不超過2萬戶'
    """
    comparator = t.get("comparator") or ""
    rise = "+" if t.get("increase") else ""  # "提高50%": a rise, not a level
    if words:
        unit = t.get("unit") or ""
        if lang == "zh-Hant" or lang == "en" and script != "zh-Hans":
            unit = _traditional(unit)
        return f"{WORDS[lang].get(comparator or 'Exactly', '')}{rise}{number(t.get('value'))}{unit}"
    if comparator == "FullCoverage":
        return _FULL_COVERAGE.get(lang, _FULL_COVERAGE["zh-Hant"])
    unit = {"en": t.get("unit_en") or t.get("unit"),
            "zh-Hant": t.get("unit_zh_hant") or t.get("unit")}.get(lang, t.get("unit"))
    value = rise + number(t.get("value"))
    if unit and unit[0].isdigit():  # "10,000 units": a multiple
        value, unit = f"{value} ×", " " + unit
    elif unit and (lang == "en" and unit != "%" or unit[0].isascii() and unit != "%"):
        unit = " " + unit
    return " ".join(x for x in (SYMBOLS.get(comparator, ""), value + (unit or "")) if x)


def describe_target(t: dict, lang: str = "en") -> str:
    """A target as one line: metric, comparator, value, unit, when.

    >>> from decimal import Decimal
    >>> describe_target({"metric_zh_hans": "建设开通5G基站", "comparator": "AtLeast",
    ...                  "value": Decimal("1500"), "unit": "座", "unit_en": "base stations",
    ...                  "year": 2024}, "en")
    '建设开通5G基站 ≥ 1500 base stations (2024)'
    >>> describe_target({"metric_zh_hans": "5G网络", "comparator": "FullCoverage",
    ...                  "value": Decimal("100"), "unit": "%", "year": 2024}, "zh-Hans")
    '5G网络 全覆盖 (2024)'
    >>> describe_target({"metric_zh_hans": "全区10G-PON端口数", "comparator": "Exactly",
    ...                  "value": Decimal("1"), "unit": "万个", "unit_zh_hant": "萬個",
    ...                  "unit_en": "10,000 units", "year": 2024}, "en")
    '全区10G-PON端口数 1 × 10,000 units (2024)'
    >>> describe_target({"metric_zh_hans": "车货匹配率", "comparator": "AtLeast", "increase": True,
    ...                  "value": Decimal("50"), "unit": "%", "year": 2024,
    ...                  "year_inferred": True}, "en")
    '车货匹配率 ≥ +50% (2024, end of the plan period)'
    """
    metric = pick(t, lang, "metric") or ""
    when = []
    if t.get("recurrence") == "Annual":
        when.append(_EVERY_YEAR.get(lang, _EVERY_YEAR["zh-Hant"]))
    if t.get("year") is not None:
        when.append(str(t["year"]))
        if t.get("year_inferred"):
            when.append(_PLAN_END.get(lang, _PLAN_END["en"]))
    return f"{metric} {amount(t, lang)}".strip() + (f" ({', '.join(when)})" if when else "")
