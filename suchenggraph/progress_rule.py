"""Progress, stage 1: the words and the rule (no file, no graph, no engine).

What an indicator's or a task's status can be and how it reads in each language
(:func:`text`, :func:`status_word`), the small parsers a spreadsheet's cells go through
(:func:`parse_period`, :func:`parse_date`, :func:`parse_decimal`, :func:`task_state`), and
the status rule of ``docs/progress.md``: :func:`satisfies` and :func:`indicator_status`.
The stages after it: :mod:`suchenggraph.progress_plan` (the plan side),
:mod:`suchenggraph.progress_read` (reading the files), :mod:`suchenggraph.progress_store`
(storing them) and :mod:`suchenggraph.progress` (the answer).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .uitext import word

__all__ = [
    "STATUSES",
    "TASK_STATES",
    "RULES",
    "ABOUT_TOLERANCE",
    "text",
    "status_word",
    "Period",
    "parse_period",
    "parse_date",
    "parse_decimal",
    "task_state",
    "satisfies",
    "indicator_status",
    "year_target",
]

#: Indicator statuses, in the order a summary lists them.
STATUSES = ("met", "on track", "behind", "no data")
#: Task statuses a report can give (``no data``: no report).
TASK_STATES = ("not started", "in progress", "done", "behind")

_STATE_WORDS = {
    "not started": "not started", "未开始": "not started", "未開始": "not started",
    "in progress": "in progress", "推进中": "in progress", "推進中": "in progress",
    "done": "done", "已完成": "done", "完成": "done",
    "behind": "behind", "滞后": "behind", "滯後": "behind",
}

#: How far below an ``About`` target a figure may be and still count (5 %).
ABOUT_TOLERANCE = Decimal("0.05")


#: How each comparator reads in a table (an Annex 1 value is a level to reach: ``≥``).
RULES = {"AtLeast": "≥", "Exactly": "≥", "FullCoverage": "≥", "MoreThan": ">", "AtMost": "≤",
         "About": "≈"}


def text(key: str, lang: str = "en") -> str:
    """A word people read (a status, a heading of the assessment sheet) in ``lang``.

    The words are the ``progress`` section of :mod:`suchenggraph.uitext` (the CLI, the
    report and the graph's legend all take them from here); English when the language
    is not one of the three.

    >>> text("behind", "zh-Hant"), text("sheet", "zh-Hans")
    ('滯後', '考核表')
    """
    return word("progress", key, lang)


def status_word(status: str, lang: str = "en") -> str:
    """A status (of an indicator or a task) in ``lang``; ``en`` keeps the codes."""
    return text(status, lang)


# --------------------------------------------------------------------------- small parsers


@dataclass(frozen=True)
class Period:
    """A reporting period: a year (``2023``), a quarter (``2023-Q2``) or a month (``2023-06``).

    ``fraction``: how much of the year has passed at the period's end.

    >>> p = parse_period("2023-Q2")
    >>> p.year, p.end, p.fraction
    (2023, datetime.date(2023, 6, 30), Decimal('0.5'))
    """

    text: str
    year: int
    months: int  # months of the year passed at the period's end (12 for a year)

    @property
    def end(self) -> dt.date:
        if self.months == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.months + 1, 1) - dt.timedelta(days=1)

    @property
    def start(self) -> dt.date:
        length = 12 if self.text.isdigit() else 3 if "Q" in self.text else 1
        return dt.date(self.year, self.months - length + 1, 1)

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.months) / Decimal(12)

    @property
    def whole_year(self) -> bool:
        return self.months == 12


def parse_period(text: str) -> Period | None:
    """``2022``, ``2023-Q2`` (also ``2023Q2``, ``2023-q2``) or ``2023-06`` (also ``2023-6``);
    ``None`` for anything else.

    >>> parse_period("2022").end, parse_period("2023-6").text, parse_period("2023-13")
    (datetime.date(2022, 12, 31), '2023-06', None)
    """
    text = unicodedata.normalize("NFKC", str(text)).strip()
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        return Period(m.group(1), int(m.group(1)), 12)
    m = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text)
    if m:
        return Period(f"{m.group(1)}-Q{m.group(2)}", int(m.group(1)), 3 * int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return Period(f"{m.group(1)}-{int(m.group(2)):02d}", int(m.group(1)), int(m.group(2)))
    return None


def parse_date(text) -> dt.date | None:
    """A date written ``2023-07-05`` or ``2023/7/5`` (as Excel writes it); ``None`` otherwise.

    >>> parse_date("2023/7/5"), parse_date("2023-02-30"), parse_date("soon")
    (datetime.date(2023, 7, 5), None, None)
    """
    if isinstance(text, dt.date):
        return text
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def parse_decimal(text: str) -> Decimal | None:
    """``12.5``, ``-3``, ``1,500`` -> a Decimal; ``None`` for anything else.

    >>> parse_decimal("1,500"), parse_decimal("-3"), parse_decimal("3 units")
    (Decimal('1500'), Decimal('-3'), None)
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def task_state(text: str) -> str | None:
    """A task status in English or Chinese (either script) -> its English word.

    >>> task_state("推進中"), task_state("Done"), task_state("滞后"), task_state("late")
    ('in progress', 'done', 'behind', None)
    """
    word = " ".join(unicodedata.normalize("NFKC", str(text)).lower().replace("_", " ").split())
    return _STATE_WORDS.get(word)


# --------------------------------------------------------------------------- the rule


def satisfies(value: Decimal, level: Decimal, comparator: str | None) -> bool:
    """Whether ``value`` reaches ``level`` under ``comparator``.

    ``AtMost``: at or below; ``MoreThan``: above; ``About``: no more than 5 % below;
    ``AtLeast``, ``Exactly`` (an Annex 1 value is a level to reach), ``FullCoverage`` and
    none: at or above.

    >>> from decimal import Decimal as D
    >>> satisfies(D(70), D(70), "Exactly"), satisfies(D(2), D(2), "MoreThan")
    (True, False)
    >>> satisfies(D("0.7"), D("0.8"), "AtMost"), satisfies(D("47.5"), D(50), "About")
    (True, True)
    """
    if comparator == "AtMost":
        return value <= level
    if comparator == "MoreThan":
        return value > level
    if comparator == "About":
        return value >= level * (1 - ABOUT_TOLERANCE)
    return value >= level


def indicator_status(targets: dict[int, tuple[Decimal, str | None]], figure: dict | None,
                     year: int, as_of: dt.date) -> str:
    """The status of one indicator for ``year`` (the rule in ``docs/progress.md``).

    ``targets``: year -> (value, comparator); ``figure``: the latest actual (``value`` and
    ``period``, a :class:`Period`) or ``None``.

    * ``no data``: no figure;
    * ``met``: the figure reaches the year's target (by its comparator);
    * ``behind``: it does not, and the year is over (a full-year figure, or ``as_of``
      past the year's end);
    * within the year, the expected level runs in a straight line from the previous
      year's target (at the start of the year) to this year's (at its end): a figure that
      reaches the expected level at the end of its period is ``on track``, else ``behind``;
      in a year with no previous target there is no path, and a figure short of the
      target is ``on track`` until the year is over;
    * a year without a target of its own is held to the next target (the level still
      to reach): ``behind`` only once that target's year is over.

    >>> from decimal import Decimal as D
    >>> targets = {2022: (D(40), "Exactly"), 2023: (D(70), "Exactly")}
    >>> on = lambda value, period, as_of="2023-07-01": indicator_status(
    ...     targets, {"value": D(value), "period": parse_period(period)}, 2023,
    ...     parse_date(as_of))
    >>> on(60, "2023-Q2"), on(50, "2023-Q2"), on(70, "2023-Q1"), on(69, "2023")
    ('on track', 'behind', 'met', 'behind')
    >>> on(60, "2023-Q2", "2024-01-10")
    'behind'
    """
    if figure is None:
        return "no data"
    target_year, level, comparator = year_target(targets, year)
    if level is None:
        return "no data"
    value, period = figure["value"], figure["period"]
    if satisfies(value, level, comparator):
        return "met"
    if (period.whole_year and period.year >= target_year) or as_of > dt.date(target_year, 12, 31):
        return "behind"
    previous = targets.get(target_year - 1)
    if previous is None or period.year < target_year:
        return "on track"
    start = previous[0]
    expected = start + (level - start) * period.fraction
    return "on track" if satisfies(value, expected, comparator) else "behind"


def year_target(targets, year):
    """``(year, value, comparator)`` of the target for ``year``, else of the next target after
    it (the level still to reach); ``(None, None, None)`` when there is none."""
    if year in targets:
        return (year, *targets[year])
    later = sorted(y for y in targets if y > year)
    return (later[0], *targets[later[0]]) if later else (None, None, None)

