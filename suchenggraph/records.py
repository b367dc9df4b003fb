"""The records the extractor produces: plain dataclasses, no RDF.

A :class:`Document` is one file: an optional covering :class:`Notice` and the
:class:`Plan` s it issues. Every record keeps a :class:`Span`: where it stands
in the file (line, character offsets) and what it quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Span", "Clause", "Target", "Task", "Area", "Indicator", "IndicatorTarget", "Platform",
    "Section", "Goal", "Measure", "LeadingGroup", "Notice", "Plan", "Document", "cn_to_int",
]

CN_NUM = "一二三四五六七八九十"


def cn_to_int(text: str) -> int:
    """Chinese numerals up to 99 (``十二`` -> 12).

    >>> cn_to_int("十"), cn_to_int("十二"), cn_to_int("二十一")
    (10, 12, 21)
    """
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_NUM.index(tens) + 1 if tens else 1) * 10 + (
            CN_NUM.index(ones) + 1 if ones else 0
        )
    return CN_NUM.index(text) + 1



@dataclass(frozen=True)
class Span:
    """Where something stands in the source: 1-based line, document character offsets."""

    line: int
    start: int
    end: int
    section: str
    quote: str  # Simplified form of the quoted text


@dataclass
class Clause:
    leads: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    span: Span | None = None
    scope: Span | None = None  # the sentences the clause covers
    deadline: str | None = None  # as written (Simplified): "5月底完成", "持续推进"
    due: date | None = None  # the deadline's last day, where it resolves to a date
    ongoing: bool = False  # "持续推进": a continuing duty, no due date


@dataclass
class Target:
    metric: str
    value: str  # decimal as written, e.g. "11.25"
    unit: str
    comparator: str  # AtLeast, MoreThan, About, Exactly, AtMost, FullCoverage
    year: int | None
    year_inferred: bool
    recurrence: str | None  # "Annual" or None
    span: Span
    increase: bool = False  # "提高50%": the value is a rise over today's level, not a level


@dataclass
class Task:
    number: int
    title: str
    text: str
    area: int
    clauses: list[Clause]
    targets: list[Target]
    span: Span
    key: str = ""  # unique in the plan, used in IRIs: "7" where numbering runs through
    #                the plan, "2.1.3" (section.sub.item) where it restarts per section

    def __post_init__(self):
        if not self.key:
            self.key = str(self.number)

    @property
    def leads(self) -> list[str]:
        return _unique(n for c in self.clauses for n in c.leads)

    @property
    def cooperating(self) -> list[str]:
        return _unique(n for c in self.clauses for n in c.cooperating)

    @property
    def responsible(self) -> list[str]:
        return _unique(n for c in self.clauses for n in c.responsible)


@dataclass
class Area:
    number: int
    title: str
    span: Span


@dataclass
class IndicatorTarget:
    year: int
    value: str
    span: Span


@dataclass
class Indicator:
    number: int
    name: str
    category: str | None
    unit: str
    leads: list[str]
    targets: list[IndicatorTarget]
    span: Span


@dataclass
class Platform:
    number: int
    name: str
    leads: list[str]
    area_title: str | None
    span: Span


@dataclass
class Section:
    key: str  # "1", "1.1", "3.2" ...
    label: str  # "一", "一(一)" ...
    title: str
    text: str
    span: Span


@dataclass
class Goal:
    year: int
    text: str
    targets: list[Target]
    span: Span


@dataclass
class Measure:
    number: int
    title: str
    text: str
    span: Span


@dataclass
class LeadingGroup:
    name: str
    posts: list[tuple[str, str]]  # (role, holder text)
    office_host: str | None
    centre: str | None
    centre_purpose: str | None
    span: Span


@dataclass
class Notice:
    """The covering notice (印发通知) that issues one or more documents."""

    title: str
    doc_number: str | None
    issuer: str | None
    date: tuple[int, int, int] | None
    addressee: str | None
    span: Span


@dataclass
class Plan:
    doc_number: str | None  # the notice's number where the plan has none of its own
    title: str
    period: tuple[int, int] | None  # None: the plan names no period (实施意见, 工作方案)
    issuer: str | None
    date: tuple[int, int, int] | None
    script: str  # zh-Hant or zh-Hans: the script of the file as read
    text_hans: str
    text_orig: str
    preamble: Span | None = None
    sections: list[Section] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    leading_group: LeadingGroup | None = None
    programme: str | None = None  # e.g. 一园一中心十二个平台
    annexes: list[str] = field(default_factory=list)
    first_listed_leads: bool = False
    skipped: list[str] = field(default_factory=list)  # what --lenient passed over
    notice: Notice | None = None  # the notice that issued it, when the file has one
    index: int = 0  # the plan's position among the documents of its file (0-based)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    def original(self, span: Span) -> str:
        """The quoted text of ``span`` as it stands in the file."""
        return self.text_orig[span.start : span.end]


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


@dataclass
class Document:
    """One file as read: the notice (when there is one) and the plans it issues."""

    plans: list[Plan]
    notice: Notice | None
    script: str
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message), file-wide
