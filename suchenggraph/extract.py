"""The extractor: a plan text of this genre -> plain records.

It works on the Simplified form of the text (converted when the source is
Traditional, one character for one), so every pattern below is written once,
and every offset it reports is an offset in the file as read.

What it understands:

* the header (document number, title, period), numbered sections ``一、``,
  sub-sections ``(一)``, numbered tasks ``1.`` under action areas;
* responsibility clauses in the forms used by this genre, e.g.
  ``(X牵头,Y、Z等按职责分工负责)``, ``X、Y牵头``, ``X负责``, ``X牵头,Y配合``,
  ``牵头单位:X;配合单位:Y``, ``责任单位:X、Y``; several clauses per task,
  each covering the sentences before it;
* quantitative targets written in task and goal text (value, unit,
  comparator, year or recurrence);
* the annex tables (indicators with yearly targets; platforms with lead and area);
* the leading group of the guarantee measures.

>>> plan = parse_plan(SAMPLE)
>>> [t.number for t in plan.tasks], plan.tasks[0].leads, plan.tasks[0].cooperating
([1], ['区商务局'], ['区科技局', '各园区'])
>>> [(g.value, g.unit, g.comparator, g.year) for g in plan.tasks[0].targets]
[('15', '家', 'AtLeast', 2024)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from .errors import SourceError
from .text import compact_cjk, detect_script, normalise_width, read_plan_text, to_simplified

__all__ = [
    "Span",
    "Clause",
    "Target",
    "Task",
    "Area",
    "Indicator",
    "IndicatorTarget",
    "Platform",
    "Section",
    "Goal",
    "Measure",
    "LeadingGroup",
    "Notice",
    "Plan",
    "parse_plan",
    "parse_file",
    "parse_clause",
    "find_targets",
    "SAMPLE",
]

SAMPLE = """宿区样例发〔2022〕9号
样例行动计划
(2022-2024年)
一、总体要求
(一)发展目标
2024年,电子商务交易额超过450亿元。
二、主要任务
(一)样例行动
1.培育企业。到2024年,培育重点企业15家以上。(区商务局牵头,区科技局,各园区等按职责分工负责)
三、保障措施
(一)加强组织领导。建立区样例工作领导小组。领导小组办公室设在区商务局。
样例领导小组
2022年10月20日
"""

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


# --------------------------------------------------------------------------- records


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


# --------------------------------------------------------------------------- clauses

_ROLE_SUFFIXES = [
    ("等按职责分工负责", "cooperating"),
    ("按职责分工负责", "cooperating"),
    ("等按职责负责", "cooperating"),
    ("按职责负责", "cooperating"),
    ("等配合", "cooperating"),
    ("配合", "cooperating"),
    ("等协助", "cooperating"),
    ("协助", "cooperating"),
    ("等参与", "cooperating"),
    ("参与", "cooperating"),
    ("共同牵头", "lead"),
    ("牵头", "lead"),
    ("等负责", "duty"),
    ("负责", "duty"),
]
_ROLE_LABELS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "参与单位": "cooperating",
    "责任单位": "responsible",
    "责任部门": "responsible",
}
_CLAUSE_HINT = re.compile(
    r"(牵头|负责|配合|协助|参与)(?=$|[,;、)])|(" + "|".join(_ROLE_LABELS) + r"):"
)


def _split_top(text: str, seps: str) -> list[tuple[int, str]]:
    """Split on separator characters outside parentheses; keep each part's offset."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in seps and depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return parts


def looks_like_clause(text: str) -> bool:
    """Whether a parenthesised group reads as a responsibility clause.

    >>> looks_like_clause("区商务局牵头"), looks_like_clause("含集成电路、电子元器件")
    (True, False)
    """
    return bool(_CLAUSE_HINT.search(text))


def parse_clause(text: str, *, first_listed_leads: bool = False) -> Clause:
    """Parse a responsibility clause (without its parentheses) into roles.

    >>> c = parse_clause("区工业和信息化局牵头,区商务局、区科技局,各园区,各街道等按职责分工负责")
    >>> c.leads, c.cooperating
    (['区工业和信息化局'], ['区商务局', '区科技局', '各园区', '各街道'])
    >>> parse_clause("区商务局、区科技局牵头").leads
    ['区商务局', '区科技局']
    >>> parse_clause("区商务局负责").leads
    ['区商务局']
    >>> c = parse_clause("区商务局牵头,区科技局负责"); c.leads, c.cooperating
    (['区商务局'], ['区科技局'])
    >>> c = parse_clause("牵头单位:区商务局;配合单位:区科技局、各镇(街道)"); c.leads, c.cooperating
    (['区商务局'], ['区科技局', '各镇(街道)'])
    >>> c = parse_clause("责任单位:区商务局、区科技局"); c.leads, c.responsible
    ([], ['区商务局', '区科技局'])
    >>> parse_clause("责任单位:区商务局、区科技局", first_listed_leads=True).leads
    ['区商务局']
    >>> parse_clause("区数字经济工作专班牵头单位牵头,区科技局配合").leads
    ['区数字经济工作专班牵头单位']
    >>> c = parse_clause("区商务局、区科技局等按职责分工负责"); c.leads, c.responsible
    ([], ['区商务局', '区科技局'])
    """
    clause = Clause()
    roles: list[tuple[str, str]] = []  # (role, name) in text order
    pending: list[str] = []
    label_role: str | None = None
    for _, raw in _split_top(text, ",;、"):
        part = raw.strip()
        if not part:
            continue
        m = re.match(r"^(" + "|".join(_ROLE_LABELS) + r"):(.*)$", part)
        if m:
            if pending:
                raise ValueError(f"no role for {'、'.join(pending)}")
            label_role = _ROLE_LABELS[m.group(1)]
            part = m.group(2).strip()
            if not part:
                continue
        if label_role is not None:
            roles.append((label_role, _clean_name(part)))
            continue
        for suffix, role in _ROLE_SUFFIXES:
            if part.endswith(suffix) and len(part) > len(suffix):
                name = _clean_name(part[: -len(suffix)])
                for p in pending + [name]:
                    roles.append((role, p))
                pending = []
                break
        else:
            pending.append(_clean_name(part))
    if pending:
        raise ValueError(f"no role for {'、'.join(pending)}")
    has_lead = any(r in ("lead", "duty") for r, _ in roles)
    if not has_lead:
        # "(X、Y等按职责分工负责)" names no lead: every unit is responsible, none cooperates
        roles = [("responsible" if r == "cooperating" else r, n) for r, n in roles]
    has_lead = any(r == "lead" for r, _ in roles)
    for role, name in roles:
        if not name:
            continue
        if role == "duty":
            role = "cooperating" if has_lead else "lead"
        target = {"lead": clause.leads, "cooperating": clause.cooperating,
                  "responsible": clause.responsible}[role]
        if name not in target:
            target.append(name)
    if clause.responsible and first_listed_leads and not clause.leads:
        clause.leads.append(clause.responsible[0])
    if not (clause.leads or clause.cooperating or clause.responsible):
        raise ValueError("names no organisation")
    return clause


def _clean_name(name: str) -> str:
    name = name.strip()
    if name.endswith("等") and len(name) > 1:
        name = name[:-1]
    return name.strip()


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``( ... )`` group, end exclusive of ``)``."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


# --------------------------------------------------------------------------- targets

UNITS = sorted(
    [
        "个百分点", "亿元", "万元", "万户", "万个", "万吨", "万标箱", "万人", "万座", "万家",
        "%", "家", "个", "户", "台", "座", "件", "项", "盏", "条", "人", "座", "所", "套",
        "公里", "元",
    ],
    key=len,
    reverse=True,
)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_TARGET_RE = re.compile(
    r"(?P<pre>不少于|不低于|超过|高于|多于|达到|提高|提升|低于|少于|不超过|超|过|达|约|近)?"
    r"(?P<num>" + _NUM + r")(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")"
    r"(?P<post>以上|左右|以下|以内)?"
)
_COVERAGE_RE = re.compile(r"全(?:区|面)?覆盖|全面完成")
_YEAR_RE = re.compile(r"(?:到|至|在)?(\d{4})年(?:底前|底|前)?[,]?")
_VERBS = ("实现", "达到", "达", "超过", "提高", "提升", "为", "完成", "建成", "新增")
# a "metric" that is only one of these says nothing: the noun follows the number
_BARE_VERBS = _VERBS + ("组织", "培育", "建设", "推广", "创建")


def _comparator(pre: str | None, post: str | None) -> str:
    if post in ("以上",):
        return "AtLeast"
    if post == "左右" or pre in ("约", "近"):
        return "About"
    if post in ("以下", "以内") or pre in ("不超过",):
        return "AtMost"
    if pre in ("不少于", "不低于"):
        return "AtLeast"
    if pre in ("超过", "高于", "多于", "超", "过"):
        return "MoreThan"
    if pre in ("低于", "少于"):
        return "AtMost"
    return "Exactly"


def _strip_metric(text: str) -> str:
    text = text.strip(" ,、;:")
    text = re.sub(r"^(?:到|至)?\d{4}年(?:底前|底|前)?,?", "", text)
    for lead in ("每年", "实现"):
        if text.startswith(lead) and len(text) > len(lead):
            text = text[len(lead):]
    changed = True
    while changed:
        changed = False
        for verb in _VERBS:
            if text.endswith(verb) and len(text) > len(verb):
                text, changed = text[: -len(verb)], True
    return text.strip(" ,、;:")


def find_targets(
    text: str, offset: int, *, section: str, line_of, default_year: int | None
) -> list[Target]:
    """Quantitative targets in a stretch of Simplified text starting at document ``offset``.

    A year phrase (``到2024年``) applies to the rest of its sentence; ``每年`` makes
    a target annual; a target with neither takes ``default_year`` (the end of the
    plan) and is marked ``year_inferred``.

    >>> ts = find_targets("到2024年,建设开通5G基站1500座以上,5G网络实现全区覆盖。每年组织30户以上企业。",
    ...     0, section="x", line_of=lambda o: 1, default_year=2024)
    >>> [(t.metric, t.value, t.unit, t.comparator, t.year, t.recurrence) for t in ts]
    [('建设开通5G基站', '1500', '座', 'AtLeast', 2024, None), ('5G网络', '100', '%', 'FullCoverage', 2024, None), ('企业', '30', '户', 'AtLeast', None, 'Annual')]
    >>> [(t.metric, t.value, t.unit, t.comparator) for t in find_targets(
    ...     "标识注册量过亿。", 0, section="x", line_of=lambda o: 1, default_year=2024)]
    [('标识注册量', '1', '亿', 'MoreThan')]
    >>> [(t.metric, t.increase) for t in find_targets("车货匹配率提高50%以上、网络货运90%以上。",
    ...     0, section="x", line_of=lambda o: 1, default_year=2024)]
    [('车货匹配率', True), ('网络货运', True)]
    >>> find_targets("加快港区30万标箱吞量的平台改造。", 0, section="x", line_of=lambda o: 1,
    ...     default_year=2024)  # a capacity describing a thing, not a target
    []
    """
    found: list[Target] = []
    sent_start = 0
    for sentence in re.split(r"(?<=。)", text):
        if not sentence:
            continue
        year_m = None
        seg_start = 0
        prev_seg = ""
        for seg in re.split(r"(?<=[,;])", sentence):
            seg_off = sent_start + seg_start
            ym = _YEAR_RE.search(seg)
            if ym and (ym.start() == 0 or seg[: ym.start()].strip() in ("", "到", "至")
                       or "前" in seg[ym.start() : ym.end()] or seg.startswith("到")):
                year_m = int(ym.group(1))
            annual = "每年" in seg or bool(re.search(r"(?<![\d])年(?:均|提升|提高|增长)", seg))

            def add(metric, value, unit, comparator, start, end, increase=False,
                    annual=annual, year_m=year_m):
                found.append(Target(
                    metric=metric, value=value, unit=unit, comparator=comparator,
                    year=None if annual else (year_m or default_year),
                    year_inferred=not annual and year_m is None,
                    recurrence="Annual" if annual else None,
                    span=_span(text, offset, start, end, section, line_of),
                    increase=increase))

            last_end = 0
            increase = False
            for m in _TARGET_RE.finditer(seg):
                prev = seg[m.start() - 1] if m.start() > 0 else ""
                if prev.isdigit() or prev == ".":
                    continue  # part of a year ("2024年") or a code ("5G", "10G-PON")
                metric_text = seg[last_end : m.start()]
                if ym and last_end < ym.end() <= m.start():
                    metric_text = seg[ym.end() : m.start()]
                if "、" in metric_text and last_end:
                    metric_text = metric_text.split("、")[-1]
                metric = _strip_metric(metric_text)
                after = re.match(r"[^,。;、\d]*", seg[m.end():]).group(0)
                pre, post = m.group("pre"), m.group("post")
                bare = not metric or metric in _BARE_VERBS
                if (pre is None and post is None and after and _is_cjk(after[0])
                        and m.group("unit") != "%"
                        and not bare and not metric.endswith(("等", "及", "和", "与"))
                        and _is_cjk(prev)):
                    continue  # "港区30万标箱吞量": a quantity describing a thing
                start = seg_off + (seg.index(metric, last_end) if metric and metric in seg[
                    last_end:] else m.start())
                end = seg_off + m.end()
                if after and not after.startswith(("以上", "左右", "以下", "以内")) and (
                    bare or metric.endswith(("等", "及", "和", "与"))
                ):
                    # the noun follows the number: "完成100盏智慧路灯改造"
                    metric = (metric if metric.endswith("等") else "") + after
                    end = seg_off + m.end() + len(after)
                if annual and metric.endswith("年") and len(metric) > 1:
                    metric = metric[:-1]  # "份额年提升3个百分点": the 年 is the recurrence
                if len(metric) <= 2 and prev_seg:
                    # "大数据+有所突破,实现产值5亿元以上": the subject is in the segment before
                    subject = re.split(r"有所|取得|不断|持续|实现|突破", prev_seg)[0].strip(" ,;")
                    metric = subject + metric
                increase = pre in ("提高", "提升") or (increase and pre is None)
                add(metric or seg[: m.start()].strip(), str(Decimal(m.group("num").replace(
                    ",", ""))), m.group("unit"), _comparator(pre, post), start, end, increase)
                last_end = m.end()
            for bm in _BARE_MAGNITUDE.finditer(seg):
                metric = _strip_metric(seg[last_end : bm.start()])
                start = seg_off + (seg.index(metric, last_end) if metric else bm.start())
                add(metric, "1", bm.group("unit"), _comparator(bm.group("pre"), None), start,
                    seg_off + bm.end())
            for cm in _COVERAGE_RE.finditer(seg):
                if _TARGET_RE.search(seg[cm.start() : cm.end() + 6]):
                    continue
                metric = _strip_metric(seg[last_end : cm.start()])
                start = seg_off + (seg.index(metric, last_end) if metric else cm.start())
                add(metric, "100", "%", "FullCoverage", start, seg_off + cm.end())
            seg_start += len(seg)
            prev_seg = seg
        sent_start += len(sentence)
    found.extend(_respectively(text, offset, section, line_of, default_year, found))
    found.sort(key=lambda t: (t.span.start, t.span.end))
    return found


# "标识注册量过亿": a magnitude with no digits before it
_BARE_MAGNITUDE = re.compile(r"(?P<pre>超过|超|过)(?P<unit>亿|万)(?=[,。;]|$)")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


_RESPECTIVELY = re.compile(
    r"(?P<items>[^,。;]+?)(?:[一二三四五六七八九十]+条[^,。;]*?)?分别(?:实现|达到|为)?(?P<noun>[^\d,。;]*)"
    r"(?P<values>" + _NUM + r"(?:亿元|万元|%|家|个)(?:、" + _NUM + r"(?:亿元|万元|%|家|个))+)"
)


def _respectively(text, offset, section, line_of, default_year, found):
    """``A、B、C三条产业链分别实现产值65亿元、6亿元、15亿元``: pair items with values."""
    out = []
    for m in _RESPECTIVELY.finditer(text):
        items_text = re.sub(r"[一二三四五六七八九十]+条.*$", "", m.group("items"))
        items = [i.strip() for i in items_text.split("、") if i.strip()]
        values = list(re.finditer("(" + _NUM + r")(亿元|万元|%|家|个)", m.group("values")))
        if len(items) != len(values):
            continue
        tail = re.search(r"[一二三四五六七八九十]+条([^,。;分]*)", text[m.start() : m.start("noun")])
        kind = tail.group(1) if tail else ""
        year = None
        for ym in _YEAR_RE.finditer(text[: m.start()]):
            year = int(ym.group(1))
        vstart = m.start("values")
        for item, vm in zip(items, values, strict=True):
            # replace the plain targets found for these numbers with paired ones
            s = vstart + vm.start()
            found[:] = [t for t in found if not (t.span.start <= offset + s < t.span.end)]
            out.append(
                Target(
                    metric=f"{item}{kind}{m.group('noun').strip()}",
                    value=str(Decimal(vm.group(1))),
                    unit=vm.group(2),
                    comparator="Exactly",
                    year=year or default_year,
                    year_inferred=year is None,
                    recurrence=None,
                    span=_span(text, offset, s, vstart + vm.end(), section, line_of),
                )
            )
    return out


def _span(text: str, offset: int, start: int, end: int, section: str, line_of) -> Span:
    return Span(line_of(offset + start), offset + start, offset + end, section, text[start:end])


# --------------------------------------------------------------------------- the document

_DOC_NO = re.compile(r"^(.{1,20}〔\d{4}〕\d+号)$")
_PERIOD = re.compile(r"^\((\d{4})-(\d{4})年?\)$")
_TOP = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_SUB = re.compile(r"^\(([一二三四五六七八九十]+)\)(.*)$")
_TASK = re.compile(r"^(\d+)\.(?!\d)(.*)$", re.DOTALL)
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ANNEX_LIST = re.compile(r"^附件:?\s*(?:(\d+)\.)?(.*)$")
_ANNEX = re.compile(r"^附件\s*(\d+)$")
_GOAL = re.compile(r"^(\d{4})年,")


# "责任单位中排名第一的为牵头单位", "排在第一位的为牵头单位", "列首位的单位是牵头部门" ...
_FIRST_LISTED = re.compile(
    r"(?:排名|排在|排|列|位列|居)(?:第一位|第一个|第一|首位)的?(?:单位|部门)?(?:为|是)"
    r"(?:牵头|主要负责)(?:单位|部门)"
)


class _Lines:
    def __init__(self, hans: str):
        self.lines: list[tuple[int, int, str]] = []  # (lineno, offset, text)
        off = 0
        for i, line in enumerate(hans.split("\n"), start=1):
            self.lines.append((i, off, line))
            off += len(line) + 1
        self.starts = [o for _, o, _ in self.lines]

    def line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset)


def parse_file(path: str | Path, *, lenient: bool = False,
               first_listed_leads: bool | None = None) -> Plan:
    """Read and parse a plan text file; errors name the file and line."""
    text = read_plan_text(path)
    try:
        return parse_plan(text, lenient=lenient, first_listed_leads=first_listed_leads)
    except SourceError as exc:
        raise SourceError(exc.message, path=str(path), line=exc.line) from None


def parse_plan(text: str, *, lenient: bool = False,
               first_listed_leads: bool | None = None) -> Plan:
    """Parse the text of a plan (either script) into a :class:`Plan`."""
    if not text.strip():
        raise SourceError("the text is empty")
    norm = normalise_width(text)
    script = detect_script(norm)
    hans = to_simplified(norm) if script == "zh-Hant" else norm
    return _Parser(hans, text, script, lenient, first_listed_leads).run()


class _Parser:
    def __init__(self, hans, orig, script, lenient, first_listed_leads):
        self.hans = hans
        self.orig = orig
        self.script = script
        self.lenient = lenient
        self.flagged_first = first_listed_leads
        self.L = _Lines(hans)
        self._back: dict[int, str] | None = None

    def fail(self, line: int, message: str):
        raise SourceError(self.as_written(message, line), line=line)

    def as_written(self, message: str, line: int) -> str:
        """``message`` with the Chinese it quotes in the script of the file.

        The text is parsed in Simplified, character for character (see
        :func:`suchenggraph.text.to_simplified`), so each Simplified character of a
        Traditional file has its original at the same place: those of the failing
        line first, then the first one met in the file (the example words of a
        message too, e.g. 宿区数字发 -> 宿區數字發).
        """
        if self.script != "zh-Hant":
            return message
        written = normalise_width(self.orig).split("\n")
        if self._back is None:
            self._back = {}
            for (_, _, hans), orig in zip(self.L.lines, written, strict=True):
                for h, o in zip(hans, orig, strict=True):
                    if h != o:
                        self._back.setdefault(ord(h), o)
        table = dict(self._back)
        if 1 <= line <= len(written):
            hans = self.L.lines[line - 1][2]
            table.update((ord(h), o) for h, o in zip(hans, written[line - 1], strict=True) if h != o)
        return message.translate(table)

    def span(self, start: int, end: int, section: str) -> Span:
        return Span(self.L.line_of(start), start, end, section, self.hans[start:end])

    def line_span(self, idx: int, section: str) -> Span:
        no, off, text = self.L.lines[idx]
        return Span(no, off, off + len(text), section, text)

    # -- main loop
    def run(self) -> Plan:
        lines = self.L.lines
        n = len(lines)
        i = 0
        while i < n and not lines[i][2].strip():
            i += 1
        if i == n:
            self.fail(1, "the text is empty")
        m = _DOC_NO.match(lines[i][2].strip())
        if not m:
            self.fail(lines[i][0], f"expected a document number like 宿区数字发〔2022〕1号, "
                      f"found {lines[i][2].strip()[:20]!r}")
        doc_number = m.group(1)
        i += 1
        title = lines[i][2].strip() if i < n else ""
        if not title:
            self.fail(lines[min(i, n - 1)][0], "no title after the document number")
        i += 1
        period = None
        if i < n and (pm := _PERIOD.match(lines[i][2].strip())):
            period = (int(pm.group(1)), int(pm.group(2)))
            i += 1
        else:
            ym = re.search(r"(\d{4})\s*-\s*(\d{4})", title)
            if ym:
                period = (int(ym.group(1)), int(ym.group(2)))
        if period is None:
            self.fail(lines[min(i, n - 1)][0], "no plan period like (2022-2024年) after the title")
        first_listed = bool(self.flagged_first) or bool(_FIRST_LISTED.search(self.hans))
        plan = Plan(doc_number=doc_number, title=title, period=period, issuer=None, date=None,
                    script=self.script, text_hans=self.hans, text_orig=self.orig,
                    first_listed_leads=first_listed)
        self.plan = plan

        # First pass: classify each line into blocks; the second pass (_interpret) reads them.
        in_top = in_sub = False
        blocks: list[tuple[str, list[int]]] = []  # (kind, line indexes)
        body_end = n
        while i < n:
            line = lines[i][2].strip()
            if not line:
                i += 1
                continue
            if line.startswith("附件") and not _ANNEX.match(line):
                body_end = i  # the list of annexes closes the body
                break
            if _DATE.match(line):
                body_end = i - 1  # the signature line and the date close it too
                break
            if _TOP.match(line):
                in_top, in_sub = True, False
                blocks.append(("top", [i]))
            elif (sm := _SUB.match(line)) and in_top:
                rest = sm.group(2)
                if -1 < rest.find("。") < len(rest) - 1:
                    blocks.append(("measure", [i]))  # "(一)加强组织领导。text"
                else:
                    blocks.append(("sub", [i]))
                    in_sub = True
            elif _TASK.match(line) and in_sub:
                blocks.append(("task", [i]))
            elif not in_top:
                blocks.append(("preamble", [i]))
            elif blocks and blocks[-1][0] == "task":
                blocks[-1][1].append(i)  # a continuation line of the task, e.g. its clause
            else:
                blocks.append(("para", [i]))
            i += 1

        self._interpret(blocks)
        self._tail(body_end)
        return plan

    # -- body
    def _interpret(self, blocks):
        plan = self.plan
        lines = self.L.lines
        top_no, top_title, top_cn = 0, "", ""
        sub_no, sub_title, sub_cn = 0, "", ""
        in_goals = False
        area_no = 0
        seen_tasks: set[int] = set()
        for kind, idxs in blocks:
            first = idxs[0]
            no, off, raw = lines[first]
            line = raw.strip()
            if kind == "preamble":
                if plan.preamble is None:
                    plan.preamble = self.line_span(first, "序言")
                continue
            if kind == "top":
                m = _TOP.match(line)
                top_no, top_title, top_cn = cn_to_int(m.group(1)), m.group(2).strip(), m.group(1)
                sub_no, in_goals = 0, False
                plan.sections.append(Section(str(top_no), top_cn, top_title, "",
                                             self.line_span(first, top_cn)))
                continue
            if kind == "sub":
                m = _SUB.match(line)
                sub_no, sub_cn, sub_title = cn_to_int(m.group(1)), m.group(1), m.group(2).strip()
                label = f"{top_cn}({sub_cn})"
                in_goals = "目标" in sub_title
                # a sub-heading followed by numbered tasks is an action area
                if self._followed_by_task(blocks, first):
                    area_no += 1
                    plan.areas.append(Area(area_no, sub_title.rstrip("。"),
                                           self.line_span(first, label)))
                else:
                    plan.sections.append(Section(f"{top_no}.{sub_no}", label, sub_title, "",
                                                 self.line_span(first, label)))
                continue
            if kind == "measure":
                m = _SUB.match(line)
                num = cn_to_int(m.group(1))
                rest = m.group(2)
                title, _, body = rest.partition("。")
                label = f"{top_cn}({m.group(1)})"
                plan.measures.append(Measure(num, title, body, self.line_span(first, label)))
                if "领导小组" in body:
                    self._leading_group(off + len(raw) - len(raw.lstrip()) + 3 + len(title) + 1
                                        + (len(m.group(1)) - 1), body, label)
                continue
            if kind == "para":
                label = f"{top_cn}({sub_cn})" if sub_no else top_cn
                if in_goals and (gm := _GOAL.match(line)):
                    year = int(gm.group(1))
                    start = off + (len(raw) - len(raw.lstrip()))
                    plan.goals.append(Goal(year, line, find_targets(
                        line, start, section=label, line_of=self.L.line_of, default_year=year),
                        self.line_span(first, label)))
                    if plan.programme is None and (pm := re.search(r"“([^”]*一园[^”]*)”", line)):
                        plan.programme = pm.group(1)
                if plan.sections and plan.sections[-1].label == label:
                    sec = plan.sections[-1]
                    sec.text = (sec.text + "\n" + line) if sec.text else line
                if plan.programme is None and (pm := re.search(r"“([^”]*一园[^”]*)”", line)):
                    plan.programme = pm.group(1)
                continue
            if kind == "task":
                self._task(idxs, area_no, f"{top_cn}({sub_cn})", seen_tasks)

    def _followed_by_task(self, blocks, first_idx) -> bool:
        pos = next(k for k, (_, idxs) in enumerate(blocks) if idxs[0] == first_idx)
        for kind, _ in blocks[pos + 1 :]:
            if kind == "task":
                return True
            if kind in ("sub", "top", "measure"):
                return False
        return False

    def _task(self, idxs, area_no, label, seen):
        lines = self.L.lines
        no, off, raw = lines[idxs[0]]
        lead_ws = len(raw) - len(raw.lstrip())
        start = off + lead_ws
        end_line = lines[idxs[-1]]
        end = end_line[1] + len(end_line[2].rstrip())
        text = self.hans[start:end]
        m = _TASK.match(text)
        number = int(m.group(1))
        if number in seen:
            self.fail(no, f"task {number} is numbered twice")
        seen.add(number)
        skip = len(m.group(1)) + 1
        skip += len(text[skip:]) - len(text[skip:].lstrip())  # "2. 培育": spaces after the dot
        body_off = start + skip
        body = text[skip:]
        title, dot, _ = body.partition("。")
        if not dot:
            title = re.split(r"[(,]", body)[0]
        depth = 0
        for ch in body:
            depth += (ch == "(") - (ch == ")")
            if depth < 0:
                break
        if depth > 0:
            opened = body.rfind("(")
            self.fail(self.L.line_of(body_off + opened), f"task {number}: a parenthesis is "
                      "opened and never closed: is the file truncated?")
        clauses: list[Clause] = []
        scope_start = body_off + len(title) + len(dot)
        for gs, ge in _paren_groups(body):
            inner = body[gs + 1 : ge - 1]
            if not looks_like_clause(inner):
                continue
            try:
                clause = parse_clause(inner, first_listed_leads=self.plan.first_listed_leads)
            except ValueError as exc:
                self._problem(self.L.line_of(body_off + gs),
                              f"task {number}: responsibility clause ({inner}) {exc}")
                continue
            clause.span = self.span(body_off + gs, body_off + ge, label)
            clause.scope = self.span(scope_start, body_off + gs, label)
            scope_start = body_off + ge
            clauses.append(clause)
        # clauses written without parentheses, as a last sentence or line
        if not clauses:
            tail_start = max(body.rfind("。", 0, len(body) - 1) + 1, 0)
            tail = body[tail_start:].rstrip("。")
            for ls, line_text in self._tail_lines(idxs):
                if looks_like_clause(line_text):
                    tail_start, tail = ls - body_off, line_text.rstrip("。")
                    break
            if tail and looks_like_clause(tail):
                try:
                    clause = parse_clause(tail, first_listed_leads=self.plan.first_listed_leads)
                    clause.span = self.span(body_off + tail_start,
                                            body_off + tail_start + len(tail), label)
                    clause.scope = self.span(body_off + len(title) + len(dot),
                                             body_off + tail_start, label)
                    clauses.append(clause)
                except ValueError as exc:
                    self._problem(self.L.line_of(body_off + tail_start),
                                  f"task {number}: responsibility clause ({tail}) {exc}")
        if not clauses:
            self._problem(no, f"task {number} ({title}) has no responsibility clause "
                          "such as (X牵头,Y等按职责分工负责)")
            return
        targets = find_targets(body, body_off, section=label, line_of=self.L.line_of,
                               default_year=self.plan.period[1])
        # targets inside a clause are not targets
        targets = [t for t in targets
                   if not any(c.span.start <= t.span.start < c.span.end for c in clauses)]
        self.plan.tasks.append(Task(number, title, body, area_no, clauses, targets,
                                    self.span(start, end, label)))

    def _tail_lines(self, idxs):
        for k in idxs[1:]:
            no, off, raw = self.L.lines[k]
            yield off + len(raw) - len(raw.lstrip()), raw.strip()

    def _problem(self, line: int, message: str):
        if self.lenient:
            self.plan.skipped.append(f"line {line}: {message}")
        else:
            self.fail(line, message)

    def _leading_group(self, body_off, body, label):
        m = re.search(r"(?:建立|成立|组建)([^,。]*?领导小组)", body)
        if not m:
            return
        posts = []
        for role, pattern in (
            ("FirstChairRole", r"由?([^,。由]+?)任第一组长"),
            ("ChairRole", r"([^,。、]+?)任组长"),
            ("ViceChairRole", r"([^,。、]+?)(?:担)?任副组长"),
            ("MemberRole", r"([^,。、]+?)为成员"),
        ):
            pm = re.search(pattern, body)
            if pm:
                holder = pm.group(1)
                if role == "ChairRole" and "第一组长" in holder:
                    holder = holder.split("、")[-1]
                posts.append((role, holder.lstrip("由")))
        office = re.search(r"领导小组办公室设在([^,。;]+)", body)
        centre = re.search(r"组建([^,。]*?中心),负责([^。]+)", body)
        self.plan.leading_group = LeadingGroup(
            name=m.group(1),
            posts=posts,
            office_host=office.group(1) if office else None,
            centre=centre.group(1) if centre else None,
            centre_purpose=centre.group(2) if centre else None,
            span=self.span(body_off + m.start(1), body_off + m.end(1), label),
        )

    # -- after the body: annex list, issuer, date, annex tables
    def _tail(self, body_end):
        plan, lines = self.plan, self.L.lines
        n = len(lines)
        i = body_end
        announced: list[str] = []
        while i < n:
            line = lines[i][2].strip()
            if not line:
                i += 1
                continue
            if line.startswith("附件") and not _ANNEX.match(line):
                am = _ANNEX_LIST.match(line)
                if am.group(2):
                    announced.append(am.group(2).strip())
                i += 1
                while i < n and (mm := re.match(r"^(\d+)\.(.+)$", lines[i][2].strip())):
                    announced.append(mm.group(2).strip())
                    i += 1
                continue
            if dm := _DATE.match(line):
                plan.date = (int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
                prev = i - 1
                while prev >= 0 and not lines[prev][2].strip():
                    prev -= 1
                if prev >= 0 and not lines[prev][2].strip().startswith(("附件", "2.", "1.")):
                    plan.issuer = lines[prev][2].strip()
                elif prev >= 0:
                    plan.issuer = lines[prev][2].strip()
                i += 1
                break
            i += 1
        plan.annexes = announced
        if plan.date is None:
            self.fail(lines[-1][0], "no signature date like 2022年10月20日: is the file "
                      "truncated?")
        if not plan.tasks and not plan.skipped:
            self.fail(lines[-1][0], "no numbered tasks found under 二、主要任务")
        # annexes
        annex_starts = [k for k in range(i, n) if _ANNEX.match(lines[k][2].strip())]
        if len(annex_starts) < len(announced):
            self.fail(lines[-1][0], f"{len(announced)} annexes announced but "
                      f"{len(annex_starts)} found: is the file truncated?")
        for pos, k in enumerate(annex_starts):
            stop = annex_starts[pos + 1] if pos + 1 < len(annex_starts) else n
            self._annex(k, stop)
        self._check_numbering()
        self._check_announced_platforms()

    def _check_announced_platforms(self):
        """"一园一中心十二个平台" announces how many platforms the annex must list."""
        m = re.search(r"([一二三四五六七八九十]+)个平台", self.plan.programme or "")
        if not m or not self.plan.platforms:
            return
        announced = cn_to_int(m.group(1))
        listed = len(self.plan.platforms)
        if listed != announced:
            last = self.plan.platforms[-1].span.line
            self.fail(last, f"the annex lists {listed} platforms but the text announces "
                      f"{m.group(0)} ({announced}): is the file truncated?")

    def _check_numbering(self):
        numbers = [t.number for t in self.plan.tasks]
        for a, b in zip(numbers, numbers[1:], strict=False):
            if b != a + 1 and not self.lenient:
                line = next(t.span.line for t in self.plan.tasks if t.number == b)
                self.fail(line, f"task {b} follows task {a}: a task is missing or misnumbered")

    def _annex(self, k, stop):
        lines = self.L.lines
        title_idx = k + 1
        while title_idx < stop and not lines[title_idx][2].strip():
            title_idx += 1
        if title_idx >= stop:
            self.fail(lines[k][0], "annex without a title or table: is the file truncated?")
        title = compact_cjk(lines[title_idx][2].strip())
        cells: list[tuple[int, str, int]] = []  # (line idx, text, doc offset)
        for j in range(title_idx + 1, stop):
            no, off, raw = lines[j]
            t = raw.strip()
            if t.endswith("|"):
                t = t[:-1]
            t = compact_cjk(t.strip())
            if t.count("(") != t.count(")"):
                self.fail(no, f"annex {title}: the cell {t!r} has an unclosed parenthesis: "
                          "is the file truncated?")
            if t:
                cells.append((j, t, off + len(raw) - len(raw.lstrip())))
        header_words = re.compile(r"^(类别|序号|指标名称|名称|单位|\d{4}年|牵头部门|牵头单位|责任单位|"
                                  r"所属行动|行动)$")
        header = []
        while cells and header_words.match(cells[0][1]):
            header.append(cells.pop(0)[1])
        if "序号" not in header:
            self.fail(lines[title_idx][0], f"annex {title}: no table header with 序号")
        years = [int(h[:4]) for h in header if re.match(r"^\d{4}年$", h)]
        has_category = "类别" in header
        width = len(header) - 1 - (1 if has_category else 0)  # cells after the serial
        rows = []
        expected = 1
        pos = 0
        pre: list[tuple[int, str, int]] = []
        category = None
        while pos < len(cells):
            idx, t, off = cells[pos]
            if t == str(expected):
                if len(pre) > 1:
                    self.fail(lines[pre[0][0]][0], f"annex {title}: unexpected cells "
                              f"{' | '.join(p[1] for p in pre)} before row {expected}")
                if pre:
                    category = pre[0][1]
                row = cells[pos + 1 : pos + 1 + width]
                if len(row) < width:
                    self.fail(lines[cells[-1][0]][0], f"annex {title}: row {expected} has "
                              f"{len(row)} of {width} cells: is the file truncated?")
                rows.append((expected, category, row, cells[pos]))
                pos += 1 + width
                expected += 1
                pre = []
            else:
                pre.append(cells[pos])
                pos += 1
        if pre:
            self.fail(lines[pre[0][0]][0], f"annex {title}: cells after the last row: "
                      f"{' | '.join(p[1] for p in pre)}")
        cols = [h for h in header if h not in ("类别", "序号")]
        if "指标名称" in header:
            for number, category, row, serial in rows:
                rec = dict(zip(cols, row, strict=False))
                last = row[-1]
                span = Span(self.L.line_of(serial[2]), serial[2], last[2] + len(last[1]),
                            f"附件({title})", self.hans[serial[2] : last[2] + len(last[1])])
                targets = []
                for y in years:
                    cell = rec[f"{y}年"]
                    v = cell[1]
                    if v in ("/", "-", "—", "无", ""):
                        continue
                    if not re.match(r"^\d+(?:\.\d+)?$", v):
                        self.fail(lines[cell[0]][0], f"annex {title}: indicator {number} "
                                  f"target for {y} is not a number: {v!r}")
                    targets.append(IndicatorTarget(y, str(Decimal(v)), Span(
                        lines[cell[0]][0], cell[2], cell[2] + len(v), span.section, v)))
                lead_cell = rec.get("牵头部门") or rec.get("牵头单位")
                self.plan.indicators.append(Indicator(
                    number=number, name=rec["指标名称"][1], category=category,
                    unit=rec["单位"][1] if "单位" in rec else "",
                    leads=_split_names(lead_cell[1]) if lead_cell else [],
                    targets=targets, span=span))
        elif "名称" in header:
            for number, _category, row, serial in rows:
                rec = dict(zip(cols, row, strict=False))
                last = row[-1]
                span = Span(self.L.line_of(serial[2]), serial[2], last[2] + len(last[1]),
                            f"附件({title})", self.hans[serial[2] : last[2] + len(last[1])])
                lead_cell = rec.get("牵头部门") or rec.get("牵头单位")
                leads, area_title = [], None
                if lead_cell:
                    lm = re.match(r"^(.+?)\((.+)\)$", lead_cell[1])
                    if lm:
                        leads, area_title = _split_names(lm.group(1)), lm.group(2)
                    else:
                        leads = _split_names(lead_cell[1])
                if "所属行动" in rec:
                    area_title = rec["所属行动"][1]
                self.plan.platforms.append(Platform(number, rec["名称"][1], leads, area_title,
                                                    span))
        else:
            self.fail(lines[title_idx][0], f"annex {title}: a table this tool does not know "
                      f"(header: {' | '.join(header)})")


def _split_names(text: str) -> list[str]:
    return [p.strip() for _, p in _split_top(text, "、,;") if p.strip()]
